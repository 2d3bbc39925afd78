package io.github.emailauth.checks.bench;

import io.github.emailauth.checks.dns.DnsClient;
import io.github.emailauth.checks.dns.DnsOptions;
import io.github.emailauth.checks.dns.DnsStats;
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
 * check_host() over many domains that share a few provider include chains, against the loopback
 * DNS server with a delay on every answer, through one {@link
 * io.github.emailauth.checks.dns.ResolverDnsClient} with a bound on queries in flight: what a
 * {@code verify} run over a provider's customer domains costs.
 *
 * <p>Each domain's record includes two of the providers; each provider's chain is 3 or 4 records
 * deep. The client address sits in the deepest record of the second provider, so every
 * evaluation walks both chains. Printed: domains per second, the queries the server received for
 * each shared include name (each must be asked exactly once per run: the client's cache shares
 * answers across domains, including questions still in flight), and the totals. Exits with status
 * 1 when a shared name was asked more than once or an evaluation did not pass.
 *
 * <p>Run (see docs/benchmarks.md): {@code ./mvnw -B -o -pl checks -am test -DskipTests -Pbench}
 * with optional {@code -Dbench.domains=10000 -Dbench.delayMs=20 -Dbench.inFlight=64
 * -Dbench.providers=4}.
 */
public final class CheckHostBenchmark {
  private CheckHostBenchmark() {}

  /** One provider's include chain, top record first. */
  private record Provider(List<String> chain, String deepNetwork, String deepAddress) {}

  public static void main(String[] args) throws Exception {
    int domains = intArg(args, 0, 10_000);
    int delayMs = intArg(args, 1, 20);
    int inFlight = intArg(args, 2, 64);
    int providerCount = intArg(args, 3, 4);

    try (TestDnsServer server = TestDnsServer.start()) {
      List<Provider> providers = new ArrayList<>();
      for (int p = 0; p < providerCount; p++) {
        providers.add(provider(server, p, p % 2 == 0 ? 3 : 4));
      }
      StringBuilder zone = new StringBuilder();
      for (int d = 0; d < domains; d++) {
        Provider first = providers.get(d % providerCount);
        Provider second = providers.get((d + 1) % providerCount);
        zone.append(domain(d))
            .append(". TXT \"v=spf1 ip4:192.0.2.")
            .append(d % 256)
            .append(" include:")
            .append(first.chain().get(0))
            .append(" include:")
            .append(second.chain().get(0))
            .append(" -all\"\n");
      }
      server.add(zone.toString());
      server.resetCounts();
      server.delayAll(Duration.ofMillis(delayMs));

      DnsClient dns =
          server.client(new DnsOptions(List.of(), Duration.ofSeconds(10), 1, inFlight));
      CheckHost checkHost = new CheckHost(dns);
      long start = System.nanoTime();
      List<CompletableFuture<SpfOutcome>> outcomes = new ArrayList<>(domains);
      for (int d = 0; d < domains; d++) {
        Provider second = providers.get((d + 1) % providerCount);
        InetAddress ip = InetAddress.getByName(second.deepAddress());
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
          "check_host() over %d domains, %d shared provider chains (depth 3-4),"
              + " %d ms per answer, %d queries in flight%n",
          domains,
          providerCount,
          delayMs,
          inFlight);
      System.out.printf(
          Locale.ROOT,
          "  %.2f s, %.0f domains/s, %d of %d passed%n",
          seconds,
          domains / seconds,
          passed,
          domains);
      System.out.printf(
          Locale.ROOT,
          "  server: %d queries, at most %d answered at once; client: %d questions, %d sent%n",
          server.queries(),
          server.maxConcurrent(),
          stats.questions(),
          stats.sent());
      System.out.printf(
          Locale.ROOT,
          "  floor at %d in flight x %d ms: %.2f s for %d queries%n",
          inFlight,
          delayMs,
          server.queries() * delayMs / 1000.0 / inFlight,
          server.queries());
      System.out.println("  queries at the server per shared include name (TXT):");
      boolean once = true;
      for (Provider p : providers) {
        for (String name : p.chain()) {
          long n = server.queries(name, Type.TXT);
          once &= n == 1;
          System.out.printf(Locale.ROOT, "    %-28s %d%n", name, n);
        }
      }
      if (!once || passed != domains) {
        System.out.println(
            "FAILED: "
                + (once ? "" : "a shared include was queried more than once; ")
                + (passed == domains ? "" : (domains - passed) + " evaluations did not pass"));
        System.exit(1);
      }
      System.out.println("  every shared include was queried once");
    }
  }

  private static String domain(int d) {
    return "d" + d + ".customers.example";
  }

  /**
   * Publishes provider {@code p}: {@code _spf.pN.example.net} includes {@code _l2.pN...}, and so
   * on to {@code depth} records, each with a few networks of its own.
   */
  private static Provider provider(TestDnsServer server, int p, int depth) {
    List<String> chain = new ArrayList<>();
    for (int level = 1; level <= depth; level++) {
      chain.add((level == 1 ? "_spf" : "_l" + level) + ".p" + p + ".example.net");
    }
    StringBuilder zone = new StringBuilder();
    String deepNetwork = null;
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
      deepNetwork = network;
    }
    server.add(zone.toString());
    return new Provider(chain, deepNetwork, "10." + p + "." + depth + ".7");
  }

  private static int intArg(String[] args, int i, int otherwise) {
    if (args.length <= i || args[i].isBlank() || args[i].startsWith("${")) {
      return otherwise;
    }
    return Integer.parseInt(args[i].trim());
  }
}
