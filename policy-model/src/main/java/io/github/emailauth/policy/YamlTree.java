package io.github.emailauth.policy;

import io.github.emailauth.policy.YNode.Entry;
import io.github.emailauth.policy.YNode.ScalarKind;
import io.github.emailauth.policy.YNode.YMap;
import io.github.emailauth.policy.YNode.YScalar;
import io.github.emailauth.policy.YNode.YSeq;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.composer.Composer;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.events.Event;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.parser.Parser;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.reader.StreamReader;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * Turns YAML text into a {@link YNode} tree without constructing a single Java object from the
 * document: SnakeYAML's compose step (events to a node graph with marks) under strict limits, then
 * a walk that keeps only plain mappings, sequences and scalars.
 *
 * <p>Why compose and not load: load would build objects (and resolve tags to types) before we could
 * look at positions; the node graph keeps every mark, and an alias stays one shared node, so a
 * "billion laughs" document never expands here. The alias limit stops it even earlier.
 */
final class YamlTree {
  /** Aliases to mappings or lists; a policy needs a few, an attack needs thousands. */
  static final int MAX_COLLECTION_ALIASES = 50;

  /** Code points of one document (about 3 MB): far above any real policy. */
  static final int MAX_CODE_POINTS = 3 * 1024 * 1024;

  /** Nesting of mappings and lists; the format itself is at most seven deep. */
  static final int MAX_NESTING = 40;

  private final String file;
  private final Problems problems;
  private final Map<Node, YNode> converted = new IdentityHashMap<>();
  private final Set<Node> inProgress = Collections.newSetFromMap(new IdentityHashMap<>());

  private YamlTree(String file, Problems problems) {
    this.file = file;
    this.problems = problems;
  }

  static LoaderOptions loaderOptions() {
    LoaderOptions options = new LoaderOptions();
    options.setMaxAliasesForCollections(MAX_COLLECTION_ALIASES);
    options.setCodePointLimit(MAX_CODE_POINTS);
    options.setNestingDepthLimit(MAX_NESTING);
    options.setAllowRecursiveKeys(false);
    // We report duplicates ourselves, with both positions; compose does not check them anyway.
    options.setAllowDuplicateKeys(true);
    options.setProcessComments(false);
    // Merge keys are applied below, where explicit keys can win and keep their positions.
    options.setMergeOnCompose(false);
    // The default inspector already refuses every global tag (!!java/..., !!python/...).
    options.setTagInspector(tag -> false);
    return options;
  }

  /**
   * Parses {@code yaml}. Returns the root, or null when the text is not usable YAML (the reason is
   * in {@code problems}).
   */
  static YNode parse(String yaml, String file, Problems problems) {
    LoaderOptions options = loaderOptions();
    MarkingParser parser = new MarkingParser(new ParserImpl(new StreamReader(yaml), options));
    Node root;
    try {
      Composer composer = new Composer(parser, new Resolver(), options);
      root = composer.getSingleNode();
    } catch (MarkedYAMLException e) {
      Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
      String what = e.getProblem() != null ? e.getProblem() : e.getMessage();
      if (e.getContext() != null && e.getProblem() != null) {
        what = e.getContext() + ": " + e.getProblem();
      }
      problems.add(position(file, mark), "not valid YAML: " + oneLine(what), null);
      return null;
    } catch (YAMLException e) {
      // The limits (aliases, size, nesting) throw without a mark: point at the last event read.
      problems.add(position(file, parser.lastMark), refusal(e), null);
      return null;
    } catch (StackOverflowError e) {
      problems.add(SourcePosition.unknown(file), "the YAML is nested too deeply to read", null);
      return null;
    }
    if (root == null) {
      problems.add(
          new SourcePosition(file, 1, 1), "the policy file is empty", "start with `version: 1`");
      return null;
    }
    return new YamlTree(file, problems).convert(root);
  }

  private static String refusal(YAMLException e) {
    String message = String.valueOf(e.getMessage());
    if (message.contains("aliases")) {
      return "refused: more than "
          + MAX_COLLECTION_ALIASES
          + " aliases to mappings or lists (this is how a \"billion laughs\" document blows up)";
    }
    if (message.contains("code points")) {
      return "refused: the document is larger than " + MAX_CODE_POINTS + " characters";
    }
    if (message.contains("Nesting Depth")) {
      return "refused: mappings and lists nested more than " + MAX_NESTING + " deep";
    }
    return "not valid YAML: " + oneLine(message);
  }

  private static String oneLine(String text) {
    return text.replaceAll("\\s+", " ").trim();
  }

  static SourcePosition position(String file, Mark mark) {
    return mark == null
        ? SourcePosition.unknown(file)
        : new SourcePosition(file, mark.getLine() + 1, mark.getColumn() + 1);
  }

  private SourcePosition position(Node node) {
    return position(file, node.getStartMark());
  }

