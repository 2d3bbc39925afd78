package io.github.emailauth.checks.bench;

import io.github.emailauth.checks.dns.DnsClient;
import io.github.emailauth.checks.dns.DnsOptions;
import io.github.emailauth.checks.dns.DnsStats;
import io.github.emailauth.checks.dns.ResolverDnsClient;
import io.github.emailauth.checks.spf.CheckHost;
import io.github.emailauth.checks.spf.SpfOutcome;
import io.github.emailauth.checks.spf.SpfRequest;
import io.github.emailauth.checks.spf.SpfResult;
import io.github.emailauth.checks.testing.TestDnsServer;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.xbill.DNS.Type;

/**
 * check_host() over many domains that share a few provider include chains, against the loopback DNS
 * server with a delay on every answer, through one {@link
 * io.github.emailauth.checks.dns.ResolverDnsClient} with a bound on queries in flight: what a
 * {@code verify} run over a provider's customer domains costs.
 *
 * <p>Each domain's record includes two of the providers; each provider's chain is 3 or 4 records
 * deep. The client address sits in the deepest record of the second provider, so every evaluation
 * walks both chains. Printed: domains per second, the queries the server received for each shared
 * include name (each must be asked exactly once per run: the client's cache shares answers across
 * domains, including questions still in flight), and the totals. Exits with status 1 when a shared
 * name was asked more than once in a run or an evaluation did not pass.
 *
 * <p>Run it (see docs/benchmarks.md):
 *
 * <pre>
 * ./mvnw -B -q -pl checks -am -Pbenchmark verify -Dbench.domains=10000 \
 *   -Dbenchmark.main=io.github.emailauth.checks.bench.CheckHostBenchmark
 * </pre>
 *
 * <p>System properties: {@code bench.domains} (10000 when run directly; give it, since the
 * profile's default is 1000), {@code bench.delayMs} (20), {@code bench.inFlight} (64), {@code
 * bench.runs} (3; each with a fresh client and cache, the first warms the JIT up).
 */
public final class CheckHostBenchmark {
  /** The size; {@code -Dbench.domains} overrides it (the profile's default is 1000). */
  private static final int DOMAINS = 10_000;

  private static final int PROVIDERS = 4;

  private CheckHostBenchmark() {}

  /** One provider's include chain, top record first. */
  private record Provider(List<String> chain, String deepAddress) {}

  public static void main(String[] args) throws Exception {
    int domains = Integer.getInteger("bench.domains", DOMAINS);
    int delayMs = Integer.getInteger("bench.delayMs", 20);
    int inFlight = Integer.getInteger("bench.inFlight", 64);
    int runs = Integer.getInteger("bench.runs", 3);
    boolean ok = true;

    try (TestDnsServer server = TestDnsServer.start()) {
      List<Provider> providers = new ArrayList<>();
      for (int p = 0; p < PROVIDERS; p++) {
        providers.add(provider(server, p, p % 2 == 0 ? 3 : 4));
      }
      StringBuilder zone = new StringBuilder();
      for (int d = 0; d < domains; d++) {
        zone.append(domain(d))
            .append(". TXT \"v=spf1 ip4:192.0.2.")
            .append(d % 256)
            .append(" include:")
            .append(providers.get(d % PROVIDERS).chain().get(0))
            .append(" include:")
            .append(providers.get((d + 1) % PROVIDERS).chain().get(0))
            .append(" -all\"\n");
      }
      server.add(zone.toString());
      server.delayAll(Duration.ofMillis(delayMs));
      System.out.printf(
          Locale.ROOT,
          "check_host() over %d domains sharing %d provider include chains (depth 3-4),"
              + " %d ms added per answer, %d queries in flight%n",
          domains,
          PROVIDERS,
          delayMs,
          inFlight);
      for (int run = 1; run <= runs; run++) {
        ok &= run(server, providers, domains, delayMs, inFlight, run);
      }
    }
    if (!ok) {
      System.out.println("FAILED: see above");
      System.exit(1);
    }
  }

  /** One run with a fresh client, so a fresh cache: true when everything was as it must be. */
  private static boolean run(
      TestDnsServer server,
      List<Provider> providers,
      int domains,
      int delayMs,
      int inFlight,
      int run)
      throws Exception {
    server.resetCounts();
    try (DnsClient dns =
        new ResolverDnsClient(
            new DnsOptions(List.of(server.nameserver()), Duration.ofSeconds(10), 1, inFlight))) {
      CheckHost checkHost = new CheckHost(dns);
      long start = System.nanoTime();
      List<CompletableFuture<SpfOutcome>> outcomes = new ArrayList<>(domains);
      for (int d = 0; d < domains; d++) {
        InetAddress ip = InetAddress.getByName(providers.get((d + 1) % PROVIDERS).deepAddress());
        outcomes.add(checkHost.check(SpfRequest.forDomain(ip, domain(d))));
      }
      int passed = 0;
      for (CompletableFuture<SpfOutcome> o : outcomes) {
        if (o.get(10, TimeUnit.MINUTES).result() == SpfResult.PASS) {
          passed++;
        }
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      DnsStats stats = dns.stats();
      System.out.printf(
          Locale.ROOT,
          "run %d%s: %.2f s, %.0f domains/s, %d of %d passed; server: %d queries (floor %.2f s at"
              + " %d in flight), client: %d questions%n",
          run,
          run == 1 ? " (JIT warm-up)" : "",
          seconds,
          domains / seconds,
          passed,
          domains,
          server.queries(),
          server.queries() * delayMs / 1000.0 / inFlight,
          inFlight,
          stats.questions());
      boolean once = true;
      StringBuilder counts = new StringBuilder("  queries per shared include name (TXT):");
      for (Provider p : providers) {
        for (String name : p.chain()) {
          long n = server.queries(name, Type.TXT);
          once &= n == 1;
          counts.append(' ').append(name).append('=').append(n);
        }
      }
      System.out.println(counts);
      System.out.println(
          once
              ? "  every shared include was queried once"
              : "  a shared include was queried more than once");
      return once && passed == domains;
    }
  }

  private static String domain(int d) {
    return "d" + d + ".customers.example";
  }

  /**
   * Publishes provider {@code p}: {@code _spf.pN.example.net} includes {@code _l2.pN...}, and so on
   * to {@code depth} records, each with a few networks of its own.
   */
  private static Provider provider(TestDnsServer server, int p, int depth) {
    List<String> chain = new ArrayList<>();
    for (int level = 1; level <= depth; level++) {
      chain.add((level == 1 ? "_spf" : "_l" + level) + ".p" + p + ".example.net");
    }
    StringBuilder zone = new StringBuilder();
    for (int level = 1; level <= depth; level++) {
      String network = "10." + p + "." + level + ".0/24";
      StringBuilder text =
          new StringBuilder("v=spf1 ip4:")
              .append(network)
              .append(" ip6:2001:db8:")
              .append(p)
              .append(':')
              .append(level)
              .append("::/64");
      if (level < depth) {
        text.append(" include:").append(chain.get(level));
      }
      text.append(level == 1 ? " ~all" : "");
      zone.append(chain.get(level - 1)).append(". TXT \"").append(text).append("\"\n");
    }
    server.add(zone.toString());
    return new Provider(chain, "10." + p + "." + depth + ".7");
  }
}
