package io.github.emailauth.policy;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The keys of the policy format, as data: which keys are valid where. The loader takes its "unknown
 * key, did you mean" candidates from here and refuses to read a key that is not listed, and the
 * schema agreement test compares {@link #keyPaths()} with docs/emailauth.schema.json, so the
 * loader, the schema and this table cannot drift apart silently.
 */
final class PolicyShape {
  private PolicyShape() {}

  /** The shape of a YAML value. */
  sealed interface Shape permits Fields, MapOf, ListOf, Leaf, AnyOf {}

  /** A mapping with a fixed set of keys. */
  record Fields(Map<String, Shape> fields) implements Shape {
    Fields {
      fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }

    Set<String> keys() {
      return fields.keySet();
    }
  }

  /** A mapping from names the user chooses (domains, selectors, check ids) to values. */
  record MapOf(Shape value) implements Shape {}

  record ListOf(Shape item) implements Shape {}

  /** A single value: string, number, boolean or date. */
  record Leaf() implements Shape {}

  /** One of several shapes, e.g. an MX entry is a string or a mapping. */
  record AnyOf(List<Shape> options) implements Shape {
    AnyOf {
      options = List.copyOf(options);
    }
  }

  private static final Leaf LEAF = new Leaf();
  private static final ListOf LEAVES = new ListOf(LEAF);

  static final Fields MX_HOST = fields("preference", LEAF, "host", LEAF);

  static final Fields SPF =
      fields(
          "mechanisms", LEAVES,
          "all", LEAF,
          "allowPassAll", LEAF,
          "redirect", LEAF,
          "flatten", LEAF,
          "authorize", LEAVES,
          "deny", LEAVES);

  static final Fields DKIM_SELECTOR =
      fields(
          "publicKey", LEAF,
          "minBits", LEAF,
          "revoked", LEAF,
          "retireAfter", LEAF,
          "testing", LEAF,
          "cname", LEAF);

  static final Fields ALIGNMENT = fields("spf", LEAF, "dkim", LEAF);

  static final Fields DMARC =
      fields(
          "policy", LEAF,
          "subdomainPolicy", LEAF,
          "nonExistentPolicy", LEAF,
          "alignment", ALIGNMENT,
          "rua", LEAVES,
          "ruf", LEAVES,
          "failureOptions", LEAF,
          "testing", LEAF,
          "psd", LEAF,
          "cname", LEAF);

  static final Fields MTA_STS = fields("mode", LEAF, "mx", LEAVES, "maxAge", LEAF, "id", LEAF);

  static final Fields TLS_RPT = fields("rua", LEAVES);

  static final Fields BIMI =
      fields(
          "selector", LEAF,
          "logo", LEAF,
          "logoFile", LEAF,
          "authority", LEAF,
          "authorityFile", LEAF);

  static final Fields DOMAIN =
      fields(
          "profile", LEAF,
          "senders", LEAVES,
          "mx", new ListOf(new AnyOf(List.of(LEAF, MX_HOST))),
          "spf", SPF,
          "dkim", new MapOf(DKIM_SELECTOR),
          "dmarc", DMARC,
          "mtaSts", MTA_STS,
          "tlsRpt", TLS_RPT,
          "bimi", BIMI);

  static final Fields SENDER = fields("spf", LEAVES, "dkimSelectors", LEAVES);

  static final Fields ROOT =
      fields(
          "version", LEAF,
          "defaults", DOMAIN,
          "senders", new MapOf(SENDER),
          "domains", new MapOf(DOMAIN),
          "checks", new MapOf(LEAF));

  /**
   * Every key path the format accepts: {@code domains.*.dmarc.alignment.spf}, {@code
   * domains.*.mx[].host}. {@code *} stands for a name the user chooses, {@code []} for a list item.
   */
  static Set<String> keyPaths() {
    Set<String> paths = new TreeSet<>();
    collect(ROOT, "", paths);
    return paths;
  }

  private static void collect(Shape shape, String prefix, Set<String> paths) {
    if (shape instanceof Fields f) {
      for (Map.Entry<String, Shape> e : f.fields().entrySet()) {
        String path = prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey();
        paths.add(path);
        collect(e.getValue(), path, paths);
      }
    } else if (shape instanceof MapOf m) {
      collect(m.value(), prefix + ".*", paths);
    } else if (shape instanceof ListOf l) {
      collect(l.item(), prefix + "[]", paths);
    } else if (shape instanceof AnyOf a) {
      for (Shape option : a.options()) {
        collect(option, prefix, paths);
      }
    }
  }

  private static Fields fields(Object... keysAndShapes) {
    Map<String, Shape> map = new LinkedHashMap<>();
    for (int i = 0; i < keysAndShapes.length; i += 2) {
      map.put((String) keysAndShapes[i], (Shape) keysAndShapes[i + 1]);
    }
    return new Fields(map);
  }
}
