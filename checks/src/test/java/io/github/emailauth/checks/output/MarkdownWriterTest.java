package io.github.emailauth.checks.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.emailauth.checks.engine.DomainReport;
import io.github.emailauth.checks.engine.FailPolicy;
import io.github.emailauth.checks.engine.Protocol;
import io.github.emailauth.checks.engine.Report;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class MarkdownWriterTest {
  static String render(Report r) {
    return new String(MarkdownWriter.render(r), StandardCharsets.UTF_8);
  }

  @Test
  void summaryTableThenFindingsPerDomain() {
    String md = render(SampleReports.design());
    List<String> lines = md.lines().toList();
    assertEquals("## emailauth: failed", lines.get(0));
    assertEquals("| 2 | 1 | 0 | 3 | 0 | **failed** (failOn error) |", lines.get(4));
    assertTrue(md.contains("\n### example.com\n"));
    assertTrue(
        md.contains(
            "| error | [TEST-DMARC-DRIFT](https://docs.example/docs/checks.md#test-dmarc-drift) |"
                + " drift | \\_dmarc.example.com TXT | p is none, declared reject | publish"
                + " \\_dmarc.example.com TXT \"v=DMARC1; p=reject; ...\" | emailauth.yaml:14:7 |"),
        md);
  }

  @Test
  void everyTableRowHasSevenCellsWhateverThePublishedTextHolds() {
    String md = render(SampleReports.mixed(FailPolicy.defaults()));
    assertFalse(md.contains("<script>"), "HTML is escaped: step summaries render it");
    assertTrue(md.contains("&lt;script&gt;"));
    assertTrue(md.contains("published &lt;script&gt;alert(1)&lt;/script&gt; \\| \"quoted\""), md);
    String findingTables = md.substring(md.indexOf("\n### "));
    for (String line : findingTables.lines().filter(l -> l.startsWith("|")).toList()) {
      long cells = line.replace("\\|", "").chars().filter(c -> c == '|').count() - 1;
      assertEquals(7, cells, line);
    }
    assertTrue(md.contains("\n### Policy file\n"));
    assertTrue(md.endsWith("1 domain without findings: clean.example.\n"), md);
  }

  @Test
  void manyCleanDomainsAreCountedNotListed() {
    List<DomainReport> domains =
        IntStream.range(0, 1000)
            .mapToObj(i -> new DomainReport("d" + i + ".example", Set.of(Protocol.MX), List.of()))
            .toList();
    Report r = new Report(SampleReports.TOOL, null, domains, List.of(), FailPolicy.defaults());
    String md = render(r);
    assertTrue(md.endsWith("\n1000 domains without findings.\n"), md);
    assertTrue(md.startsWith("## emailauth: passed\n"));
  }
}
