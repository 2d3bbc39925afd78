package io.github.emailauth.checks.bench;

import io.github.emailauth.checks.dns.DnsAnswer;
import io.github.emailauth.checks.dns.DnsClient;
import io.github.emailauth.checks.dns.DnsOptions;
import io.github.emailauth.checks.dns.DnsStats;
import io.github.emailauth.checks.dns.ResolverDnsClient;
import io.github.emailauth.checks.engine.Engine;
import io.github.emailauth.checks.engine.Finding;
import io.github.emailauth.checks.engine.Kind;
import io.github.emailauth.checks.engine.Protocol;
import io.github.emailauth.checks.engine.ProtocolModules;
import io.github.emailauth.checks.engine.Report;
import io.github.emailauth.checks.engine.RunOptions;
import io.github.emailauth.checks.testing.TestCa;
import io.github.emailauth.checks.testing.TestCertificate;
import io.github.emailauth.checks.testing.TestDnsServer;
import io.github.emailauth.checks.testing.TestHttpsServer;
import io.github.emailauth.policy.Policy;
import io.github.emailauth.policy.PolicyLoader;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.X509ExtendedKeyManager;
import org.xbill.DNS.Type;

/**
 * A realistic full {@code verify}: N generated domains, each declaring MX, SPF, DKIM, DMARC,
 * MTA-STS and TLS-RPT, checked by the engine the Maven plugin builds ({@link
 * ProtocolModules#all()}) against the loopback DNS server with a fixed delay added to every answer
 * and the loopback HTTPS server standing in for every {@code mta-sts.<domain>} host.
 *
 * <p>Run it (see docs/benchmarks.md):
 *
 * <pre>
 * ./mvnw -B -q -pl checks -am -Pbenchmark verify -Dbenchmark.main=io.github.emailauth.checks.bench.FullVerifyBenchmark
 * </pre>
 *
 * <p>Arguments (system properties): {@code bench.domains} (1000), {@code bench.delayMs} (20),
 * {@code bench.inFlight} (64, DNS queries on the wire), {@code bench.concurrency} (64, domains at
 * once; both are the plugin's defaults), {@code bench.runs} (3; the first warms the JIT and is
 * reported apart), {@code bench.discovery} (true; false switches DKIM-UNDECLARED-KEY off in the
 * policy, which skips selector discovery).
 *
 * <p>Each domain {@code dN.example.com} declares, in a YAML policy read by {@link PolicyLoader}:
 * two MX hosts of its own; SPF with its own ip4 and the includes of two of four shared providers
 * (each include nests one more record); two DKIM selectors, {@code s2025} with an RSA-2048 key
 * written as a PEM file and {@code old2019} revoked, with selector discovery on (the default);
 * DMARC {@code p=reject} with {@code rua} at a shared external provider (so {@code _report._dmarc}
 * and the provider's MX are checked); MTA-STS {@code enforce} served over HTTPS with a certificate
 * of its own from a test CA whose root is passed as the run's trust store; TLS-RPT. Every tenth
 * domain drifts in one protocol, in turn, so findings are produced; the benchmark exits with status
 * 1 when a finding is unverifiable (the setup is wrong, the timing meaningless) or when findings do
 * not fall where the drift was made.
 */
public final class FullVerifyBenchmark {
  private static final String PATH = "/.well-known/mta-sts.txt";
  private static final String STS_ID = "20260101T000000";
  private static final int PROVIDERS = 4;
  private static final int RSA_KEYS = 8; // RSA-2048 generation is slow: domains share 8 keys
  private static final List<Protocol> DRIFTS =
      List.of(
          Protocol.MX,
          Protocol.SPF,
          Protocol.DKIM,
          Protocol.DMARC,
          Protocol.MTASTS,
          Protocol.TLSRPT);

  private FullVerifyBenchmark() {}

