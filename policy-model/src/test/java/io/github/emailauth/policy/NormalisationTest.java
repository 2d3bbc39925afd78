package io.github.emailauth.policy;

import static io.github.emailauth.policy.PolicyTesting.lines;
import static io.github.emailauth.policy.PolicyTesting.load;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Names are compared by meaning: case, a trailing dot and Unicode spelling do not matter. */
class NormalisationTest {

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "example.com, example.com",
    "EXAMPLE.Com, example.com",
    "example.com., example.com",
    "bücher.example, xn--bcher-kva.example",
    "BÜCHER.example., xn--bcher-kva.example",
    "例え.テスト, xn--r8jz45g.xn--zckzah",
    "xn--bcher-kva.example, xn--bcher-kva.example",
    "münchen.de, xn--mnchen-3ya.de",
    "mail。example。com, mail.example.com",
  })
  void domainNames(String written, String normalised) throws Exception {
    assertEquals(normalised, Names.hostName(written));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        ".",
        "a..b",
        ".example.com",
        "-a.example",
        "a-.example",
        "a b.example",
        "a_b.example",
        "192.0.2.1",
        "2001:db8::1",
        "example.123",
        "*.example.com",
        "exa$mple.com"
      })
  void notHostNames(String written) {
    assertThrows(Names.Invalid.class, () -> Names.hostName(written));
  }

  @Test
  void underscoresOnlyWhereDnsNamesAllowThem() throws Exception {
    assertEquals(
        "selector1-example-com._domainkey.example.onmicrosoft.com",
        Names.dnsName("Selector1-example-com._domainkey.example.onmicrosoft.com."));
    assertThrows(Names.Invalid.class, () -> Names.hostName("_spf.example.com"));
  }

  @Test
  void lengthLimits() throws Exception {
    String label63 = "a".repeat(63);
    assertEquals(label63 + ".example", Names.hostName(label63 + ".example"));
    assertThrows(Names.Invalid.class, () -> Names.hostName("a".repeat(64) + ".example"));
    String name253 = ("a".repeat(49) + ".").repeat(5) + "abc";
    assertEquals(253, name253.length());
    assertEquals(name253, Names.hostName(name253));
    assertThrows(Names.Invalid.class, () -> Names.hostName(name253 + "d"));
  }

  @Test
  void mxPatterns() throws Exception {
    assertEquals("*.xn--bcher-kva.example", Names.mxPattern("*.Bücher.example."));
    assertEquals("mx1.example.com", Names.mxPattern("MX1.example.com"));
    for (String bad :
        List.of(
            "*",
            "*.",
            "mx.*.example",
            "*mx.example",
            "**.example",
            "*.*.example",
            "192.0.2.1",
            "::1")) {
      assertThrows(Names.Invalid.class, () -> Names.mxPattern(bad), bad);
    }
  }

  @Test
  void selectors() throws Exception {
    assertEquals("s2025", Names.selector("S2025"));
    assertEquals("a.b", Names.selector("a.b"));
    for (String bad : List.of("", "a..b", "a_b", "-a", "a.", "bücher")) {
      assertThrows(Names.Invalid.class, () -> Names.selector(bad), bad);
    }
  }

  @Test
  void ipLiteralsWithoutDns() throws Exception {
    assertEquals("192.0.2.10", Names.ipAddress("192.0.2.10"));
    assertEquals("2001:db8::25", Names.ipAddress("2001:DB8::25"));
    assertEquals("::ffff:192.0.2.1", Names.ipAddress("::ffff:192.0.2.1"));
    for (String bad :
        List.of(
            "192.0.2",
            "192.0.2.256",
            "192.0.2.010",
            "1.2.3.4.5",
            "2001:db8:::1",
            "fe80::1%eth0",
            "localhost",
            "192.0.2.0/24",
            "")) {
      assertThrows(Names.Invalid.class, () -> Names.ipAddress(bad), bad);
    }
  }

  @Test
  void mailtoUris() throws Exception {
    assertEquals(
        "mailto:dmarc@xn--bcher-kva.example", Uris.mailto("mailto:dmarc@Bücher.example", false));
    assertEquals("mailto:a.b+c@example.com!10m", Uris.mailto("MAILTO:a.b+c@EXAMPLE.com!10M", true));
    assertEquals("mailto:d%2Cx@example.com", Uris.mailto("mailto:d%2Cx@example.com", false));
    for (String bad :
        List.of(
            "mailto:",
            "mailto:@example.com",
            "mailto:dmarc",
            "mailto:dmarc@",
            "dmarc@example.com",
            "mailto:a@b@",
            "mailto:a,b@example.com",
            "mailto:a@example.com?subject=x",
            "mailto:.a@example.com",
            "mailto:a..b@example.com",
            "mailto:a@192.0.2.1",
            "mailto:a@example.com!10m")) {
      assertThrows(Names.Invalid.class, () -> Uris.mailto(bad, false), bad);
    }
  }

  @Test
  void httpsUris() throws Exception {
    assertEquals(
        "https://brand.example.com/logo.svg", Uris.https("https://brand.example.com/logo.svg"));
    assertEquals("https://r.example:8443/x", Uris.https("https://r.example:8443/x"));
    for (String bad :
        List.of(
            "http://brand.example.com/",
            "brand.example.com/logo.svg",
            "https://",
            "https:///x",
            "https://user@brand.example.com/",
            "https://192.0.2.1/",
            "https://[2001:db8::1]/",
            "https://bad host/",
            "ftp://x.example/")) {
      assertThrows(Names.Invalid.class, () -> Uris.https(bad), bad);
    }
  }

  @Test
  void policyNamesAreNormalisedEverywhere() {
    Policy policy =
        load(
            lines(
                "version: 1",
                "domains:",
                "  Bücher.Example.:",
                "    mx: [10 MX.Bücher.example.]",
                "    dmarc: {policy: reject, rua: [mailto:dmarc@BÜCHER.example], cname:"
                    + " D.Vendor.example.}",
                "    mtaSts: {mode: enforce, mx: [\"*.Bücher.example\"]}",
                "    spf: {redirect: _SPF.Bücher.example.}",
                "    dkim: {Sel1: {cname: Sel1._domainkey.Vendor.example.}}"));
    assertEquals(List.of("xn--bcher-kva.example"), List.copyOf(policy.domains().keySet()));
    DomainPolicy d = policy.domains().get("xn--bcher-kva.example");
    assertEquals("xn--bcher-kva.example", d.name());
    assertEquals("mx.xn--bcher-kva.example", d.mx().hosts().get(0).host());
    assertEquals(List.of("mailto:dmarc@xn--bcher-kva.example"), d.dmarc().rua());
    assertEquals("d.vendor.example", d.dmarc().cname());
    assertEquals(List.of("*.xn--bcher-kva.example"), d.mtaSts().mx());
    assertEquals("_spf.xn--bcher-kva.example", d.spf().redirect());
    assertTrue(d.dkim().containsKey("sel1"));
    assertEquals("sel1._domainkey.vendor.example", d.dkim().get("sel1").cname());
  }

  @Test
  void suggestionsUseEditDistance() {
    assertEquals(1, Suggest.distance("polcy", "policy"));
    assertEquals(1, Suggest.distance("polciy", "policy"), "a transposition is one edit");
    assertEquals("policy", Suggest.closest("Policy", List.of("policy", "rua")));
    assertEquals("mtaSts", Suggest.closest("mtasts", List.of("mx", "mtaSts", "tlsRpt")));
    assertEquals(null, Suggest.closest("zzzzzz", List.of("rua")));
    assertFalse(Suggest.didYouMean("x".repeat(1000), List.of("policy")).startsWith("did you mean"));
  }
}
