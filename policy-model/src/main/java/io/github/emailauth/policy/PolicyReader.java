package io.github.emailauth.policy;

import io.github.emailauth.policy.YNode.Entry;
import io.github.emailauth.policy.YNode.YMap;
import io.github.emailauth.policy.YNode.YScalar;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** Reads the top level of a policy: version, senders, defaults, domains, checks. */
final class PolicyReader {
  static final int VERSION = 1;

  static final Pattern CHECK_ID = Pattern.compile("[A-Z0-9]+(-[A-Z0-9]+)+");
  static final Pattern SENDER_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

  static final Map<String, Severity> SEVERITIES = severities();

  private static Map<String, Severity> severities() {
    // Ordered, so that "one of error, warning, notice, off" reads the same every time.
    Map<String, Severity> map = new LinkedHashMap<>();
    for (Severity s : Severity.values()) {
      map.put(s.label(), s);
    }
    return map;
  }

  private final Problems problems;
  private final Values values;
  private final Path file;
  private final Path baseDir;

  PolicyReader(Problems problems, Path file, Path baseDir) {
    this.problems = problems;
    this.values = new Values(problems);
    this.file = file;
    this.baseDir = baseDir;
  }

  /** The policy, or null when problems were reported. */
  Policy read(YNode root) {
    if (!(root instanceof YMap map)) {
      problems.add(
          root.position(),
          "the policy must be a mapping with `version`, `domains` and the other top-level keys, not"
              + " "
              + YNode.describe(root),
          "start with `version: 1`");
      return null;
    }
    Section top = new Section(map, PolicyShape.ROOT, "at the top level", map.position(), problems);
    Integer version = version(top, map);
    Map<String, Sender> senders = senders(top.get("senders"));
    Map<String, CheckOverride> checks = checks(top.get("checks"));
    DomainReader domains = new DomainReader(values, baseDir, senders);
    YMap defaults = null;
    Entry defaultsEntry = top.entry("defaults");
    if (defaultsEntry != null) {
      defaults = values.map(defaultsEntry.value(), "defaults");
      if (defaults != null) {
        domains.checkDefaults(defaults, defaultsEntry.keyPosition());
      }
    }
    Map<String, DomainPolicy> declared = domains(top, domains, defaults);
    top.finish();
    if (!problems.isEmpty() || version == null || declared == null) {
      return null;
    }
    return new Policy(file, version, declared, senders, checks);
  }

  private Integer version(Section top, YMap map) {
    YNode node = top.get("version");
    if (node == null) {
      problems.add(map.position(), "missing `version`", "add `version: 1` as the first line");
      return null;
    }
    Long v = values.number(node, "version", Integer.MIN_VALUE, Integer.MAX_VALUE);
    if (v == null) {
      return null;
    }
    if (v != VERSION) {
      problems.add(
          node.position(),
          "unsupported policy format version " + v,
          "this emailauth reads `version: " + VERSION + "`");
      return null;
    }
    return VERSION;
  }

  private Map<String, Sender> senders(YNode node) {
    Map<String, Sender> out = new LinkedHashMap<>();
    if (node == null) {
      return out;
    }
    YMap map = values.map(node, "senders");
    if (map == null) {
      return out;
    }
    DomainReader terms = new DomainReader(values, baseDir, Map.of());
    for (Entry e : map.entries().values()) {
      if (!SENDER_NAME.matcher(e.key()).matches()) {
        problems.add(
            e.keyPosition(),
            "sender name `" + e.key() + "` is not valid",
            "use letters, digits, `.`, `_` and `-`, as in `google-workspace`");
        continue;
      }
      YMap body = values.map(e.value(), "senders." + e.key());
      if (body == null) {
        continue;
      }
      Section s = new Section(body, PolicyShape.SENDER, "for a sender", e.keyPosition(), problems);
      List<String> spf = List.of();
      YNode n;
      if ((n = s.get("spf")) != null) {
        spf = values.each(n, "spf", terms::spfTerm);
      }
      Set<String> selectors = new LinkedHashSet<>();
      if ((n = s.get("dkimSelectors")) != null) {
        List<YNode> items = values.list(n, "dkimSelectors");
        for (YNode item : items == null ? List.<YNode>of() : items) {
          String text = values.word(item, "dkimSelectors");
          String selector =
              text == null ? null : terms.selectorName(text, item.position(), "DKIM selector");
          if (selector != null) {
            selectors.add(selector);
          }
        }
      }
      s.finish();
      if (spf != null) {
        out.put(e.key(), new Sender(e.key(), spf, List.copyOf(selectors), e.keyPosition()));
      }
    }
    return out;
  }

  private Map<String, CheckOverride> checks(YNode node) {
    Map<String, CheckOverride> out = new LinkedHashMap<>();
    if (node == null) {
      return out;
    }
    YMap map = values.map(node, "checks");
    if (map == null) {
      return out;
    }
    for (Entry e : map.entries().values()) {
      if (!CHECK_ID.matcher(e.key()).matches()) {
        String upper = e.key().toUpperCase(Locale.ROOT);
        problems.add(
            e.keyPosition(),
            "`" + e.key() + "` is not a check id",
            CHECK_ID.matcher(upper).matches()
                ? "check ids are upper case: did you mean `" + upper + "`?"
                : "check ids look like `DMARC-NO-RUA`; see docs/checks.md");
        continue;
      }
      // YAML 1.1 reads `off` as the boolean false, and so do editors' YAML libraries: any
      // spelling of false means off. `true` has no meaning here and is refused below.
      Severity severity =
          e.value() instanceof YScalar s
                  && s.kind() == YNode.ScalarKind.BOOL
                  && !Boolean.TRUE.equals(values.bool(s, e.key()))
              ? Severity.OFF
              : values.choice(e.value(), e.key(), "severity", SEVERITIES);
      if (severity != null) {
        out.put(e.key(), new CheckOverride(e.key(), severity, e.keyPosition()));
      }
    }
    return out;
  }

  private Map<String, DomainPolicy> domains(Section top, DomainReader reader, YMap defaults) {
    Entry entry = top.entry("domains");
    if (entry == null) {
      problems.add(
          top.position(), "missing `domains`", "add `domains:` with at least one domain under it");
      return null;
    }
    YMap map = values.map(entry.value(), "domains");
    if (map == null) {
      return null;
    }
    Map<String, DomainPolicy> out = new LinkedHashMap<>();
    Map<String, SourcePosition> seen = new LinkedHashMap<>();
    for (Entry e : map.entries().values()) {
      String name = reader.hostName(e.key(), e.keyPosition(), "domain");
      if (name == null) {
        continue;
      }
      SourcePosition first = seen.putIfAbsent(name, e.keyPosition());
      if (first != null) {
        problems.add(
            e.keyPosition(),
            "`" + e.key() + "` is the same domain as the one at line " + first.line(),
            "keep one");
        continue;
      }
      YMap own = null;
      if (!(e.value() instanceof YScalar s && s.isNull())) {
        own = values.map(e.value(), name);
        if (own == null) {
          continue;
        }
      }
      DomainPolicy domain = reader.read(name, e.keyPosition(), own, defaults);
      if (domain != null) {
        out.put(name, domain);
      }
    }
    return out;
  }
}
