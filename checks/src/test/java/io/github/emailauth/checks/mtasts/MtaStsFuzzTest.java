package io.github.emailauth.checks.mtasts;

import static io.github.emailauth.checks.testing.Fuzz.HUGE_BUDGET;
import static io.github.emailauth.checks.testing.Fuzz.SMALL_BUDGET;
import static io.github.emailauth.checks.testing.Fuzz.within;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.emailauth.checks.testing.Fuzz;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Mutation fuzzing of the MTA-STS TXT record ({@link StsRecord}), the policy body ({@link
 * StsPolicyFile}) and mx patterns ({@link MxPattern}) (docs/fuzzing.md). The body is capped at
 * {@link PolicyFetcher#MAX_BODY} by the fetcher; the parser itself must still be linear, since a
 * declared or generated policy reaches it without that cap.
 */
class MtaStsFuzzTest {
  private static final List<String> RECORDS =
      List.of(
          "v=STSv1; id=20260101T000000;",
          "v=STSv1;id=abc123; ext_a=1; ext-b = x.y",
          "v=STSv1 ; id = 1 ;;");

  private static final List<String> BODIES =
      List.of(
          "version: STSv1\n"
              + "mode: enforce\n"
              + "mx: mail.example.com\n"
              + "mx: *.example.net\n"
              + "max_age: 604800\n",
          "version: STSv1\r\nmode: testing\r\nmx: mx1.example.org\r\nmax_age: 86400\r\n",
          "\uFEFFversion: STSv1\nmode: none\nmax_age: 31557600\nunknown_key: value\n");

  private static final List<String> PATTERNS =
      List.of("mail.example.com", "*.example.net", "MX1.Example.ORG.", "xn--bcher-kva.example");

  @Test
  void mutatedRecordsNeverThrow() {
    Fuzz fuzz = new Fuzz("sts-record");
    int ok = 0;
    int bad = 0;
    int n = Fuzz.iterations(20_000);
    for (int i = 0; i < n; i++) {
      String input = fuzz.mutate(fuzz.pick(RECORDS), RECORDS);
      StsRecord.Parsed p =
          within(
              SMALL_BUDGET,
              input,
              () -> {
                StsRecord.isCandidate(input);
                return StsRecord.parse(input);
              });
      assertNotNull(p.errors());
      if (p.errors().isEmpty()) {
        ok++;
      } else {
        bad++;
      }
    }
    assertTrue(ok > 0 && bad > 0, "ok " + ok + ", with errors " + bad);
  }

  @Test
  void mutatedPolicyBodiesNeverThrow() {
    Fuzz fuzz = new Fuzz("sts-policy");
    int valid = 0;
    int invalid = 0;
    int n = Fuzz.iterations(20_000);
    for (int i = 0; i < n; i++) {
      String input = fuzz.mutate(fuzz.pick(BODIES), BODIES);
      StsPolicyFile f = within(SMALL_BUDGET, input, () -> StsPolicyFile.parse(input));
      if (f.errors().isEmpty()) {
        valid++;
      } else {
        invalid++;
      }
    }
    assertTrue(valid > 0 && invalid > 0, "valid " + valid + ", invalid " + invalid);
  }

  @Test
  void mutatedMxPatternsFailOnlyWithTheDocumentedException() {
    Fuzz fuzz = new Fuzz("sts-mx");
    int n = Fuzz.iterations(20_000);
    for (int i = 0; i < n; i++) {
      String input = fuzz.mutate(fuzz.pick(PATTERNS), PATTERNS);
      within(SMALL_BUDGET, input, () -> MxPattern.problem(input));
      Optional<String> problem = within(SMALL_BUDGET, input, () -> MxPattern.syntaxProblem(input));
      // syntaxProblem() and the constructor agree: the constructor throws exactly when the
      // pattern is outside the grammar (oddities such as a single label are warnings, not errors)
      boolean constructed =
          within(
              SMALL_BUDGET,
              input,
              () -> {
                try {
                  MxPattern p = new MxPattern(input);
                  p.matches("mail.example.com");
                  p.matches(input);
                  return true;
                } catch (IllegalArgumentException documented) {
                  return false;
                }
              });
      assertEquals(problem.isEmpty(), constructed, Fuzz.show(input));
    }
  }

  @Test
  void hugeInputStaysLinear() {
    for (String body :
        List.of(
            Fuzz.huge(
                "version: STSv1\nmode: enforce\nmax_age: 1\n", "mx: a.example.com\n", 4_000_000),
            Fuzz.huge("version: STSv1\n", "\n", 4_000_000),
            Fuzz.huge("version: STSv1\nmx: ", "a.", 4_000_000),
            Fuzz.huge("max_age: ", "9", 4_000_000),
            Fuzz.huge("", "version: STSv1\r\n", 4_000_000))) {
      StsPolicyFile f = within(HUGE_BUDGET, body, () -> StsPolicyFile.parse(body));
      assertNotNull(f.problems());
      // a hostile body yields a bounded number of messages, not one per line
      assertTrue(
          f.problems().size() <= StsPolicyFile.MAX_PROBLEMS,
          () -> f.problems().size() + " problems");
    }
    for (String record :
        List.of(
            Fuzz.huge("v=STSv1; id=", "a", 4_000_000),
            Fuzz.huge("v=STSv1;", " x=y;", 4_000_000),
            Fuzz.huge("v=STSv1", ";", 4_000_000))) {
      StsRecord.Parsed p = within(HUGE_BUDGET, record, () -> StsRecord.parse(record));
      assertTrue(
          p.errors().size() + p.warnings().size()
              <= 2 * io.github.emailauth.checks.text.TagList.MAX_MESSAGES,
          "messages not bounded");
    }
    for (String pattern :
        List.of(Fuzz.huge("*.", "a.", 4_000_000), Fuzz.huge("", "-", 4_000_000))) {
      within(HUGE_BUDGET, pattern, () -> MxPattern.problem(pattern));
    }
  }
}
