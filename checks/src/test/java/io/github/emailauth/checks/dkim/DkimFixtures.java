package io.github.emailauth.checks.dkim;

import io.github.emailauth.checks.dns.DnsClient;
import io.github.emailauth.checks.engine.DomainContext;
import io.github.emailauth.checks.engine.Finding;
import io.github.emailauth.checks.engine.RunOptions;
import io.github.emailauth.policy.CheckOverride;
import io.github.emailauth.policy.DkimSelector;
import io.github.emailauth.policy.DomainPolicy;
import io.github.emailauth.policy.KeyPositions;
import io.github.emailauth.policy.Policy;
import io.github.emailauth.policy.Profile;
import io.github.emailauth.policy.Sender;
import io.github.emailauth.policy.SourcePosition;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Policies built directly (the YAML loader lives elsewhere) and helpers for findings. */
final class DkimFixtures {
  static final String FILE = "emailauth.yaml";
  static final LocalDate TODAY = LocalDate.of(2026, 6, 1);
  static final Clock CLOCK = Clock.fixed(Instant.parse("2026-06-01T12:00:00Z"), ZoneOffset.UTC);

  private DkimFixtures() {}

  /** A selector declaration; {@code line} marks its position so findings can be traced to it. */
  static Sel sel(String selector, int line) {
    return new Sel(selector, line);
  }

  /** A mutable builder for {@link DkimSelector}, which has many nullable parts. */
  static final class Sel {
    final String selector;
    final int line;
    String publicKey;
    Path publicKeyPath;
    Integer minBits;
    boolean revoked;
    LocalDate retireAfter;
    boolean testing;
    String cname;

    Sel(String selector, int line) {
      this.selector = selector;
      this.line = line;
    }

    Sel key(Path path) {
      this.publicKey = "keys/" + path.getFileName();
      this.publicKeyPath = path;
      return this;
    }

    Sel minBits(int bits) {
      this.minBits = bits;
      return this;
    }

    Sel revoked() {
      this.revoked = true;
      return this;
    }

    Sel retireAfter(LocalDate date) {
      this.retireAfter = date;
      return this;
    }

    Sel testing() {
      this.testing = true;
      return this;
    }

    Sel cname(String target) {
      this.cname = target;
      return this;
    }

    DkimSelector build() {
      Map<String, SourcePosition> keys = new LinkedHashMap<>();
      keys.put("selector", new SourcePosition(FILE, line, 7));
      keys.put("publicKey", new SourcePosition(FILE, line + 1, 9));
      keys.put("revoked", new SourcePosition(FILE, line + 2, 9));
      keys.put("retireAfter", new SourcePosition(FILE, line + 3, 9));
      keys.put("testing", new SourcePosition(FILE, line + 4, 9));
      keys.put("cname", new SourcePosition(FILE, line + 5, 9));
      return new DkimSelector(
          selector,
          publicKey,
          publicKeyPath,
          minBits,
          revoked,
          retireAfter,
          testing,
          cname,
          new KeyPositions(new SourcePosition(FILE, line, 7), keys));
    }
  }

  static DomainPolicy domain(String name, Profile profile, List<String> senders, Sel... selectors) {
    Map<String, DkimSelector> dkim = new LinkedHashMap<>();
    for (Sel s : selectors) {
      dkim.put(s.selector, s.build());
    }
    return new DomainPolicy(
        name,
        new SourcePosition(FILE, 3, 3),
        profile,
        senders,
        null,
        null,
        dkim,
        null,
        null,
        null,
        null);
  }

  static DomainPolicy domain(String name, Sel... selectors) {
    return domain(name, Profile.STANDARD, List.of(), selectors);
  }

  static Policy policy(DomainPolicy d, List<Sender> senders, List<CheckOverride> overrides) {
    Map<String, Sender> s = new LinkedHashMap<>();
    senders.forEach(x -> s.put(x.name(), x));
    Map<String, CheckOverride> o = new LinkedHashMap<>();
    overrides.forEach(x -> o.put(x.checkId(), x));
    return new Policy(Path.of(FILE), 1, Map.of(d.name(), d), s, o);
  }

  static DomainContext ctx(DomainPolicy d, DnsClient dns) {
    return ctx(policy(d, List.of(), List.of()), d, dns);
  }

  static DomainContext ctx(Policy p, DomainPolicy d, DnsClient dns) {
    return new DomainContext(p, d, dns, RunOptions.defaults(), CLOCK);
  }

  /** A master-file TXT line with {@code text} cut into 255-byte strings, as a zone writer does. */
  static String txt(String name, String text) {
    StringBuilder line = new StringBuilder(name).append(" 300 IN TXT");
    for (String s : split255(text)) {
      line.append(" \"").append(s.replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
    }
    return line.toString();
  }

  static List<String> split255(String text) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < text.length(); i += 255) {
      out.add(text.substring(i, Math.min(text.length(), i + 255)));
    }
    if (out.isEmpty()) {
      out.add("");
    }
    return out;
  }

  static List<String> ids(List<Finding> findings) {
    return findings.stream().map(Finding::checkId).sorted().collect(Collectors.toList());
  }

  static List<Finding> only(List<Finding> findings, DkimCheck check) {
    return findings.stream().filter(f -> f.checkId().equals(check.id())).toList();
  }

  static Finding one(List<Finding> findings, DkimCheck check) {
    List<Finding> matching = only(findings, check);
    if (matching.size() != 1) {
      throw new AssertionError(
          "expected one "
              + check.id()
              + " in "
              + describe(findings)
              + ", found "
              + matching.size());
    }
    return matching.get(0);
  }

  static String describe(List<Finding> findings) {
    return findings.stream()
        .map(f -> f.checkId() + ": " + f.message())
        .collect(Collectors.joining("\n  ", "[\n  ", "\n]"));
  }
}
