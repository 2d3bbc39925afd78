package io.github.emailauth.checks.bench;

import io.github.emailauth.checks.dmarc.DmarcModule;
import io.github.emailauth.checks.dns.DnsOptions;
import io.github.emailauth.checks.dns.ResolverDnsClient;
import io.github.emailauth.checks.engine.Engine;
import io.github.emailauth.checks.engine.Report;
import io.github.emailauth.checks.engine.RunOptions;
import io.github.emailauth.checks.mx.MxModule;
import io.github.emailauth.checks.testing.TestDnsServer;
import io.github.emailauth.policy.DmarcMode;
import io.github.emailauth.policy.DmarcPolicy;
import io.github.emailauth.policy.DomainPolicy;
import io.github.emailauth.policy.KeyPositions;
import io.github.emailauth.policy.MxHost;
import io.github.emailauth.policy.MxPolicy;
import io.github.emailauth.policy.Policy;
import io.github.emailauth.policy.Profile;
import io.github.emailauth.policy.SourcePosition;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Issue 2's benchmark: {@code verify} of DMARC and MX for N generated domains against the loopback
 * DNS server with a fixed delay added to every query, at a bound of queries in flight.
 *
 * <p>Run it (see docs/benchmarks.md):
 *
 * <pre>
 * ./mvnw -B -q -pl checks -am -Pbenchmark verify -Dbenchmark.main=io.github.emailauth.checks.bench.DmarcMxBenchmark
 * </pre>
 *
 * <p>Arguments (system properties): {@code bench.domains} (1000), {@code bench.delayMs} (20),
 * {@code bench.inFlight} (64), {@code bench.runs} (3; the first warms the JIT and is reported
 * apart).
 *
 * <p>Each domain is realistic for a company: a {@code _dmarc} record with an aggregate-report
 * address at a shared external provider (so the {@code _report._dmarc} authorisation and the
 * provider's MX are looked up), two MX hosts of its own with A records. Half of the domains drift
 * ({@code p=none} published, {@code reject} declared) so findings are produced, not only passes.
 */
public final class DmarcMxBenchmark {
  private DmarcMxBenchmark() {}

  public static void main(String[] args) throws Exception {
    int domains = Integer.getInteger("bench.domains", 1000);
    int delayMs = Integer.getInteger("bench.delayMs", 20);
    int inFlight = Integer.getInteger("bench.inFlight", 64);
    int runs = Integer.getInteger("bench.runs", 3);

    try (TestDnsServer server = TestDnsServer.start()) {
      Policy policy = populate(server, domains);
      server.delayAll(Duration.ofMillis(delayMs));
      System.out.printf(
          Locale.ROOT,
          "DMARC+MX verify: %d domains, %d ms added per query, %d queries in flight%n",
          domains,
          delayMs,
          inFlight);
      for (int run = 1; run <= runs; run++) {
        server.resetCounts();
        DnsOptions options =
            new DnsOptions(List.of(server.nameserver()), Duration.ofSeconds(5), 1, inFlight);
        Engine engine =
            Engine.builder()
                .modules(List.of(new MxModule(), new DmarcModule()))
                .options(new RunOptions(null, null, Duration.ofSeconds(10), false, 25, domains))
                .build();
        try (ResolverDnsClient dns = new ResolverDnsClient(options)) {
          long start = System.nanoTime();
          Report report = engine.verify(policy, dns);
          double seconds = (System.nanoTime() - start) / 1e9;
          long findings = report.findings().count();
          long unverifiable =
              report.findings().filter(f -> f.kind().label().equals("unverifiable")).count();
          System.out.printf(
              Locale.ROOT,
              "run %d%s: %.2f s, %.0f domains/s, %d queries at the server (max %d concurrent),"
                  + " %d findings (%d unverifiable)%n",
              run,
              run == 1 ? " (warm-up)" : "",
              seconds,
              domains / seconds,
              server.queries(),
              server.maxConcurrent(),
              findings,
              unverifiable);
          if (unverifiable > 0) {
            throw new IllegalStateException(
                "the benchmark setup produced unverifiable findings: the timing is not meaningful");
          }
        }
      }
    }
  }

  /** Serves N domains and a shared report provider; returns the matching declaration. */
  static Policy populate(TestDnsServer server, int count) {
    server.add("reports.example.net. 300 IN MX 10 mx.reports.example.net.");
    server.add("mx.reports.example.net. 300 IN A 192.0.2.250");
    server.add("*._report._dmarc.reports.example.net. 300 IN TXT \"v=DMARC1;\"");
    Map<String, DomainPolicy> domains = new LinkedHashMap<>();
    SourcePosition pos = new SourcePosition("bench.yaml", 1, 1);
    KeyPositions keys = KeyPositions.of(pos);
    for (int i = 0; i < count; i++) {
      String d = "d" + i + ".example.com";
      String published = i % 2 == 0 ? "reject" : "none";
      server.add(
          "_dmarc."
              + d
              + ". 300 IN TXT \"v=DMARC1; p="
              + published
              + "; rua=mailto:dmarc@reports.example.net\"");
      server.add(d + ". 300 IN MX 10 mx1." + d + ".");
      server.add(d + ". 300 IN MX 20 mx2." + d + ".");
      server.add("mx1." + d + ". 300 IN A 192.0.2." + (1 + i % 200));
      server.add("mx2." + d + ". 300 IN A 198.51.100." + (1 + i % 200));
      MxPolicy mx =
          new MxPolicy(
              List.of(new MxHost(10, "mx1." + d, pos), new MxHost(20, "mx2." + d, pos)), keys);
      DmarcPolicy dmarc =
          new DmarcPolicy(
              DmarcMode.REJECT,
              null,
              null,
              null,
              null,
              List.of("mailto:dmarc@reports.example.net"),
              null,
              null,
              null,
              null,
              null,
              keys);
      domains.put(
          d,
          new DomainPolicy(
              d, pos, Profile.STANDARD, List.of(), mx, null, Map.of(), dmarc, null, null, null));
    }
    return new Policy(Path.of("bench.yaml"), 1, domains, Map.of(), Map.of());
  }
}
