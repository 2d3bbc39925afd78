package io.github.emailauth.policy;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The YAML document after safe composition: only mappings with string keys, sequences and scalars,
 * each with its source position. Aliases are already resolved and merge keys ({@code <<}) applied,
 * so readers never see YAML machinery.
 */
sealed interface YNode permits YNode.YMap, YNode.YSeq, YNode.YScalar {

  SourcePosition position();

  /**
   * What the YAML resolver made of a scalar; readers use the text and look at the kind only to tell
   * types apart.
   */
  enum ScalarKind {
    STRING,
    INT,
    FLOAT,
    BOOL,
    NULL,
    TIMESTAMP
  }

  /** One key of a mapping: its text, where the key was written, and the value. */
  record Entry(String key, SourcePosition keyPosition, YNode value) {}

  /** A mapping, keys unique, in document order. */
  record YMap(Map<String, Entry> entries, SourcePosition position) implements YNode {
    public YMap {
      entries = Collections.unmodifiableMap(new LinkedHashMap<>(entries));
    }

    Entry entry(String key) {
      return entries.get(key);
    }
  }

  record YSeq(List<YNode> items, SourcePosition position) implements YNode {
    public YSeq {
      items = List.copyOf(items);
    }
  }

  /** A scalar; {@code text} is the value exactly as written (without quotes). */
  record YScalar(String text, ScalarKind kind, SourcePosition position) implements YNode {
    boolean isNull() {
      return kind == ScalarKind.NULL;
    }
  }

  /** How a value reads in a message: "`maxAge` must be a number, not a list". */
  static String describe(YNode node) {
    if (node instanceof YMap) {
      return "a mapping";
    }
    if (node instanceof YSeq) {
      return "a list";
    }
    return switch (((YScalar) node).kind()) {
      case NULL -> "empty";
      case BOOL -> "a boolean";
      case INT, FLOAT -> "a number";
      case TIMESTAMP -> "a date";
      case STRING -> "a string";
    };
  }
}
