package io.github.emailauth.checks.dmarc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DmarcRecordTest {

  /** The check ids a record's problems map to, space-separated, in order; "" for a clean record. */
  private static String checks(String text) {
    return DmarcRecord.parse(text).problems().stream()
        .map(p -> p.check().id())
        .collect(Collectors.joining(" "));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource(
      delimiter = '|',
      value = {
        // spec §8.1: spacing and case of tag names do not matter, the DMARC1 value does
        "v=DMARC1;p=reject                         | true  | ",
        "v = DMARC1 ; p = reject ;                 | true  | ",
        "'  v=DMARC1; p=reject;  '                 | true  | ",
        "V=DMARC1; P=Reject                        | true  | ",
        "v=dmarc1; p=reject                        | false | DMARC-INVALID",
        "v=DMARC1 p=reject                         | false | DMARC-INVALID",
        // spec §8.2: v not first
        "p=quarantine; v=DMARC1                    | false | DMARC-INVALID",
        "''                                        | false | DMARC-INVALID DMARC-SYNTAX",
        "v=DMARC2; p=reject                        | false | DMARC-INVALID",
        "'\"v=DMARC1; p=reject\"'                  | false | DMARC-INVALID DMARC-SYNTAX",
        // spec §8.4: no p
        "v=DMARC1; rua=mailto:a@example.com        | true  | DMARC-NO-POLICY-TAG",
        "v=DMARC1; sp=none; p=reject               | true  | DMARC-TAG-ORDER",
        // spec §8.5: bad p
        "v=DMARC1; p=bogus; rua=mailto:a@x.com     | true  | DMARC-BAD-VALUE",
        "v=DMARC1; p=reject; p=none                | true  | DMARC-DUPLICATE-TAG",
        "v=DMARC1; p=reject; v=DMARC1              | true  | DMARC-DUPLICATE-TAG",
        "v=DMARC1; p=reject; foo=bar               | true  | DMARC-UNKNOWN-TAG",
        "v=DMARC1; p=reject;; sp=none              | true  | DMARC-SYNTAX",
        "v=DMARC1; p=reject; sp                    | true  | DMARC-SYNTAX",
        "v=DMARC1; p=reject; sp=                   | true  | DMARC-SYNTAX",
        "v=DMARC1; p=reject; s-p=none              | true  | DMARC-SYNTAX",
        // RFC 9989 tags
        "v=DMARC1; p=reject; np=quarantine; t=y; psd=n | true | ",
        "v=DMARC1; p=reject; np=maybe              | true  | DMARC-BAD-VALUE",
        "v=DMARC1; p=reject; t=yes                 | true  | DMARC-BAD-VALUE",
        "v=DMARC1; p=reject; psd=x                 | true  | DMARC-BAD-VALUE",
        "v=DMARC1; p=reject; adkim=x               | true  | DMARC-BAD-VALUE",
        // spec §8.14: pct, and the tags RFC 9989 removed
        "v=DMARC1; p=reject; pct=0                 | true  | DMARC-REMOVED-TAG",
        "v=DMARC1; p=reject; pct=100               | true  | DMARC-REMOVED-TAG",
        "v=DMARC1; p=reject; pct=101               | true  | DMARC-BAD-VALUE DMARC-REMOVED-TAG",
        "v=DMARC1; p=reject; pct=50.5              | true  | DMARC-BAD-VALUE DMARC-REMOVED-TAG",
        "v=DMARC1; p=reject; rf=afrf; ri=3600      | true  | DMARC-REMOVED-TAG DMARC-REMOVED-TAG",
        "v=DMARC1; p=reject; ri=99999999999        | true  | DMARC-BAD-VALUE DMARC-REMOVED-TAG",
        // spec §8.13: fo
        "v=DMARC1; p=reject; ruf=mailto:f@example.com; fo=1:d:s | true | ",
        "v=DMARC1; p=reject; ruf=mailto:f@example.com; fo=0:1   | true | DMARC-BAD-VALUE",
        "v=DMARC1; p=reject; ruf=mailto:f@example.com; fo=d:d   | true | DMARC-BAD-VALUE",
        "v=DMARC1; p=reject; ruf=mailto:f@example.com; fo=x     | true | DMARC-BAD-VALUE",
        "v=DMARC1; p=reject; fo=1                  | true  | DMARC-FO-IGNORED",
        // spec §8.11: URI lists and sizes
        "v=DMARC1; p=reject; rua=mailto:a@x.com!10m,mailto:b@y.com | true | DMARC-SIZE-LIMIT",
        "v=DMARC1; p=reject; rua=mailto:a%21b@x.com | true | ",
        "v=DMARC1; p=reject; rua=dmarc@example.com | true  | DMARC-BAD-VALUE",
        "v=DMARC1; p=reject; rua=mailto:a@x.com,   | true  | DMARC-BAD-VALUE",
        "v=DMARC1; p=reject; rua=mailto:a@x.com!10q | true | DMARC-BAD-VALUE",
        "v=DMARC1; p=reject; rua=mailto:nobody     | true  | DMARC-BAD-VALUE",
        "v=DMARC1; p=reject; rua=mailto:a@x.com!99999999999999999999t | true | DMARC-BAD-VALUE",
        "v=DMARC1; p=reject; rua=https://reports.example.net/dmarc | true | ",
      })
  void parsesEdgeCases(String text, boolean dmarc, String expectedChecks) {
    DmarcRecord r = DmarcRecord.parse(text);
    assertEquals(dmarc, r.isDmarc(), () -> "isDmarc of " + text + ": " + r.problems());
    assertEquals(
        expectedChecks == null ? "" : expectedChecks, checks(text), () -> r.problems().toString());
  }

  @Test
  void keepsTagsInOrderWithOffsets() {
    String text = "v=DMARC1;  p=reject; RUA = mailto:a@example.com ;";
    DmarcRecord r = DmarcRecord.parse(text);
    assertEquals(List.of("v", "p", "rua"), r.tags().stream().map(DmarcRecord.Tag::name).toList());
    DmarcRecord.Tag rua = r.tags().get(2);
    assertEquals("RUA", rua.rawName());
    assertEquals("mailto:a@example.com", rua.value());
    assertEquals(text.indexOf("RUA"), rua.offset());
    assertEquals(text.indexOf("p=reject"), r.tags().get(1).offset());
  }

  @Test
  void explainsWhyARecordIsIgnored() {
    assertTrue(message("v=dmarc1; p=reject").contains("case-sensitive"));
    assertTrue(message("v=DMARC1 p=reject").contains("`;` missing"));
    assertTrue(message("p=reject; v=DMARC1").contains("must come first"));
    assertTrue(message("\u201cv=DMARC1; p=reject\u201d").contains("typographic quotes"));
    assertTrue(message("\"v=DMARC1; p=reject\"").contains("remove them"));
  }

  private static String message(String text) {
    return DmarcRecord.parse(text).problems().get(0).message();
  }

  @Test
  void sizeSuffixesArePowersOfTwo() {
    var list =
        ReportUri.parseList("mailto:a@x.com!10m, mailto:b@Y.COM!1k ,mailto:c@z.com!7").uris();
    assertEquals(BigInteger.valueOf(10L << 20), list.get(0).sizeLimit());
    assertEquals(BigInteger.valueOf(1024), list.get(1).sizeLimit());
    assertEquals(BigInteger.valueOf(7), list.get(2).sizeLimit());
    assertEquals("y.com", list.get(1).host());
    assertEquals("mailto:b@y.com!1024", list.get(1).normalized());
    var max = ReportUri.parse("mailto:a@x.com!16777215t");
    assertTrue(max.sizeLimit().compareTo(ReportUri.UINT64_MAX) <= 0);
  }

  @Test
  void percentEncodedBangStaysInTheAddress() {
    ReportUri u = ReportUri.parse("mailto:a%21b@x.com!2g");
    assertEquals("a!b@x.com", u.address());
    assertEquals(BigInteger.ONE.shiftLeft(31), u.sizeLimit());
  }

  @Test
  void otherSchemesKeepTheirHost() {
    ReportUri u = ReportUri.parse("https://user@Reports.Example.net:8443/x?y");
    assertFalse(u.isMailto());
    assertEquals("reports.example.net", u.host());
  }

  @ParameterizedTest
  @ValueSource(ints = {100_000, 1_000_000})
  void hostileInputIsRejectedQuickly(int size) {
    String hostile = "v=DMARC1; " + "p=reject;".repeat(size / 9);
    long start = System.nanoTime();
    DmarcRecord r = DmarcRecord.parse(hostile);
    String commas = "v=DMARC1; p=reject; rua=" + ",".repeat(DmarcRecord.MAX_LENGTH - 30);
    DmarcRecord r2 = DmarcRecord.parse(commas);
    assertTrue(Duration.ofNanos(System.nanoTime() - start).toMillis() < 2_000);
    assertFalse(r.isDmarc());
    assertTrue(r2.isDmarc());
    assertTrue(r2.problems().size() < 5);
  }
}