  public static void main(String[] args) throws Exception {
    int domains = Integer.getInteger("bench.domains", 1000);
    int delayMs = Integer.getInteger("bench.delayMs", 20);
    int inFlight = Integer.getInteger("bench.inFlight", 64);
    int concurrency = Integer.getInteger("bench.concurrency", 64);
    int runs = Integer.getInteger("bench.runs", 3);
    boolean discovery = Boolean.parseBoolean(System.getProperty("bench.discovery", "true"));

    long setupStart = System.nanoTime();
    Path dir = Files.createTempDirectory("emailauth-bench");
    TestCa ca = TestCa.create("emailauth benchmark CA");
    Path trust = ca.writeTrustStore(dir.resolve("trust.p12"), TestCa.PASSWORD);
    Map<String, TestCertificate> certificates = new HashMap<>();
    for (int i = 0; i < domains; i++) {
      String host = "mta-sts." + name(i);
      certificates.put(host, ca.issue(host));
    }
    try (TestDnsServer dns = TestDnsServer.start();
        TestHttpsServer https = TestHttpsServer.start(sniContext(certificates))) {
      Map<Integer, Protocol> drift = new TreeMap<>();
      String yaml = populate(dns, https, dir, domains, drift);
      if (!discovery) {
        // what a team does that declares every selector: discovery costs no query then
        yaml += "checks:\n  DKIM-UNDECLARED-KEY: off\n";
      }
      Policy policy = PolicyLoader.parse(yaml, "emailauth.yaml", dir);
      dns.delayAll(Duration.ofMillis(delayMs));
      System.out.printf(
          Locale.ROOT,
          "full verify: %d domains (%d drifting), DKIM discovery %s, %d ms added per DNS answer,"
              + " %d DNS queries in flight, %d domains at once; setup %.1f s%n",
          domains,
          drift.size(),
          discovery ? "on" : "off",
          delayMs,
          inFlight,
          concurrency,
          (System.nanoTime() - setupStart) / 1e9);
      RunOptions options =
          new RunOptions(
              trust, TestCa.PASSWORD, Duration.ofSeconds(10), false, 25, concurrency, https.port());
      for (int run = 1; run <= runs; run++) {
        dns.resetCounts();
        int httpsBefore = https.requests().size();
        int handshakesBefore = https.failedHandshakes();
        DnsOptions dnsOptions =
            new DnsOptions(List.of(dns.nameserver()), Duration.ofSeconds(5), 1, inFlight);
        Engine engine = Engine.builder().modules(ProtocolModules.all()).options(options).build();
        try (ResolverDnsClient resolver = new ResolverDnsClient(dnsOptions)) {
          CountingDns counting = new CountingDns(resolver);
          long cpuBefore = processCpuNanos();
          long serversBefore = testServerCpuNanos();
          long start = System.nanoTime();
          Report report = engine.verify(policy, counting);
          double seconds = (System.nanoTime() - start) / 1e9;
          double servers = (testServerCpuNanos() - serversBefore) / 1e9;
          double cpu = (processCpuNanos() - cpuBefore) / 1e9 - servers;
          DnsStats stats = resolver.stats();
          int httpsRequests = https.requests().size() - httpsBefore;
          double perDomain = (double) dns.queries() / domains;
          System.out.printf(
              Locale.ROOT,
              "run %d%s: %.2f s, %.0f domains/s; DNS: %d queries at the server (%.1f per domain,"
                  + " %d questions asked), max %d concurrent, ceiling %.0f domains/s; HTTPS: %d"
                  + " requests, %d failed handshakes%n",
              run,
              run == 1 ? " (warm-up)" : "",
              seconds,
              domains / seconds,
              dns.queries(),
              perDomain,
              stats.questions(),
              dns.maxConcurrent(),
              inFlight / (perDomain * delayMs / 1000.0),
              httpsRequests,
              https.failedHandshakes() - handshakesBefore);
          System.out.printf(
              Locale.ROOT,
              "  CPU: %.1f s for emailauth (%.1f ms per domain), %.1f s for the test servers%n",
              cpu,
              cpu * 1000 / domains,
              servers);
          System.out.println("  DNS queries by protocol: " + counting.byProtocol(domains));
          System.out.println("  findings: " + findingsByProtocol(report));
          check(report, drift, domains);
        }
      }
    }
  }

  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  /** CPU of the loopback servers' threads, which run in this JVM but are not emailauth's work. */
  private static long testServerCpuNanos() {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    long sum = 0;
    for (ThreadInfo t : threads.getThreadInfo(threads.getAllThreadIds())) {
      if (t != null && t.getThreadName().startsWith("test-")) {
        sum += Math.max(0, threads.getThreadCpuTime(t.getThreadId()));
      }
    }
    return sum;
  }

  private static String name(int i) {
    return "d" + i + ".example.com";
  }

  // ------------------------------------------------------------------ setup

