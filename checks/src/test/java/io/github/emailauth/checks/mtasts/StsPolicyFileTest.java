package io.github.emailauth.checks.mtasts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.emailauth.policy.StsMode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class StsPolicyFileTest {
  @ParameterizedTest
  @ValueSource(
      strings = {
        "version: STSv1\r\n"
            + "mode: enforce\r\n"
            + "mx: mx1.example.com\r\n"
            + "mx: *.example.net\r\n"
            + "max_age: 604800\r\n",
        "version: STSv1\nmode: enforce\nmx: mx1.example.com\nmx: *.example.net\nmax_age: 604800\n",
        "version: STSv1\r\n"
            + "mode: enforce\n"
            + "mx: mx1.example.com\r\n"
            + "mx: *.example.net\n"
            + "max_age: 604800",
        "max_age: 604800\nmx: *.example.net\nmode: enforce\nversion: STSv1\nmx: mx1.example.com\n",
        "version:STSv1  \n"
            + "mode:\tenforce\t\n"
            + "mx:   mx1.example.com \n"
            + "mx: *.example.net\n"
            + "max_age: 604800   \n",
        "version: STSv1\n"
            + "mode: enforce\n"
            + "future_key: anything goes here\n"
            + "mx: mx1.example.com\n"
            + "mx: *.example.net\n"
            + "max_age: 604800\n",
      })
  void validPoliciesInAnyLineEndingOrderAndSpacing(String body) {
    StsPolicyFile file = StsPolicyFile.parse(body);
    assertEquals(List.of(), file.problems(), body);
    assertEquals("STSv1", file.version());
    assertEquals(StsMode.ENFORCE, file.mode());
    assertEquals(604800L, file.maxAge());
    assertEquals(
        List.of("mx1.example.com", "*.example.net"),
        file.mx().stream()
            .map(MxPattern::text)
            .sorted(java.util.Comparator.reverseOrder())
            .toList());
  }

  @Test
  void modeNoneNeedsNoMx() {
    StsPolicyFile file = StsPolicyFile.parse("version: STSv1\nmode: none\nmax_age: 86400\n");
    assertTrue(file.valid(), file.problems().toString());
    assertEquals(StsMode.NONE, file.mode());
    assertTrue(file.mx().isEmpty());
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "mode: enforce\\nmx: a.example.com\\nmax_age: 1|the version field is missing",
        "version: STSv1\\nmx: a.example.com\\nmax_age: 1|the mode field is missing",
        "version: STSv1\\nmode: enforce\\nmx: a.example.com|the max_age field is missing",
        "version: STSv1\\n"
            + "mode: enforce\\n"
            + "max_age: 604800|mode enforce needs at least one valid mx pattern",
        "version: STSv1\\n"
            + "mode: testing\\n"
            + "max_age: 604800|mode testing needs at least one valid mx pattern",
        "version: STSv2\\nmode: none\\nmax_age: 1|it must be STSv1",
        "version: stsv1\\nmode: none\\nmax_age: 1|it must be STSv1",
        "version: STSv1\\n"
            + "mode: Enforce\\n"
            + "mx: a.example.com\\n"
            + "max_age: 1|it must be enforce, testing or none",
        "version: STSv1\\nMode: enforce\\nmx: a.example.com\\nmax_age: 1|senders ignore \"Mode\"",
        "version: STSv1\\nmode: none\\nmax_age: 31557601|over the maximum of 31557600",
        "version: STSv1\\nmode: none\\nmax_age: 12345678901|it must be 1 to 10 digits",
        "version: STSv1\\nmode: none\\nmax_age: -1|it must be 1 to 10 digits",
        "version: STSv1\\nmode: none\\nmax_age: 1w|it must be 1 to 10 digits",
        "version: STSv1\\n"
            + "mode: enforce\\n"
            + "mx: mail.*.example.com\\n"
            + "max_age: 1|whole left-most label",
        "version: STSv1\\nmode: enforce\\nmx: bücher.example\\nmax_age: 1|is not ASCII",
        "version: STSv1\\nmode: none\\nmax_age: 1\\njust some text|is not \"name: value\"",
        "version: STSv1\\nmode: none\\nmax_age: 1\\nbad name: x|is not a valid field name",
        "version: STSv1\\nmode: none\\u0000\\nmax_age: 1|control character U+0000",
      })
  void errors(String escaped, String reason) {
    String body = escaped.replace("\\n", "\n").replace("\\u0000", "\u0000");
    StsPolicyFile file = StsPolicyFile.parse(body);
    assertFalse(file.valid(), body);
    assertTrue(
        file.errors().stream().anyMatch(p -> p.message().contains(reason)),
        () -> body + " -> " + file.problems());
  }

  @Test
  void duplicatesFirstWinsWithWarnings() {
    StsPolicyFile file =
        StsPolicyFile.parse(
            "version: STSv1\n"
                + "mode: enforce\n"
                + "mode: none\n"
                + "mx: a.example.com\n"
                + "max_age: 600\n"
                + "max_age: 900\n");
    assertTrue(file.valid(), file.problems().toString());
    assertEquals(StsMode.ENFORCE, file.mode());
    assertEquals(600L, file.maxAge());
    assertEquals(List.of(3, 6), file.warnings().stream().map(StsPolicyFile.Problem::line).toList());
  }

  @Test
  void maxAgeBoundsAreInclusive() {
    assertEquals(0L, StsPolicyFile.parse("version: STSv1\nmode: none\nmax_age: 0\n").maxAge());
    assertEquals(
        31557600L, StsPolicyFile.parse("version: STSv1\nmode: none\nmax_age: 31557600\n").maxAge());
  }

  @Test
  void byteOrderMarkIsAWarning() {
    StsPolicyFile file = StsPolicyFile.parse("\uFEFFversion: STSv1\nmode: none\nmax_age: 86400\n");
    assertTrue(file.valid());
    assertTrue(file.warnings().get(0).message().contains("byte order mark"));
  }

  @Test
  void blankLinesAreWarnings() {
    StsPolicyFile file =
        StsPolicyFile.parse(
            "version: STSv1\n\nmode: enforce\nmx: mx.example.com\nmax_age: 86400\n");
    assertTrue(file.valid());
    assertEquals(1, file.warnings().size(), file.problems().toString());
    assertTrue(file.mx().get(0).matches("mx.example.com"));
  }

  @Test
  void publicTemplateWithPlaceholderMxIsInvalid() throws IOException {
    String body;
    try (InputStream in = getClass().getResourceAsStream("/mtasts/co-cddo-template-mta-sts.txt")) {
      body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    StsPolicyFile file = StsPolicyFile.parse(body);
    assertEquals(StsMode.TESTING, file.mode());
    assertEquals(86401L, file.maxAge());
    assertFalse(file.valid());
    assertTrue(file.errors().stream().anyMatch(p -> p.line() == 4), file.problems().toString());
    assertTrue(file.errors().stream().anyMatch(p -> p.message().contains("needs at least one")));
  }

  @Test
  void hostileBodyStaysBounded() {
    String body =
        "version: STSv1\nmode: enforce\n" + "mx: a.example.com\n".repeat(4000) + "\n".repeat(20000);
    long start = System.nanoTime();
    StsPolicyFile file = StsPolicyFile.parse(body);
    assertTrue(System.nanoTime() - start < 5_000_000_000L);
    assertNull(file.maxAge());
  }

  @Test
  void aHostileBodyYieldsAFewProblemsNotOnePerLine() {
    // found by MtaStsFuzzTest: a 64 KB body of bad lines gave one problem (one finding) per line
    StsPolicyFile file =
        StsPolicyFile.parse(
            "version: STSv1\nmode: enforce\nmax_age: 86400\nmx: a.example.com\n"
                + "x\n".repeat(30_000));
    assertEquals(StsPolicyFile.MAX_PROBLEMS, file.problems().size());
    StsPolicyFile.Problem last = file.problems().get(file.problems().size() - 1);
    assertTrue(last.message().contains("more problems"), last.message());
    // the errors among the dropped still make the file invalid
    assertFalse(file.errors().isEmpty());
  }
}
