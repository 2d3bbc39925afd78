package io.github.emailauth.checks.dmarc;

import io.github.emailauth.checks.dns.DnsClient;
import io.github.emailauth.checks.engine.DomainContext;
import io.github.emailauth.checks.engine.Finding;
import io.github.emailauth.checks.engine.RunOptions;
import io.github.emailauth.policy.DmarcMode;
import io.github.emailauth.policy.DmarcPolicy;
import io.github.emailauth.policy.DomainPolicy;
import io.github.emailauth.policy.KeyPositions;
import io.github.emailauth.policy.Policy;
import io.github.emailauth.policy.Profile;
import io.github.emailauth.policy.SourcePosition;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Builds declarations and contexts directly (the YAML loader lives in policy-model). */
final class Contexts {
  static final String FILE = "emailauth.yaml";
  static final SourcePosition SECTION = new SourcePosition(FILE, 10, 5);
  static final SourcePosition POLICY = new SourcePosition(FILE, 11, 7);
  static final SourcePosition SUBDOMAIN = new SourcePosition(FILE, 12, 7);
  static final SourcePosition RUA = new SourcePosition(FILE, 13, 7);
  static final SourcePosition CNAME = new SourcePosition(FILE, 14, 7);
  static final KeyPositions POSITIONS =
      new KeyPositions(
          SECTION,
          Map.of("policy", POLICY, "subdomainPolicy", SUBDOMAIN, "rua", RUA, "cname", CNAME));

  private Contexts() {}

  static DmarcPolicy dmarc(DmarcMode p, DmarcMode sp, List<String> rua, String cname) {
    return new DmarcPolicy(p, sp, null, null, null, rua, null, null, null, null, cname, POSITIONS);
  }

  static DmarcPolicy reject(String... rua) {
    return dmarc(DmarcMode.REJECT, null, List.of(rua), null);
  }

  static DomainContext context(String domain, DmarcPolicy dmarc, DnsClient dns) {
    DomainPolicy d =
        new DomainPolicy(
            domain,
            SECTION,
            Profile.STANDARD,
            List.of(),
            null,
            null,
            Map.of(),
            dmarc,
            null,
            null,
            null);
    Policy policy = new Policy(Path.of(FILE), 1, Map.of(domain, d), Map.of(), Map.of());
    return new DomainContext(policy, d, dns, RunOptions.defaults(), Clock.systemUTC());
  }

  static String ids(List<Finding> findings) {
    return findings.stream().map(Finding::checkId).collect(Collectors.joining(" "));
  }
}
