package io.github.emailauth.checks.mtasts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MxPatternTest {
  @ParameterizedTest
  @CsvSource({
    "*.example.com, mail.example.com, true",
    "*.example.com, MAIL.EXAMPLE.COM., true",
    "*.example.com, example.com, false",
    "*.example.com, a.b.example.com, false",
    "*.example.com, mailexample.com, false",
    "*.example.com, .example.com, false",
    "mx1.example.com, mx1.example.com, true",
    "mx1.example.com, MX1.Example.COM., true",
    "mx1.example.com, a.mx1.example.com, false",
    "MX1.EXAMPLE.COM., mx1.example.com, true",
  })
  void matchesExactlyOneLabelForAWildcard(String pattern, String host, boolean matches) {
    assertEquals(matches, new MxPattern(pattern).matches(host));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        ".|must be a host name",
        "''|must be a host name",
        "2001:db8::1|is an IP address",
        "[192.0.2.1]|is an IP address",
        "mail*.example.com|a wildcard is allowed only as the whole left-most label",
        "*mail.example.com|a wildcard is allowed only as the whole left-most label",
        "a.*.example.com|a wildcard is allowed only as the whole left-most label",
        "*.*.example.com|a wildcard is allowed only as the whole left-most label",
        "bücher.example|is not ASCII",
        "-mx.example.com|has an invalid label",
        "mx..example.com|has an invalid label",
        "mx_1.example.com|has an invalid label",
        // found by MtaStsFuzzTest: the constructor normalised twice and took this one
        "mx.example.com..|has an invalid label",
      })
  void rejectsBadPatterns(String pattern, String reason) {
    String problem = MxPattern.problem(pattern).orElseThrow();
    assertTrue(problem.contains(reason), problem);
    assertThrows(IllegalArgumentException.class, () -> new MxPattern(pattern));
  }

  /** Grammatical (RFC 5321 Domain) but never an MX host name: refused in a declaration only. */
  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "192.0.2.1|is an IP address",
        "localhost|is not a fully qualified host name",
        "*.com|is not a fully qualified host name",
      })
  void oddButGrammaticalPatterns(String pattern, String reason) {
    String problem = MxPattern.problem(pattern).orElseThrow();
    assertTrue(problem.contains(reason), problem);
    assertTrue(MxPattern.syntaxProblem(pattern).isEmpty());
    assertEquals(pattern, new MxPattern(pattern).text());
  }
}
