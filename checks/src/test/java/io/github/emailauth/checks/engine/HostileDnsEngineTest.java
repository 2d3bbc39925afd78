package io.github.emailauth.checks.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.emailauth.checks.testing.Fuzz;
import io.github.emailauth.checks.testing.TestDnsServer;
import io.github.emailauth.policy.Policy;
import io.github.emailauth.policy.PolicyLoader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * End-to-end fuzzing (docs/fuzzing.md): the whole {@link Engine#verify} of every protocol against
 * hostile answers served over the loopback DNS server, CNAME loops, 64 KB TXT sets, thousands of
 * MX, include chains and loops, deeply nested DER in p=, and mutated records. Every outcome must be
 * a finding of a protocol check (never ENGINE-CHECK-FAILED, which means a module threw), and the
 * run must end in bounded time.
 */
class HostileDnsEngineTest {
  private static final String GOOD_SPF =
      "v=spf1 ip4:192.0.2.0/24 include:_spf.provider.example -all";
  private static final String GOOD_DMARC = "v=DMARC1; p=reject; rua=mailto:dmarc@example.com";
  private static final String GOOD_STS = "v=STSv1; id=20260101T000000;";
  private static final String GOOD_TLS = "v=TLSRPTv1; rua=mailto:tlsrpt@example.com";
  private static final String GOOD_DKIM =
      "v=DKIM1; k=ed25519; p=11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=";

  @Test
  void hostileAnswersBecomeFindingsInBoundedTime(@TempDir Path dir) throws Exception {
    try (TestDnsServer dns = TestDnsServer.start()) {
      List<String> domains = new ArrayList<>();
      StringBuilder zone = new StringBuilder("$TTL 300\n");
      // 0: CNAME loops at every name a module queries
      domains.add("loop.example");
      for (String n : List.of("", "_dmarc.", "s1._domainkey.", "_mta-sts.", "_smtp._tls.")) {
        zone.append(n).append("loop.example. IN CNAME ").append(n).append("loop2.example.\n");
        zone.append(n).append("loop2.example. IN CNAME ").append(n).append("loop.example.\n");
      }
      // 1: 64 KB TXT sets everywhere (over TCP)
      domains.add("big.example");
      String chunk = "\"" + "v=spf1 ".repeat(40).substring(0, 250) + "\"";
      for (String n : List.of("", "_dmarc.", "s1._domainkey.", "_mta-sts.", "_smtp._tls.")) {
        for (int i = 0; i < 240; i++) {
          zone.append(n)
              .append("big.example. IN TXT ")
              .append(chunk)
              .append(" \"")
              .append(i)
              .append("\"\n");
        }
      }
      // 2: thousands of MX, and MX hosts behind a CNAME loop
      domains.add("mx.example");
      for (int i = 0; i < 3000; i++) {
        zone.append("mx.example. IN MX ")
            .append(i % 100)
            .append(" h")
            .append(i)
            .append(".mx.example.\n");
      }
      zone.append(
          "h0.mx.example. IN CNAME h1.mx.example.\nh1.mx.example. IN CNAME h0.mx.example.\n");
      // 3: SPF include chain of 40, and an include loop
      domains.add("chain.example");
      zone.append(
          "chain.example. IN TXT \"v=spf1 include:c1.chain.example include:chain.example -all\"\n");
      for (int i = 1; i < 40; i++) {
        zone.append("c")
            .append(i)
            .append(".chain.example. IN TXT \"v=spf1 include:c")
            .append(i + 1)
            .append(".chain.example a mx ptr exists:%{i}.%{d} -all\"\n");
      }
      // 4: SPF of one long TXT set of macro-heavy mechanisms, and a DKIM p= of nested DER
      domains.add("macro.example");
      StringBuilder spf = new StringBuilder("v=spf1");
      while (spf.length() < 60_000) {
        spf.append(" a:%{d}.%{l}.%{i}.%{h}.x");
      }
      zone.append("macro.example. IN TXT ").append(strings(spf.toString())).append('\n');
      byte[] nested = new byte[40_000];
      for (int i = 0; i < nested.length; i += 2) {
        nested[i] = 0x30;
        nested[i + 1] = (byte) 0x80;
      }
      zone.append("s1._domainkey.macro.example. IN TXT ")
          .append(strings("v=DKIM1; p=" + java.util.Base64.getEncoder().encodeToString(nested)))
          .append('\n');
      // 5..: mutated records at every name
      Fuzz fuzz = new Fuzz("engine");
      List<String> seeds = List.of(GOOD_SPF, GOOD_DMARC, GOOD_STS, GOOD_TLS, GOOD_DKIM);
      for (int d = 0; d < Fuzz.iterations(30); d++) {
        String name = "m" + d + ".example";
        domains.add(name);
        Map<String, String> at =
            Map.of(
                "",
                GOOD_SPF,
                "_dmarc.",
                GOOD_DMARC,
                "s1._domainkey.",
                GOOD_DKIM,
                "_mta-sts.",
                GOOD_STS,
                "_smtp._tls.",
                GOOD_TLS);
        for (Map.Entry<String, String> e : at.entrySet()) {
          for (int k = 0; k < 1 + fuzz.random().nextInt(3); k++) {
            String txt = fuzz.mutate(e.getValue(), seeds);
            zone.append(e.getKey())
                .append(name)
                .append(". IN TXT ")
                .append(strings(txt))
                .append('\n');
          }
        }
        zone.append(name).append(". IN MX 10 mx.").append(name).append(".\n");
      }
      dns.add(zone.toString());

      StringBuilder yaml = new StringBuilder("version: 1\ndomains:\n");
      for (String d : domains) {
        yaml.append("  ")
            .append(d)
            .append(":\n")
            .append("    mx: [10 mx.")
            .append(d)
            .append(".]\n")
            .append("    spf:\n      mechanisms: [ip4:192.0.2.0/24]\n      all: fail\n")
            .append("      authorize: [192.0.2.10]\n      deny: [203.0.113.9]\n")
            .append("    dkim:\n      s1:\n        minBits: 2048\n")
            .append("    dmarc:\n      policy: reject\n      rua: [mailto:dmarc@example.com]\n")
            .append("    mtaSts:\n      mode: testing\n      mx: [mx.")
            .append(d)
            .append("]\n")
            .append("      maxAge: 86400\n")
            .append("    tlsRpt:\n      rua: [mailto:tlsrpt@example.com]\n");
      }
      Policy policy = PolicyLoader.parse(yaml.toString(), "emailauth.yaml", dir);
      Engine engine =
          Engine.builder().modules(ProtocolModules.all()).options(RunOptions.defaults()).build();
      Report report =
          assertTimeoutPreemptively(
              Duration.ofSeconds(120),
              () -> engine.verify(policy, dns.client(Duration.ofSeconds(2))));
      List<Finding> crashed =
          report.findings().filter(f -> f.checkId().equals("ENGINE-CHECK-FAILED")).toList();
      assertEquals(List.of(), crashed, "a module threw on a hostile answer");
      Map<String, Long> perDomain =
          report
              .findings()
              .collect(Collectors.groupingBy(Finding::domain, TreeMap::new, Collectors.counting()));
      for (String d : domains) {
        // every domain is hostile in some way: each must have findings, and a bounded number
        assertTrue(perDomain.getOrDefault(d, 0L) > 0, d + " has no findings");
        // findings per MX host or per TXT string are capped per check id (Engine.MAX_PER_CHECK):
        // 3,000 MX hosts no longer give 6,000 lines
        assertTrue(perDomain.get(d) < 300, d + ": " + perDomain.get(d) + " findings");
      }
    }
  }

  /** {@code text} as master-file character-strings of at most 255 bytes. */
  private static String strings(String text) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < Math.max(1, text.length()); i += 200) {
      String part = text.substring(i, Math.min(text.length(), i + 200));
      StringBuilder esc = new StringBuilder();
      for (char c : part.toCharArray()) {
        if (c == '"' || c == '\\') {
          esc.append('\\').append(c);
        } else if (c < 0x20 || c > 0x7e) {
          esc.append('?');
        } else {
          esc.append(c);
        }
      }
      out.append('"').append(esc).append("\" ");
    }
    return out.toString().trim();
  }
}
