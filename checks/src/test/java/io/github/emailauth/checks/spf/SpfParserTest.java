package io.github.emailauth.checks.spf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SpfParserTest {

  private static SpfRecord ok(String text) {
    SpfParse p = SpfParser.parse(text);
    if (p instanceof SpfParse.Invalid bad) {
      throw new AssertionError(text + " should parse but: " + bad.describe());
    }
    return ((SpfParse.Parsed) p).record();
  }

  /** Source record, canonical form. The canonical form must parse to an equal record. */
  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "v=spf1|v=spf1",
        "V=SpF1 -ALL|v=spf1 -all",
        "v=spf1   a  -all   |v=spf1 a -all",
        "v=spf1 +a +mx ?ptr ~all|v=spf1 a mx ?ptr ~all",
        "v=spf1 a/24//64 mx//64 a:foo.example.com/24|v=spf1 a/24//64 mx//64 a:foo.example.com/24",
        "v=spf1 a/32//128|v=spf1 a",
        "v=spf1 a//33 -all|v=spf1 a//33 -all",
        "v=spf1 ip4:192.0.2.10/24 ip4:192.0.2.1/32|v=spf1 ip4:192.0.2.10/24 ip4:192.0.2.1",
        "v=spf1 ip6:2001:DB8::/32 ip6:::1.1.1.1/0|v=spf1 ip6:2001:db8::/32 ip6:::101:101/0",
        "v=spf1 include:_spf.example.com exists:%{ir}.%{l1r+-}._spf.%{d}|"
            + "v=spf1 include:_spf.example.com exists:%{ir}.%{l1r+-}._spf.%{d}",
        "v=spf1 a:foo:bar/baz.example.com|v=spf1 a:foo:bar/baz.example.com",
        "v=spf1 a:foo.example.xn--zckzah|v=spf1 a:foo.example.xn--zckzah",
        "v=spf1 a:example.com.|v=spf1 a:example.com.",
        "v=spf1 a:macro%%percent%_%_space%-url-space.example.com|"
            + "v=spf1 a:macro%%percent%_%_space%-url-space.example.com",
        "v=spf1 REDIRECT=_spf.example.com|v=spf1 redirect=_spf.example.com",
        "v=spf1 -all Exp=explain.%{D2}|v=spf1 -all exp=explain.%{D2}",
        "v=spf1 moo.cow-far_out=man:dog/cat ip4:1.2.3.4 -all|"
            + "v=spf1 moo.cow-far_out=man:dog/cat ip4:1.2.3.4 -all",
        "v=spf1 default=+|v=spf1 default=+",
        "v=spf1 empty= -all|v=spf1 empty= -all",
        "v=spf1 ptr:example.com -ptr|v=spf1 ptr:example.com -ptr",
        "v=spf1 %{d}=x ?all|v=spf1 %{d}=x ?all",
      })
  void canonicalForm(String source, String canonical) {
    if (source.startsWith("v=spf1 %{d}")) {
      // A modifier name must start with a letter, so this one is a syntax error; the row stays
      // here to show that '=' decides modifier-ness before the name is checked.
      assertInstanceOf(SpfParse.Invalid.class, SpfParser.parse(source));
      return;
    }
    SpfRecord record = ok(source);
    assertEquals(canonical, record.toString());
    assertEquals(record, ok(record.toString()));
  }

  /** Invalid record, 0-based offset of the error, a word the message must contain. */
  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "v=spf10 -all|0|v=spf1",
        "v=spf1mx|0|v=spf1",
        "' v=spf1 -all'|0|v=spf1",
        "v=spf1 -all.|11|all",
        "v=spf1 -all:foobar|11|all",
        "v=spf1 -all/8|11|all",
        "v=spf1 ip4:1.2.3.4 -all moo|24|unknown mechanism 'moo'",
        "v=spf1 moo.cow/far_out=man:dog/cat ip4:1.2.3.4 -all|7|unknown mechanism",
        "v=spf1 ip4:1.2.3.4 redirect:t2.example.com|19|redirect is a modifier",
        "v=spf1 a:foo-bar -all|9|top-level",
        "v=spf1 a:111.222.33.44|20|numeric",
        "v=spf1 a:abc.123|13|'123'",
        "v=spf1 a:museum|9|top-level",
        "v=spf1 a:museum.|9|top-level",
        "v=spf1 a:example.-com|17|'-com'",
        "v=spf1 a:example.com:8080|17|top-level label",
        "v=spf1 a:|9|needs a domain",
        "v=spf1 a//129 -all|10|larger than 128",
        "v=spf1 a/33 -all|9|larger than 32",
        "v=spf1 a/24/64 -all|8|expected ':'",
        "v=spf1 ip4:1.2.3.4/33 -all|19|larger than 32",
        "v=spf1 ip4:1.2.3.4/032 -all|19|leading zero",
        "v=spf1 ip4|10|needs ':'",
        "v=spf1 ip4:1.2.3.4//32|19|CIDR",
        "v=spf1 ip4:1.2.3.4:8080|18|invalid character ':'",
        "v=spf1 ip4:1.2.3|11|full IPv4",
        "v=spf1 ip4:01.2.3.4|11|not a valid IPv4",
        "v=spf1 -all ip6|15|needs ':'",
        "v=spf1 ip6:::1.1.1.1/129|21|larger than 128",
        "v=spf1 ip6:::1.1.1.1//33|21|CIDR",
        "v=spf1 ip6::CAFE::BABE|11|not a valid IPv6",
        "v=spf1 ptr/0 -all|10|no CIDR",
        "v=spf1 ptr:|11|needs a domain",
        "v=spf1 include|14|needs ':'",
        "v=spf1 include: -all|15|needs a domain",
        "v=spf1 include:ip5.example.com/24 -all|30|no CIDR",
        "v=spf1 exists:mail.example.com/24|30|no CIDR",
        "v=spf1 exists|13|needs ':'",
        "v=spf1 1up=foo|7|start with a letter",
        "v=spf1 =all|7|without a name",
        "v=spf1 -all foo=%abc|16|'%' must be followed",
        "v=spf1 exp= -all|11|needs a domain",
        "v=spf1 exp=-all|11|top-level",
        "v=spf1 redirect=-all ?all|16|top-level",
        "v=spf1 ?all redirect=|21|needs a domain",
        "v=spf1 exp=a.example.com -all exp=b.example.com|30|exp= appears twice",
        "v=spf1 redirect=a.example.com -all redirect=a.example.com|35|redirect= appears twice",
        "v=spf1 -exists:%(ir).sbl.example.com ?all|15|'%' must be followed",
        "v=spf1 exists:foo%.sbl.example.com|17|'%' must be followed",
        "v=spf1 exists:foo.sbl.example.com%|33|at the end",
        "v=spf1 a:%{a}.example.com -all|11|unknown macro letter 'a'",
        "v=spf1 -all exp=%{r}.example.com|18|only allowed in explanation",
        "v=spf1 exists:%{d0}.example.com|17|zero",
        "v=spf1 exists:%{d.example.com|18|in macro",
        "v=spf1 exists:x.%{d|16|unterminated",
        "v=spf1 exists:%{d2x}.example.com|18|invalid character 'x' in macro",
        "v=spf1 +|7|qualifier without a mechanism",
        "v=spf1 ipv4:192.0.2.1|7|did you mean ip4",
      })
  void syntaxErrors(String source, int offset, String fragment) {
    SpfParse p = SpfParser.parse(source);
    SpfParse.Invalid bad = assertInstanceOf(SpfParse.Invalid.class, p, source);
    assertTrue(bad.message().contains(fragment), () -> source + ": message was " + bad.message());
    assertEquals(offset, bad.offset(), () -> source + ": " + bad.describe());
  }

  @Test
  void controlCharactersAndNonAsciiAreErrorsAtTheirOffset() {
    assertEquals(25, invalid("v=spf1 a:ctrl.example.com\rptr -all").offset());
    assertEquals(20, invalid("v=spf1 ip4:192.0.2.5\n include:x.example.com ~all").offset());
    assertEquals(9, invalid("v=spf1 a:\uFEFFgarbage.example.net -all").offset());
    assertEquals(7, invalid("v=spf1 \u0080a:example.net -all").offset());
    assertEquals(24, invalid("v=spf1 a:foo.example.com\0").offset());
    assertEquals(8, invalid("v=spf1 a\ta -all").offset());
  }

  private static SpfParse.Invalid invalid(String s) {
    return assertInstanceOf(SpfParse.Invalid.class, SpfParser.parse(s));
  }

  @Test
  void termsKeepTheirValuesAndOffsets() {
    SpfParse.Parsed p =
        (SpfParse.Parsed)
            SpfParser.parse("v=spf1  ~a:%{d2}/24//64 -ip4:192.0.2.0/24 redirect=x.example.com");
    assertEquals(List.of(8, 24, 42), p.offsets());
    SpfTerm.A a = (SpfTerm.A) p.record().terms().get(0);
    assertEquals(Qualifier.SOFTFAIL, a.qualifier());
    assertEquals(24, a.ip4Prefix());
    assertEquals(64, a.ip6Prefix());
    assertEquals(List.of(new MacroString.Macro('d', false, 2, false, "")), a.domain().parts());
    SpfTerm.Ip4 ip4 = (SpfTerm.Ip4) p.record().terms().get(1);
    assertEquals("192.0.2.0", ip4.address().getHostAddress());
    assertEquals(Qualifier.FAIL, ip4.qualifier());
    assertEquals("x.example.com", p.record().redirect().orElseThrow().domain().toString());
    assertTrue(p.record().all().isEmpty());
  }

  @Test
  void ipv4MappedIp6NetworkStaysIpv6() {
    SpfRecord r = ok("v=spf1 ip6:::FFFF:1.2.3.4");
    SpfTerm.Ip6 t = (SpfTerm.Ip6) r.terms().get(0);
    assertEquals(16, t.address().getAddress().length);
  }

  @Test
  void explanationTextAllowsSpacesAndExpOnlyMacros() {
    SpfParser.ExplanationParse p =
        SpfParser.parseExplanation("Connections from %{c} via %{r} at %{t} not authorized.");
    SpfParser.ExplanationParse.Parsed ok =
        assertInstanceOf(SpfParser.ExplanationParse.Parsed.class, p);
    assertTrue(ok.text().uses('c') && ok.text().uses('r') && ok.text().uses('t'));
    assertInstanceOf(
        SpfParser.ExplanationParse.Invalid.class, SpfParser.parseExplanation("The %{x}-files."));
  }

  @Test
  void hostileInputIsRejectedQuickly() {
    String many = "v=spf1 " + "a:".repeat(200_000) + "x";
    long start = System.nanoTime();
    assertInstanceOf(SpfParse.Invalid.class, SpfParser.parse(many));
    String slashes = "v=spf1 a:" + "/".repeat(300_000) + "1";
    assertInstanceOf(SpfParse.Invalid.class, SpfParser.parse(slashes));
    String macros = "v=spf1 exists:" + "%{d}".repeat(100_000) + " ip4:" + "9".repeat(100_000);
    assertInstanceOf(SpfParse.Invalid.class, SpfParser.parse(macros));
    String terms = "v=spf1" + " ip4:192.0.2.1".repeat(50_000);
    assertEquals(50_000, ok(terms).terms().size());
    assertTrue(System.nanoTime() - start < 5_000_000_000L, "parsing took too long");
  }

  @Test
  void selectionFollowsSection45() {
    assertInstanceOf(SpfSelection.NoRecord.class, SpfSelection.select(List.of()));
    assertInstanceOf(
        SpfSelection.NoRecord.class,
        SpfSelection.select(List.of("v=spf10", "v=spf1mx", " v=spf1 -all", "google-site=x")));
    assertEquals(
        new SpfSelection.One("V=SpF1 ~all"),
        SpfSelection.select(List.of("\u0096", "V=SpF1 ~all", "spf2.0/pra -all")));
    assertEquals(
        new SpfSelection.Several(List.of("v=spf1 -all", "v=spf1 -all")),
        SpfSelection.select(List.of("v=spf1 -all", "v=spf1 -all")));
    assertEquals(new SpfSelection.One("v=spf1"), SpfSelection.select(List.of("v=spf1", "")));
  }
}
