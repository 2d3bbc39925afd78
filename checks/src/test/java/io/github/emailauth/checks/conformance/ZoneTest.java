package io.github.emailauth.checks.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.emailauth.checks.dns.DnsAnswer;
import io.github.emailauth.checks.dns.DnsClient;
import io.github.emailauth.checks.testing.TestDnsServer;
import io.github.emailauth.checks.testing.TestDnsServerExtension;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.xbill.DNS.Type;

/**
 * The zone semantics docs/conformance.md promises, which the other implementation's resolver
 * reproduces from the same JSON: if the loopback server answered differently, a disagreement would
 * be an artefact of the harness, not of either implementation.
 */
@ExtendWith(TestDnsServerExtension.class)
class ZoneTest {

  private static DnsClient serve(TestDnsServer server, Zone zone) {
    ObjectNode c = JsonNodeFactory.instance.objectNode();
    zone.writeTo(c);
    Zone.serve(c, server);
    return server.client(Duration.ofMillis(300));
  }

  @Test
  void answersAsTheDocumentedResolverDoes(TestDnsServer server) throws Exception {
    Zone zone =
        new Zone()
            .lines(
                """
                Example.COM TXT "v=spf1 " "-all"
                a.b.example.com A 192.0.2.1
                alias.example.com CNAME a.b.example.com
                broken.example.com SERVFAIL TXT
                """)
            .txt("raw.example.com", "caf\u00e9 \"quoted\" back\\slash");
    DnsClient dns = serve(server, zone);
    assertEquals(
        List.of("v=spf1 -all"),
        ((DnsAnswer.Records) dns.query("example.com", Type.TXT).get()).txt(),
        "strings joined, names case-insensitive");
    assertInstanceOf(DnsAnswer.NoData.class, dns.query("example.com", Type.A).get());
    assertInstanceOf(
        DnsAnswer.NoData.class, dns.query("b.example.com", Type.A).get(), "empty non-terminal");
    assertInstanceOf(DnsAnswer.NxDomain.class, dns.query("c.example.com", Type.A).get());
    DnsAnswer viaCname = dns.query("alias.example.com", Type.A).get();
    assertInstanceOf(DnsAnswer.Records.class, viaCname);
    assertEquals(List.of("a.b.example.com"), viaCname.cnameChain());
    assertInstanceOf(DnsAnswer.Failure.class, dns.query("broken.example.com", Type.TXT).get());
    assertEquals(
        List.of("caf\u00e9 \"quoted\" back\\slash"),
        ((DnsAnswer.Records) dns.query("raw.example.com", Type.TXT).get()).txt(),
        "TXT bytes as written, UTF-8");
  }

  @Test
  void aRecordAddedTwiceIsServedOnce(TestDnsServer server) throws Exception {
    Zone zone = new Zone().txt("example.com", "v=spf1 -all").txt("example.com", "v=spf1 -all");
    DnsClient dns = serve(server, zone);
    assertEquals(1, ((DnsAnswer.Records) dns.query("example.com", Type.TXT).get()).txt().size());
  }

  @Test
  void theSameSeedGivesTheSameCases() {
    assertEquals(SpfCases.generate(42, 50), SpfCases.generate(42, 50));
    assertEquals(DmarcCases.generate(42, 50), DmarcCases.generate(42, 50));
  }
}