  /**
   * Serves the shared providers and N domains (DNS records, MTA-STS policies, key files) and
   * returns the YAML policy that declares them; {@code drift} receives each drifting domain's
   * protocol.
   */
  static String populate(
      TestDnsServer dns, TestHttpsServer https, Path dir, int count, Map<Integer, Protocol> drift)
      throws Exception {
    dns.add("reports.example.net. 300 IN MX 10 mx.reports.example.net.");
    dns.add("mx.reports.example.net. 300 IN A 192.0.2.250");
    dns.add("*._report._dmarc.reports.example.net. 300 IN TXT \"v=DMARC1;\"");
    StringBuilder yaml = new StringBuilder();
    yaml.append("version: 1\n")
        .append("defaults:\n")
        .append("  dmarc:\n")
        .append("    policy: reject\n")
        .append("    rua: [mailto:dmarc@reports.example.net]\n")
        .append("  tlsRpt:\n")
        .append("    rua: [mailto:tlsrpt@reports.example.net]\n")
        .append("senders:\n");
    for (int p = 0; p < PROVIDERS; p++) {
      String spf = "_spf.p" + p + ".example.net";
      dns.add(
          spf
              + ". 300 IN TXT \"v=spf1 ip4:203.0.113."
              + (p * 16)
              + "/28 include:_nb.p"
              + p
              + ".example.net -all\"");
      dns.add(
          "_nb.p"
              + p
              + ".example.net. 300 IN TXT \"v=spf1 ip4:198.18."
              + p
              + ".0/24 ip6:2001:db8:"
              + p
              + "::/48 -all\"");
      yaml.append("  mailer-").append(p).append(":\n");
      yaml.append("    spf: [include:").append(spf).append("]\n");
    }
    yaml.append("domains:\n");

    KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
    rsa.initialize(2048);
    List<KeyPair> keys = new ArrayList<>();
    for (int k = 0; k < RSA_KEYS; k++) {
      keys.add(rsa.generateKeyPair());
    }
    Path keyDir = Files.createDirectories(dir.resolve("keys"));

    for (int i = 0; i < count; i++) {
      String d = name(i);
      Protocol drifted = i % 10 == 9 ? DRIFTS.get((i / 10) % DRIFTS.size()) : null;
      if (drifted != null) {
        drift.put(i, drifted);
      }
      int a = i % PROVIDERS;
      int b = (i + 1) % PROVIDERS;
      String ip = "192.0.2." + (1 + i % 200);

      // MX: drift renames the second host, which MTA-STS then sees uncovered too
      String mx2 = drifted == Protocol.MX ? "mx3." + d : "mx2." + d;
      dns.add(d + ". 300 IN MX 10 mx1." + d + ".");
      dns.add(d + ". 300 IN MX 20 " + mx2 + ".");
      dns.add("mx1." + d + ". 300 IN A 192.0.2." + (1 + i % 200));
      dns.add(mx2 + ". 300 IN A 198.51.100." + (1 + i % 200));

      // SPF: drift softens -all to ~all
      dns.add(
          d
              + ". 300 IN TXT \"v=spf1 ip4:"
              + ip
              + " include:_spf.p"
              + a
              + ".example.net include:_spf.p"
              + b
              + ".example.net "
              + (drifted == Protocol.SPF ? "~all" : "-all")
              + "\"");

      // DKIM: a live key (drift publishes another one) and a revoked one
      KeyPair declaredKey = keys.get(i % RSA_KEYS);
      KeyPair publishedKey = drifted == Protocol.DKIM ? keys.get((i + 1) % RSA_KEYS) : declaredKey;
      Path pem = keyDir.resolve(d + "-s2025.pem");
      Files.writeString(pem, pem(declaredKey), StandardCharsets.US_ASCII);
      dns.add(
          "s2025._domainkey."
              + d
              + ". 300 IN TXT "
              + txtStrings("v=DKIM1; k=rsa; p=" + base64(publishedKey.getPublic().getEncoded())));
      dns.add("old2019._domainkey." + d + ". 300 IN TXT \"v=DKIM1; p=\"");

      // DMARC: drift publishes p=none
      dns.add(
          "_dmarc."
              + d
              + ". 300 IN TXT \"v=DMARC1; p="
              + (drifted == Protocol.DMARC ? "none" : "reject")
              + "; rua=mailto:dmarc@reports.example.net\"");

      // MTA-STS: drift serves mode testing under the declared id
      dns.add("_mta-sts." + d + ". 300 IN TXT \"v=STSv1; id=" + STS_ID + "\"");
      dns.add("mta-sts." + d + ". 300 IN A 127.0.0.1");
      https.respond(
          "mta-sts." + d,
          PATH,
          TestHttpsServer.Response.text(
              "version: STSv1\r\nmode: "
                  + (drifted == Protocol.MTASTS ? "testing" : "enforce")
                  + "\r\nmx: mx1."
                  + d
                  + "\r\nmx: mx2."
                  + d
                  + "\r\nmax_age: 1209600\r\n"));

      // TLS-RPT: drift reports to the domain itself instead of the provider
      dns.add(
          "_smtp._tls."
              + d
              + ". 300 IN TXT \"v=TLSRPTv1; rua=mailto:"
              + (drifted == Protocol.TLSRPT ? "tls@" + d : "tlsrpt@reports.example.net")
              + "\"");

      yaml.append(
          """
            %1$s:
              senders: [mailer-%2$d, mailer-%3$d]
              mx: ["10 mx1.%1$s.", "20 mx2.%1$s."]
              spf:
                mechanisms: [ip4:%4$s]
                all: fail
              dkim:
                s2025: { publicKey: keys/%1$s-s2025.pem }
                old2019: { revoked: true }
              mtaSts:
                mode: enforce
                mx: [mx1.%1$s, mx2.%1$s]
                maxAge: 1209600
                id: %5$s
          """
              .formatted(d, a, b, ip, STS_ID));
    }
    return yaml.toString();
  }

