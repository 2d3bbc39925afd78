package io.github.emailauth.checks.spf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.net.InetAddresses;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The examples of RFC 7208 §7.4, plus escapes, URL-escaping and truncation. */
class MacroExpanderTest {
  private static final MacroExpander.Values V4 =
      new MacroExpander.Values(
          "strong-bad@email.example.com",
          "email.example.com",
          InetAddresses.forString("192.0.2.3"),
          "mx.example.org",
          "mx.example.org",
          "checker.example.net",
          1_700_000_000L);

  private static String expand(String macroString, MacroExpander.Values v) {
    return MacroExpander.expand(SpfParser.macroString(macroString, 0, true, true), v);
  }

  @ParameterizedTest
  @CsvSource({
    "%{s}, strong-bad@email.example.com",
    "%{o}, email.example.com",
    "%{d}, email.example.com",
    "%{d4}, email.example.com",
    "%{d3}, email.example.com",
    "%{d2}, example.com",
    "%{d1}, com",
    "%{dr}, com.example.email",
    "%{d2r}, example.email",
    "%{l}, strong-bad",
    "%{l-}, strong.bad",
    "%{lr}, strong-bad",
    "%{lr-}, bad.strong",
    "%{l1r-}, strong",
    "%{ir}.%{v}._spf.%{d2}, 3.2.0.192.in-addr._spf.example.com",
    "%{lr-}.lp._spf.%{d2}, bad.strong.lp._spf.example.com",
    "%{lr-}.lp.%{ir}.%{v}._spf.%{d2}, bad.strong.lp.3.2.0.192.in-addr._spf.example.com",
    "%{ir}.%{v}.%{l1r-}.lp._spf.%{d2}, 3.2.0.192.in-addr.strong.lp._spf.example.com",
    "%{d2}.trusted-domains.example.net, example.com.trusted-domains.example.net",
    "%{p2}.trusted-domains.example.net, example.org.trusted-domains.example.net",
    "%{c}, 192.0.2.3",
    "%{r}, checker.example.net",
    "%{t}, 1700000000",
    "%{h}, mx.example.org",
    "%{d127}, email.example.com",
    "%%%_%-, '% %20'",
  })
  void rfc7208Examples(String macro, String expected) {
    assertEquals(expected, expand(macro, V4));
  }

  @Test
  void ipv6NibblesAndReadableForm() {
    MacroExpander.Values v6 =
        new MacroExpander.Values(
            "strong-bad@email.example.com",
            "email.example.com",
            InetAddresses.forString("2001:db8::cb01"),
            "",
            "unknown",
            "unknown",
            0);
    // RFC 7208 §7.4 prints the nibbles in lower case, the open-spf suite in upper case; DNS names
    // ignore case, and we follow the suite (see docs/spf.md).
    assertEquals(
        "1.0.b.c.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6._spf.example.com",
        expand("%{ir}.%{v}._spf.%{d2}", v6).toLowerCase(Locale.ROOT));
    assertEquals("2001:db8::cb01", expand("%{c}", v6));
    assertEquals(
        "1.0.B.C.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.B.D.0.1.0.0.2.ip6.arpa",
        MacroExpander.reverseName(v6.ip()));
  }

  @Test
  void upperCaseLettersAreUrlEscaped() {
    MacroExpander.Values v =
        new MacroExpander.Values(
            "~jack&jill=up-a_b3.c@e8.example.com",
            "e8.example.com",
            InetAddresses.forString("192.168.218.42"),
            "JUMPIN' JUPITER",
            null,
            "unknown",
            0);
    assertEquals(
        "http://example.com/why.html?l=~jack%26jill%3Dup-a_b3.c",
        expand("http://example.com/why.html?l=%{L}", v));
    assertEquals("JUMPIN%27%20JUPITER", expand("%{H}", v));
    assertEquals("e8.example.com", expand("%{D}", v));
  }

  @Test
  void multipleDelimitersSplitTogether() {
    MacroExpander.Values v = V4.withDomain("e12.example.com");
    MacroExpander.Values s =
        new MacroExpander.Values(
            "foo-bar+zip+quux@e12.example.com", v.domain(), v.ip(), "", null, "unknown", 0);
    assertEquals("bar.foo.user.example.com", expand("%{l2r+-}.user.%{d2}", s));
  }

  @Test
  void longExpansionsLoseLabelsFromTheLeft() {
    String o = "somewhat.long.exp.example.com";
    MacroExpander.Values v =
        new MacroExpander.Values(
            "test@" + o, o, InetAddresses.forString("192.0.2.1"), "", null, "unknown", 0);
    String out =
        MacroExpander.expandDomain(
            SpfParser.domainSpec("foobar.%{o}.%{o}.%{o}.%{o}.%{o}.%{o}.%{o}.%{o}.example.com"), v);
    assertEquals((o + ".").repeat(8) + "example.com", out);
    assertTrue(out.length() <= 253 && ("foobar." + out).length() > 253);
    assertEquals(
        "example.com.d.spf.example.com",
        MacroExpander.expandDomain(
            SpfParser.domainSpec("%{d2}.d.spf.example.com."), v.withDomain("a.example.com")));
  }
}
