package io.github.emailauth.checks.dmarc;

import static io.github.emailauth.checks.testing.Fuzz.HUGE_BUDGET;
import static io.github.emailauth.checks.testing.Fuzz.SMALL_BUDGET;
import static io.github.emailauth.checks.testing.Fuzz.within;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.emailauth.checks.testing.Fuzz;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Mutation fuzzing of {@link DmarcRecord} and {@link ReportUri} (docs/fuzzing.md): a record never
 * makes the parser throw, a single URI fails only with {@link IllegalArgumentException}, and a
 * record over {@link DmarcRecord#MAX_LENGTH} is refused before it is read.
 */
class DmarcFuzzTest {
  private static final List<String> SEEDS =
      List.of(
          "v=DMARC1; p=reject; sp=quarantine; pct=50; adkim=s; aspf=r; fo=0:1:d:s; ri=3600;"
              + " rua=mailto:dmarc@example.com!10m,mailto:agg@report.example.net;"
              + " ruf=mailto:forensic%40x@example.com!1g",
          "v=DMARC1;p=none;rua=mailto:a@b.example!18446744073709551615;np=reject;psd=y;t=n",
          "v=DMARC1; p=quarantine; rf=afrf:iodef; rua=https://report.example/a?b=c",
          "V = DMARC1 ; P = Reject ;;; ");

  private static final List<String> URIS =
      List.of(
          "mailto:dmarc@example.com",
          "mailto:d%2cm%40arc@example.com!10m",
          "mailto:x@example.com!18446744073709551616",
          "https://example.com/path?q=1!5k",
          "mailto:a@b?subject=x");

  @Test
  void mutatedRecordsNeverThrow() {
    Fuzz fuzz = new Fuzz("dmarc");
    int withProblems = 0;
    int n = Fuzz.iterations(20_000);
    for (int i = 0; i < n; i++) {
      String input = fuzz.mutate(fuzz.pick(SEEDS), SEEDS);
      DmarcRecord r = within(SMALL_BUDGET, input, () -> DmarcRecord.parse(input));
      assertNotNull(r.tags());
      if (!r.problems().isEmpty()) {
        withProblems++;
      }
      // whatever a mutated rua= holds, the list parser reports errors, a bounded number of them
      String list = input.substring(input.indexOf('=') + 1);
      ReportUri.ListResult lr = within(SMALL_BUDGET, list, () -> ReportUri.parseList(list));
      assertTrue(lr.errors().size() <= 4, () -> lr.errors().toString());
      within(SMALL_BUDGET, list, () -> ReportUri.anySyntacticallyValid(list));
    }
    assertTrue(withProblems > n / 20 && withProblems < n, "with problems: " + withProblems);
  }

  @Test
  void mutatedUrisFailOnlyWithTheDocumentedException() {
    Fuzz fuzz = new Fuzz("dmarc-uri");
    int ok = 0;
    int refused = 0;
    int n = Fuzz.iterations(20_000);
    for (int i = 0; i < n; i++) {
      String input = fuzz.mutate(fuzz.pick(URIS), URIS);
      boolean parsed =
          within(
              SMALL_BUDGET,
              input,
              () -> {
                try {
                  return ReportUri.parse(input) != null;
                } catch (IllegalArgumentException documented) {
                  assertNotNull(documented.getMessage());
                  return false;
                }
              });
      if (parsed) {
        ok++;
      } else {
        refused++;
      }
    }
    assertTrue(ok > 0 && refused > 0, "parsed " + ok + ", refused " + refused);
  }

  @Test
  void hugeRecordsAreRefusedEarly() {
    String overCap =
        Fuzz.huge("v=DMARC1; p=reject; rua=", "mailto:a@b.example,", DmarcRecord.MAX_LENGTH + 1);
    DmarcRecord r = within(SMALL_BUDGET, overCap, () -> DmarcRecord.parse(overCap));
    assertTrue(
        r.tags().isEmpty() && !r.problems().isEmpty(), "over the cap yet read: " + r.problems());
    String megabytes = Fuzz.huge("v=DMARC1; p=reject; ", "x=y;", 4_000_000);
    DmarcRecord big = within(SMALL_BUDGET, megabytes, () -> DmarcRecord.parse(megabytes));
    assertTrue(big.tags().isEmpty(), "4 MB record was read");
    // A list of thousands of entries is not capped by the record (a declared policy is not a
    // DNS answer) but stays linear and reports a few errors, not thousands. 200 KB, not MBs: each
    // bad entry costs an exception, which a loaded CI machine makes slow (linear, not a blow-up).
    for (String list :
        List.of(
            Fuzz.huge("", "bad,", 200_000),
            Fuzz.huge("", "mailto:a@b.example!1", 200_000),
            Fuzz.huge("mailto:", "%41", 200_000),
            Fuzz.huge("mailto:a@b.example!", "9", 200_000))) {
      ReportUri.ListResult lr = within(HUGE_BUDGET, list, () -> ReportUri.parseList(list));
      assertTrue(lr.errors().size() <= 4, () -> lr.errors().size() + " errors");
    }
  }
}