  private YNode convert(Node node) {
    YNode done = converted.get(node);
    if (done != null) {
      return done;
    }
    if (!inProgress.add(node)) {
      // An alias inside the node it refers to: a cycle, which no policy needs.
      problems.add(position(node), "a YAML alias refers to a node that contains it", null);
      return new YScalar("", ScalarKind.NULL, position(node));
    }
    YNode result;
    if (node instanceof ScalarNode scalar) {
      result = scalar(scalar);
    } else if (node instanceof SequenceNode seq) {
      result = sequence(seq);
    } else {
      result = mapping((MappingNode) node);
    }
    inProgress.remove(node);
    converted.put(node, result);
    return result;
  }

  private YNode scalar(ScalarNode node) {
    Tag tag = node.getTag();
    ScalarKind kind;
    if (Tag.STR.equals(tag)) {
      kind = ScalarKind.STRING;
    } else if (Tag.INT.equals(tag)) {
      kind = ScalarKind.INT;
    } else if (Tag.FLOAT.equals(tag)) {
      kind = ScalarKind.FLOAT;
    } else if (Tag.BOOL.equals(tag)) {
      kind = ScalarKind.BOOL;
    } else if (Tag.NULL.equals(tag)) {
      kind = ScalarKind.NULL;
    } else if (Tag.TIMESTAMP.equals(tag)) {
      kind = ScalarKind.TIMESTAMP;
    } else {
      badTag(node);
      kind = ScalarKind.STRING;
    }
    return new YScalar(node.getValue(), kind, position(node));
  }

  private YNode sequence(SequenceNode node) {
    if (!Tag.SEQ.equals(node.getTag())) {
      badTag(node);
    }
    List<YNode> items = new ArrayList<>(node.getValue().size());
    for (Node item : node.getValue()) {
      items.add(convert(item));
    }
    return new YSeq(items, position(node));
  }

  private YNode mapping(MappingNode node) {
    if (!Tag.MAP.equals(node.getTag())) {
      badTag(node);
    }
    Map<String, Entry> entries = new LinkedHashMap<>();
    List<YMap> merged = new ArrayList<>();
    for (NodeTuple tuple : node.getValue()) {
      Node keyNode = tuple.getKeyNode();
      if (Tag.MERGE.equals(keyNode.getTag())) {
        merged.addAll(mergeSources(tuple.getValueNode()));
        continue;
      }
      SourcePosition keyPosition = position(keyNode);
      if (!(keyNode instanceof ScalarNode scalarKey) || Tag.NULL.equals(keyNode.getTag())) {
        problems.add(keyPosition, "a key must be a plain word, not " + kindOf(keyNode), null);
        continue;
      }
      if (!isPlainTag(keyNode.getTag())) {
        badTag(keyNode);
      }
      String key = scalarKey.getValue();
      Entry first = entries.get(key);
      if (first != null) {
        problems.add(
            keyPosition,
            "duplicate key `" + key + "`",
            "it is already set at line " + first.keyPosition().line() + "; keep one");
        continue;
      }
      entries.put(key, new Entry(key, keyPosition, convert(tuple.getValueNode())));
    }
    // YAML merge keys: keys written in this mapping win, then the merged mappings in order.
    for (YMap source : merged) {
      for (Entry entry : source.entries().values()) {
        entries.putIfAbsent(entry.key(), entry);
      }
    }
    return new YMap(entries, position(node));
  }

  private List<YMap> mergeSources(Node value) {
    List<YMap> sources = new ArrayList<>();
    List<Node> nodes = value instanceof SequenceNode seq ? seq.getValue() : List.of(value);
    for (Node n : nodes) {
      YNode converted = convert(n);
      if (converted instanceof YMap map) {
        sources.add(map);
      } else {
        problems.add(
            position(n),
            "a merge key `<<` takes a mapping or a list of mappings, not "
                + YNode.describe(converted),
            null);
      }
    }
    return sources;
  }

  private static boolean isPlainTag(Tag tag) {
    return Tag.STR.equals(tag)
        || Tag.INT.equals(tag)
        || Tag.FLOAT.equals(tag)
        || Tag.BOOL.equals(tag)
        || Tag.TIMESTAMP.equals(tag);
  }

  private static String kindOf(Node node) {
    if (node instanceof MappingNode) {
      return "a mapping";
    }
    if (node instanceof SequenceNode) {
      return "a list";
    }
    return "empty";
  }

  private void badTag(Node node) {
    problems.add(
        position(node),
        "YAML tag `" + node.getTag().getValue() + "` is not allowed",
        "a policy holds only mappings, lists, strings, numbers, booleans and dates; remove the"
            + " tag");
  }

  /** Remembers where the parser was, so that the limits, which carry no mark, get a line. */
  private static final class MarkingParser implements Parser {
    private final Parser delegate;
    Mark lastMark;

    MarkingParser(Parser delegate) {
      this.delegate = delegate;
    }

    @Override
    public boolean checkEvent(Event.ID choice) {
      return delegate.checkEvent(choice);
    }

    @Override
    public Event peekEvent() {
      return delegate.peekEvent();
    }

    @Override
    public Event getEvent() {
      Event event = delegate.getEvent();
      if (event != null) {
        lastMark = event.getStartMark();
      }
      return event;
    }
  }
}
