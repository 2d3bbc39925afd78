package io.github.emailauth.checks.engine;

import io.github.emailauth.policy.CheckOverride;
import io.github.emailauth.policy.DomainPolicy;
import io.github.emailauth.policy.Policy;
import io.github.emailauth.policy.Profile;
import io.github.emailauth.policy.SourcePosition;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Policies built in code for engine and writer tests, which are about running modules and rendering
 * findings, not about YAML.
 */
public final class TestPolicies {
  public static final String FILE = "emailauth.yaml";

  private TestPolicies() {}

  /** A policy declaring {@code domains} in this order, domain i declared on line i + 3. */
  public static Policy of(List<String> domains, Map<String, CheckOverride> checks) {
    Map<String, DomainPolicy> byName = new LinkedHashMap<>();
    int line = 3;
    for (String name : domains) {
      byName.put(name, domain(name, new SourcePosition(FILE, line++, 3)));
    }
    return new Policy(Path.of(FILE), 1, byName, Map.of(), checks);
  }

  public static Policy of(String... domains) {
    return of(List.of(domains), Map.of());
  }

  public static DomainPolicy domain(String name, SourcePosition position) {
    return new DomainPolicy(
        name, position, Profile.STANDARD, List.of(), null, null, Map.of(), null, null, null, null);
  }

  /** {@code checks: { id: severity }} declared at {@code line}:3. */
  public static Map<String, CheckOverride> overrides(Object... idSeverityLine) {
    Map<String, CheckOverride> out = new LinkedHashMap<>();
    for (int i = 0; i < idSeverityLine.length; i += 3) {
      String id = (String) idSeverityLine[i];
      out.put(
          id,
          new CheckOverride(
              id,
              (io.github.emailauth.policy.Severity) idSeverityLine[i + 1],
              new SourcePosition(FILE, (Integer) idSeverityLine[i + 2], 3)));
    }
    return out;
  }
}
