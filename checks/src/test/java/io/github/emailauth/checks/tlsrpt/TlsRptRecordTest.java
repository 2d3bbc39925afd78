package io.github.emailauth.checks.tlsrpt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TlsRptRecordTest {
  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "v=TLSRPTv1; rua=mailto:tlsrpt@example.com|mailto:tlsrpt@example.com",
        "v=TLSRPTv1;rua=mailto:a@x.example,https://r.example/v1|mailto:a@x.example,https://r.example/v1",
        "v=TLSRPTv1; rua=mailto:a@x.example ,"
            + " mailto:b@y.example;|mailto:a@x.example,mailto:b@y.example",
        "v=TLSRPTv1; rua=https://reports.example.com/tlsrpt?x=1;"
            + " ext=value|https://reports.example.com/tlsrpt?x=1",
        "v=TLSRPTv1; rua=mailto:tls%2Crpt@example.com|mailto:tls%2Crpt@example.com",
      })
  void valid(String txt, String rua) {
    TlsRptRecord.Parsed parsed = TlsRptRecord.parse(txt);
    assertEquals(List.of(), parsed.errors(), txt);
    assertEquals(List.of(rua.split(",")), parsed.record().rua());
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "v=TLSRPTv1|the rua field is required",
        "v=TLSRPTv1; ext=only|the rua field is required",
        "v=TLSRPTv1; rua=|an empty rua URI",
        "v=TLSRPTv1; rua=tlsrpt@example.com|has no scheme",
        "v=TLSRPTv1; rua=http://reports.example.com/|uses http:",
        "v=TLSRPTv1; rua=ftp://reports.example.com/|only mailto: and https: are allowed",
        "v=TLSRPTv1; rua=mailto:a@x.example,|an empty rua URI",
        "v=TLSRPTv1; rua=mailto:a@x.example!10m|must be %-encoded",
        "v=TLSRPTv1; rua=mailto:nobody|is not mailto:local-part@domain",
        "v=TLSRPTv1; rua=https:///path|has no host",
        "v=tlsrptv1; rua=mailto:a@x.example|the version is case-sensitive",
        "rua=mailto:a@x.example; v=TLSRPTv1|must start with v=TLSRPTv1",
        "v=TLSRPTv1 ; rua=mailto:a@x.example|reporters discard records",
        "v=TLSRPTv1; RUA=mailto:a@x.example|field names are case-sensitive",
      })
  void invalid(String txt, String reason) {
    TlsRptRecord.Parsed parsed = TlsRptRecord.parse(txt);
    assertNull(parsed.record(), txt);
    assertTrue(
        parsed.errors().stream().anyMatch(e -> e.contains(reason)),
        () -> txt + " -> " + parsed.errors());
  }

  @Test
  void duplicateRuaFirstWins() {
    TlsRptRecord.Parsed parsed =
        TlsRptRecord.parse("v=TLSRPTv1; rua=mailto:a@x.example; rua=mailto:b@x.example");
    assertEquals(List.of("mailto:a@x.example"), parsed.record().rua());
    assertEquals(1, parsed.warnings().size());
  }

  @Test
  void comparableFormIgnoresSchemeAndDomainCase() {
    assertEquals(
        TlsRptRecord.comparable("mailto:TLS@example.com"),
        TlsRptRecord.comparable("MAILTO:TLS@EXAMPLE.COM"));
    assertTrue(
        !TlsRptRecord.comparable("mailto:tls@example.com")
            .equals(TlsRptRecord.comparable("mailto:TLS@example.com")),
        "the local part is case-sensitive");
    assertEquals(
        TlsRptRecord.comparable("https://Reports.Example.com/Path"),
        TlsRptRecord.comparable("HTTPS://reports.example.com/Path"));
  }

  @Test
  void format() {
    assertEquals(
        "v=TLSRPTv1; rua=mailto:a@x.example,https://r.example/v1",
        TlsRptRecord.format(List.of("mailto:a@x.example", "https://r.example/v1")));
  }

  @Test
  void aHostileRecordYieldsAFewMessagesNotThousands() {
    // found by TlsRptFuzzTest: one error per empty field of a 64 KB record
    TlsRptRecord.Parsed p =
        TlsRptRecord.parse("v=TLSRPTv1; rua=mailto:a@example.com" + ";x".repeat(30_000));
    assertEquals(io.github.emailauth.checks.text.TagList.MAX_MESSAGES, p.errors().size());
    assertTrue(
        p.errors().get(p.errors().size() - 1).contains("more like these"), p.errors().toString());
  }
}
