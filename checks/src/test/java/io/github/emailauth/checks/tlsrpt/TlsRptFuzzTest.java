package io.github.emailauth.checks.tlsrpt;

import static io.github.emailauth.checks.testing.Fuzz.HUGE_BUDGET;
import static io.github.emailauth.checks.testing.Fuzz.SMALL_BUDGET;
import static io.github.emailauth.checks.testing.Fuzz.within;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.emailauth.checks.testing.Fuzz;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Mutation fuzzing of the {@code _smtp._tls} record, {@link TlsRptRecord} (docs/fuzzing.md). */
class TlsRptFuzzTest {
  private static final List<String> SEEDS =
      List.of(
          "v=TLSRPTv1; rua=mailto:tlsrpt@example.com",
          "v=TLSRPTv1;rua=mailto:a@example.com,https://report.example.net/tls?x=1",
          "v=TLSRPTv1; rua=mailto:x%2c@example.org; ext=1;");

  @Test
  void mutatedRecordsNeverThrow() {
    Fuzz fuzz = new Fuzz("tlsrpt");
    int ok = 0;
    int bad = 0;
    int n = Fuzz.iterations(20_000);
    for (int i = 0; i < n; i++) {
      String input = fuzz.mutate(fuzz.pick(SEEDS), SEEDS);
      TlsRptRecord.Parsed p =
          within(
              SMALL_BUDGET,
              input,
              () -> {
                TlsRptRecord.isCandidate(input);
                TlsRptRecord.uriProblem(input);
                TlsRptRecord.comparable(input);
                return TlsRptRecord.parse(input);
              });
      if (p.errors().isEmpty()) {
        ok++;
      } else {
        bad++;
      }
    }
    assertTrue(ok > 0 && bad > 0, "ok " + ok + ", with errors " + bad);
  }

  @Test
  void hugeRecordsStayLinear() {
    for (String record :
        List.of(
            Fuzz.huge("v=TLSRPTv1; rua=", "mailto:a@example.com,", 4_000_000),
            Fuzz.huge("v=TLSRPTv1; rua=", ",", 4_000_000),
            Fuzz.huge("v=TLSRPTv1; rua=mailto:", "%41", 4_000_000),
            Fuzz.huge("v=TLSRPTv1; rua=https://", "a.", 4_000_000),
            Fuzz.huge("v=TLSRPTv1", ";x=1", 4_000_000))) {
      TlsRptRecord.Parsed p = within(HUGE_BUDGET, record, () -> TlsRptRecord.parse(record));
      assertTrue(
          p.errors().size() + p.warnings().size()
              <= 2 * io.github.emailauth.checks.text.TagList.MAX_MESSAGES,
          "messages not bounded");
    }
  }
}
