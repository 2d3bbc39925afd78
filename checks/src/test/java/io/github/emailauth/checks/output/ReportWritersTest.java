package io.github.emailauth.checks.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.emailauth.checks.engine.FailPolicy;
import io.github.emailauth.checks.engine.Report;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportWritersTest {
  @TempDir Path dir;

  @Test
  void writesEachFileFormatAskedForAndTheConsole() throws IOException {
    Report report = SampleReports.mixed(FailPolicy.defaults());
    List<String> console = new ArrayList<>();
    Path out = dir.resolve("target/emailauth");

    List<Path> written =
        ReportWriters.write(
            report,
            EnumSet.allOf(Format.class),
            out,
            SampleReports.CATALOG,
            ConsoleSink.prefixed(console::add),
            dir);

    assertEquals(
        List.of("report.json", "report.sarif", "TEST-emailauth.xml", "summary.md", "report.html"),
        written.stream().map(p -> p.getFileName().toString()).toList());
    for (Path p : written) {
      assertTrue(Files.size(p) > 100, p.toString());
    }
    assertArrayEqualsFile(JsonReportWriter.render(report), out.resolve("report.json"));
    assertArrayEqualsFile(JunitWriter.render(report), out.resolve("TEST-emailauth.xml"));
    assertTrue(console.get(console.size() - 1).startsWith("[ERROR] emailauth: 3 domains"));
  }

  private static void assertArrayEqualsFile(byte[] expected, Path file) throws IOException {
    org.junit.jupiter.api.Assertions.assertArrayEquals(expected, Files.readAllBytes(file));
  }

  @Test
  void onlyTheFormatsAskedFor() throws IOException {
    List<Path> written =
        ReportWriters.write(
            SampleReports.clean(), Set.of(Format.JSON), dir, SampleReports.CATALOG, null, dir);
    assertEquals(List.of(dir.resolve("report.json")), written);
    try (var files = Files.list(dir)) {
      assertEquals(1, files.count());
    }
  }

  @Test
  void formatsParseFromTheParameter() {
    assertEquals(
        EnumSet.of(Format.CONSOLE, Format.JSON, Format.SARIF),
        Format.parseList(" console, JSON,,sarif "));
    assertEquals(EnumSet.noneOf(Format.class), Format.parseList(""));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Format.parseList("json,xml"));
    assertTrue(e.getMessage().contains("'xml'"), e.getMessage());
    assertTrue(e.getMessage().contains("console, json, sarif, junit, markdown, html"));
  }
}