  private static String pem(KeyPair key) {
    return "-----BEGIN PUBLIC KEY-----\n"
        + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(key.getPublic().getEncoded())
        + "\n-----END PUBLIC KEY-----\n";
  }

  private static String base64(byte[] bytes) {
    return Base64.getEncoder().encodeToString(bytes);
  }

  /** A TXT value in master-file form, split into strings of at most 255 octets. */
  private static String txtStrings(String value) {
    StringBuilder out = new StringBuilder();
    for (int at = 0; at < value.length(); at += 255) {
      out.append(out.length() == 0 ? "" : " ")
          .append('"')
          .append(value, at, Math.min(value.length(), at + 255))
          .append('"');
    }
    return out.toString();
  }

  /** A server TLS context that presents the certificate of the host the client asks for (SNI). */
  static SSLContext sniContext(Map<String, TestCertificate> byHost) throws Exception {
    X509ExtendedKeyManager manager =
        new X509ExtendedKeyManager() {
          @Override
          public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
            return socket instanceof SSLSocket s ? alias(keyType, s.getHandshakeSession()) : null;
          }

          @Override
          public String chooseEngineServerAlias(
              String keyType, Principal[] issuers, SSLEngine engine) {
            return alias(keyType, engine.getHandshakeSession());
          }

          private String alias(String keyType, SSLSession session) {
            if (!"EC".equals(keyType) || !(session instanceof ExtendedSSLSession e)) {
              return null;
            }
            for (SNIServerName n : e.getRequestedServerNames()) {
              if (n instanceof SNIHostName h
                  && byHost.containsKey(h.getAsciiName().toLowerCase(Locale.ROOT))) {
                return h.getAsciiName().toLowerCase(Locale.ROOT);
              }
            }
            return null;
          }

          @Override
          public X509Certificate[] getCertificateChain(String alias) {
            TestCertificate c = byHost.get(alias);
            return c == null ? null : c.chain().toArray(new X509Certificate[0]);
          }

          @Override
          public PrivateKey getPrivateKey(String alias) {
            TestCertificate c = byHost.get(alias);
            return c == null ? null : c.key();
          }

          @Override
          public String[] getServerAliases(String keyType, Principal[] issuers) {
            return byHost.keySet().toArray(new String[0]);
          }

          @Override
          public String[] getClientAliases(String keyType, Principal[] issuers) {
            return null;
          }

          @Override
          public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
            return null;
          }
        };
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(new KeyManager[] {manager}, null, null);
    KeyStore.getInstance("PKCS12"); // fail early on a JDK without PKCS12 rather than mid-run
    return context;
  }

  // ------------------------------------------------------------------ results

  private static String findingsByProtocol(Report report) {
    Map<Protocol, Map<String, Long>> by = new EnumMap<>(Protocol.class);
    report
        .findings()
        .forEach(
            f ->
                by.computeIfAbsent(f.protocol(), p -> new TreeMap<>())
                    .merge(f.checkId(), 1L, Long::sum));
    if (by.isEmpty()) {
      return "none";
    }
    return by.entrySet().stream()
        .map(
            e ->
                e.getKey().id()
                    + " "
                    + e.getValue().values().stream().mapToLong(Long::longValue).sum()
                    + " "
                    + e.getValue())
        .collect(Collectors.joining("; "));
  }

  /**
   * Fails the benchmark when the setup is wrong: an unverifiable finding, a finding on a domain
   * that does not drift, or a drifting domain without a finding of its protocol.
   */
  private static void check(Report report, Map<Integer, Protocol> drift, int count) {
    List<Finding> all = report.findings().toList();
    List<String> problems = new ArrayList<>();
    all.stream()
        .filter(f -> f.kind() == Kind.UNVERIFIABLE)
        .limit(5)
        .forEach(
            f ->
                problems.add(
                    "unverifiable: " + f.domain() + " " + f.checkId() + ": " + f.message()));
    Map<String, List<Finding>> byDomain =
        all.stream().collect(Collectors.groupingBy(Finding::domain));
    for (int i = 0; i < count && problems.size() < 10; i++) {
      List<Finding> found = byDomain.getOrDefault(name(i), List.of());
      Protocol drifted = drift.get(i);
      if (drifted == null && !found.isEmpty()) {
        problems.add(
            "clean domain "
                + name(i)
                + " has findings: "
                + found.stream().map(Finding::checkId).toList()
                + " first: "
                + found.get(0).message());
      } else if (drifted != null && found.stream().noneMatch(f -> f.protocol() == drifted)) {
        problems.add(
            name(i)
                + " drifts in "
                + drifted.id()
                + " but has no such finding: "
                + found.stream().map(Finding::checkId).toList());
      }
    }
    long unverifiable = all.stream().filter(f -> f.kind() == Kind.UNVERIFIABLE).count();
    if (unverifiable > 0 || !problems.isEmpty()) {
      problems.forEach(p -> System.out.println("  SETUP WRONG: " + p));
      System.out.println(
          "the benchmark setup is wrong ("
              + unverifiable
              + " unverifiable findings):"
              + " the timing is not meaningful");
      System.exit(1);
    }
  }

  /**
   * Attributes the distinct questions of a run to a protocol by their name, so the figures say
   * which protocol costs the queries. Each distinct question is one query on the wire: the client
   * caches answers for the run and shares questions in flight.
   */
  private static final class CountingDns implements DnsClient {
    private final DnsClient delegate;
    private final Set<String> distinct = ConcurrentHashMap.newKeySet();

    CountingDns(DnsClient delegate) {
      this.delegate = delegate;
    }

    @Override
    public CompletableFuture<DnsAnswer> query(String name, int type) {
      distinct.add(name.toLowerCase(Locale.ROOT).replaceAll("\\.$", "") + " " + type);
      return delegate.query(name, type);
    }

    @Override
    public DnsStats stats() {
      return delegate.stats();
    }

    String byProtocol(int domains) {
      Map<String, Integer> counts = new TreeMap<>();
      for (String q : distinct) {
        counts.merge(protocolOf(q), 1, Integer::sum);
      }
      return counts.entrySet().stream()
          .map(
              e ->
                  String.format(
                      Locale.ROOT,
                      "%s %d (%.1f/domain)",
                      e.getKey(),
                      e.getValue(),
                      (double) e.getValue() / domains))
          .collect(Collectors.joining(", "));
    }

    private static String protocolOf(String question) {
      String name = question.substring(0, question.indexOf(' '));
      int type = Integer.parseInt(question.substring(question.indexOf(' ') + 1));
      if (name.contains("._domainkey.")) {
        return "dkim";
      }
      if (name.startsWith("_dmarc.")
          || name.contains("._report._dmarc.")
          || name.endsWith("reports.example.net")) {
        return "dmarc";
      }
      if (name.startsWith("_mta-sts.") || name.startsWith("mta-sts.")) {
        return "mta-sts";
      }
      if (name.startsWith("_smtp._tls.") || name.startsWith("_smtp-tlsrpt.")) {
        return "tls-rpt";
      }
      if (type == Type.MX || name.startsWith("mx")) {
        return "mx";
      }
      if (type == Type.TXT || type == Type.SPF) {
        return "spf";
      }
      return "other (" + question + ")";
    }
  }
}
