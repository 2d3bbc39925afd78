package io.github.emailauth.policy;

import io.github.emailauth.policy.YNode.ScalarKind;
import io.github.emailauth.policy.YNode.YMap;
import io.github.emailauth.policy.YNode.YScalar;
import io.github.emailauth.policy.YNode.YSeq;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Typed reads of YAML values. Each returns null after reporting a problem, so a reader goes on and
 * finds the next problem instead of stopping at the first.
 */
final class Values {
  private static final Pattern WHOLE_NUMBER = Pattern.compile("[-+]?[0-9][0-9_]{0,18}");

  final Problems problems;

  Values(Problems problems) {
    this.problems = problems;
  }

  /**
   * A single value as text. YAML 1.1 reads {@code off} as a boolean and {@code 1} as a number; the
   * text is what counts.
   */
  String text(YNode node, String key) {
    problems.spend(1);
    if (node instanceof YScalar s && !s.isNull()) {
      return s.text();
    }
    problems.add(
        node.position(),
        "`" + key + "` must be a single value, not " + YNode.describe(node),
        node instanceof YScalar ? "give it a value or remove the key" : null);
    return null;
  }

  /** A non-empty single value without surrounding spaces. */
  String word(YNode node, String key) {
    String text = text(node, key);
    if (text == null) {
      return null;
    }
    if (text.isBlank()) {
      problems.add(node.position(), "`" + key + "` is empty", "give it a value or remove the key");
      return null;
    }
    return text;
  }

  Boolean bool(YNode node, String key) {
    problems.spend(1);
    if (node instanceof YScalar s && s.kind() == ScalarKind.BOOL) {
      String t = s.text().toLowerCase(Locale.ROOT);
      return t.equals("true") || t.equals("yes") || t.equals("on") || t.equals("y");
    }
    problems.add(
        node.position(),
        "`" + key + "` must be true or false, not " + shown(node),
        node instanceof YScalar s && s.kind() == ScalarKind.STRING
            ? "write it without quotes"
            : null);
    return null;
  }

  Long number(YNode node, String key, long min, long max) {
    problems.spend(1);
    if (!(node instanceof YScalar s)
        || s.kind() != ScalarKind.INT
        || !WHOLE_NUMBER.matcher(s.text()).matches()) {
      problems.add(
          node.position(), "`" + key + "` must be a whole number, not " + shown(node), null);
      return null;
    }
    long value = Long.parseLong(s.text().replace("_", "").replace("+", ""));
    if (value < min || value > max) {
      problems.add(
          node.position(),
          "`" + key + "` must be between " + min + " and " + max + ", not " + value,
          null);
      return null;
    }
    return value;
  }

  LocalDate date(YNode node, String key) {
    String text = text(node, key);
    if (text == null) {
      return null;
    }
    try {
      return LocalDate.parse(text.trim());
    } catch (DateTimeException e) {
      problems.add(
          node.position(),
          "`" + key + "` must be a date like 2026-06-30, not `" + text + "`",
          null);
      return null;
    }
  }

  List<YNode> list(YNode node, String key) {
    problems.spend(1);
    if (node instanceof YSeq seq) {
      return seq.items();
    }
    problems.add(
        node.position(),
        "`" + key + "` must be a list, not " + YNode.describe(node),
        node instanceof YScalar s && !s.isNull()
            ? "write `" + key + ": [" + s.text() + "]`"
            : null);
    return null;
  }

  YMap map(YNode node, String key) {
    problems.spend(1);
    if (node instanceof YMap map) {
      return map;
    }
    problems.add(
        node.position(),
        "`" + key + "` must be a mapping (`key: value` lines), not " + YNode.describe(node),
        null);
    return null;
  }

  /** One word from a closed set, case-insensitive; a miss gets "did you mean" and the choices. */
  <E> E choice(YNode node, String key, String what, Map<String, E> words) {
    String text = text(node, key);
    if (text == null) {
      return null;
    }
    E value = words.get(text.trim().toLowerCase(Locale.ROOT));
    if (value == null) {
      problems.add(
          node.position(),
          "unknown " + what + " `" + text + "`",
          Suggest.oneOf(text, words.keySet()));
    }
    return value;
  }

  /** A value in messages: `text` for a scalar, "a list" or "a mapping" otherwise. */
  static String shown(YNode node) {
    if (node instanceof YScalar s && !s.isNull()) {
      return "`" + s.text() + "`";
    }
    return YNode.describe(node);
  }

  /** Applies {@code item} to each entry of a list, keeping the ones that were valid. */
  <T> List<T> each(YNode node, String key, Function<YNode, T> item) {
    List<YNode> items = list(node, key);
    if (items == null) {
      return null;
    }
    List<T> out = new ArrayList<>(items.size());
    for (YNode n : items) {
      T value = item.apply(n);
      if (value != null) {
        out.add(value);
      }
    }
    return out;
  }
}
