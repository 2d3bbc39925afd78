package io.github.emailauth.checks.dmarc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.emailauth.checks.testing.TestDnsServer;
import io.github.emailauth.checks.testing.TestDnsServerExtension;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Cases where the differential comparison with mailauth (docs/conformance.md) showed our DMARC
 * reading to be wrong by the RFC; each test is named after its conformance case and runs RFC 7489
 * discovery over the loopback DNS server.
 */
@ExtendWith(TestDnsServerExtension.class)
class DmarcConformanceRegressionTest {

  private static Map<String, String> discover(TestDnsServer dns, String domain) throws Exception {
    return DmarcConformanceProbe.rfc7489(dns.client(Duration.ofMillis(500)), domain)
        .get(10, TimeUnit.SECONDS);
  }

  /**
   * dmarc-e-bad-sp: RFC 7489 §6.6.3 step 6 applies to a record that "contains an sp tag that is not
   * valid" just as to one without a valid p: with no valid rua, no DMARC at all. We used to fall
   * back to p.
   */
  @Test
  void dmarcEBadSp(TestDnsServer dns) throws Exception {
    dns.add("_dmarc.example.com. TXT \"v=DMARC1; p=reject; sp=bogus\"");
    Map<String, String> v = discover(dns, "mail.example.com");
    assertEquals("example.com", v.get("record"));
    assertEquals("no-dmarc", v.get("policy"));
  }

  /** dmarc-e-bad-sp-rua: the same record with a valid rua is read as p=none. */
  @Test
  void dmarcEBadSpRua(TestDnsServer dns) throws Exception {
    dns.add("_dmarc.example.com. TXT \"v=DMARC1; p=reject; sp=bogus; rua=mailto:d@example.com\"");
    assertEquals("none", discover(dns, "mail.example.com").get("policy"));
  }

  /** dmarc-e-bad-sp-own: the rule is about the record, so it holds for the domain's own p too. */
  @Test
  void dmarcEBadSpOwn(TestDnsServer dns) throws Exception {
    dns.add("_dmarc.example.com. TXT \"v=DMARC1; p=reject; sp=bogus\"");
    Map<String, String> v = discover(dns, "example.com");
    assertEquals("example.com", v.get("record"));
    assertEquals("no-dmarc", v.get("policy"));
  }

  /** A valid sp beside an invalid p does not rescue the record (it is replaced as a whole). */
  @Test
  void dmarcBadPValidSpRua(TestDnsServer dns) throws Exception {
    dns.add("_dmarc.example.com. TXT \"v=DMARC1; p=bogus; sp=reject; rua=mailto:d@example.com\"");
    assertEquals("none", discover(dns, "mail.example.com").get("policy"));
  }

  /**
   * dmarc-e-empty-p: "p=" is an invalid p, not a missing one, so without a valid rua the record is
   * not applied (RFC 7489 §6.6.3 step 6). We used to drop the empty tag and read the record as
   * p=none.
   */
  @Test
  void dmarcEEmptyP(TestDnsServer dns) throws Exception {
    dns.add("_dmarc.example.com. TXT \"v=DMARC1; p=; adkim=s\"");
    assertEquals("no-dmarc", discover(dns, "example.com").get("policy"));
  }

  /** dmarc-e-empty-p-rua: the same with a valid rua is p=none. */
  @Test
  void dmarcEEmptyPRua(TestDnsServer dns) throws Exception {
    dns.add("_dmarc.example.com. TXT \"v=DMARC1; p=; rua=mailto:d@example.com\"");
    assertEquals("none", discover(dns, "example.com").get("policy"));
  }

  /** dmarc-e-empty-sp: an empty sp is an invalid sp, not a missing one (we used to read p). */
  @Test
  void dmarcEEmptySp(TestDnsServer dns) throws Exception {
    dns.add("_dmarc.example.com. TXT \"v=DMARC1; p=reject; sp=\"");
    assertEquals("no-dmarc", discover(dns, "mail.example.com").get("policy"));
  }

  /** dmarc-e-p-smart-quotes: a p the parser cannot read (typographic quotes) is invalid too. */
  @Test
  void dmarcEPSmartQuotes(TestDnsServer dns) throws Exception {
    dns.add("_dmarc.example.com. TXT \"v=DMARC1; p=\u201creject\u201d\"");
    assertEquals("no-dmarc", discover(dns, "example.com").get("policy"));
  }

  /**
   * dmarc-e-bad-np: RFC 9989 §4.10.1 treats an invalid np like an invalid p: without a valid rua
   * the record is not applied. We used to fall back to sp (here p). mailauth 7 agrees.
   */
  @Test
  void dmarcEBadNp(TestDnsServer dns) throws Exception {
    dns.add("_dmarc.example.com. TXT \"v=DMARC1; p=reject; np=bogus\"");
    Map<String, String> v =
        DmarcConformanceProbe.rfc9989(dns.client(Duration.ofMillis(500)), "nx.example.com")
            .get(10, TimeUnit.SECONDS);
    assertEquals("example.com", v.get("record"));
    assertEquals("no-dmarc", v.get("policy"));
  }

  /** dmarc-e-bad-np-rua: with a valid rua, p=none, also for an existing subdomain (sp). */
  @Test
  void dmarcEBadNpRua(TestDnsServer dns) throws Exception {
    dns.add("_dmarc.example.com. TXT \"v=DMARC1; p=reject; np=bogus; rua=mailto:d@example.com\"");
    dns.add("www.example.com. A 192.0.2.1");
    Map<String, String> v =
        DmarcConformanceProbe.rfc9989(dns.client(Duration.ofMillis(500)), "www.example.com")
            .get(10, TimeUnit.SECONDS);
    assertEquals("none", v.get("policy"));
  }

  /**
   * dmarc-e-bad-p-empty-mailto: step 6 asks for "at least one syntactically valid reporting URI",
   * and {@code mailto:} is one (RFC 3986 path-empty; RFC 6068 makes the address optional), so the
   * record is read as p=none. We used to require a usable address. A bare address is no URI.
   */
  @Test
  void dmarcEBadPEmptyMailto(TestDnsServer dns) throws Exception {
    dns.add("_dmarc.example.com. TXT \"v=DMARC1; p=bogus; rua=mailto:\"");
    dns.add("_dmarc.example.net. TXT \"v=DMARC1; p=bogus; rua=d@example.net\"");
    assertEquals("none", discover(dns, "example.com").get("policy"));
    assertEquals("no-dmarc", discover(dns, "example.net").get("policy"));
  }
}
