package io.github.emailauth.checks.dmarc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.emailauth.checks.engine.CheckDefinition;
import io.github.emailauth.checks.mx.MxCheck;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The tag table in docs/dmarc.md and the DMARC/MX sections of docs/checks.md follow the code. */
class DmarcDocsTest {
  private static final Path DOCS = Path.of("..", "docs");
  private static final String BEGIN =
      "<!-- tag-table:begin (generated from DmarcTag; DmarcDocsTest checks it) -->";
  private static final String END = "<!-- tag-table:end -->";

  static String tagTable() {
    StringBuilder b = new StringBuilder();
    b.append("| tag | default | values | meaning | RFC 7489 | RFC 9989 |\n");
    b.append("|---|---|---|---|---|---|\n");
    for (DmarcTag t : DmarcTag.values()) {
      b.append("| `")
          .append(t.tag)
          .append("` | ")
          .append(t.defaultValue == null ? "-" : t.defaultValue)
          .append(" | ")
          .append(t.allowed)
          .append(" | ")
          .append(t.meaning)
          .append(" | ")
          .append(t.rfc7489)
          .append(" | ")
          .append(t.rfc9989)
          .append(" |\n");
    }
    return b.toString();
  }

  @Test
  void dmarcPageHasTheTagTable() throws Exception {
    String page = Files.readString(DOCS.resolve("dmarc.md"), StandardCharsets.UTF_8);
    int begin = page.indexOf(BEGIN);
    int end = page.indexOf(END);
    assertTrue(begin >= 0 && end > begin, "docs/dmarc.md needs the tag-table markers");
    assertEquals(tagTable(), page.substring(begin + BEGIN.length() + 1, end));
  }

  @Test
  void everyCheckIdHasASectionUnderItsHeading() throws Exception {
    String page = Files.readString(DOCS.resolve("checks.md"), StandardCharsets.UTF_8);
    List<String> missing = new ArrayList<>();
    String dmarc = section(page, "## DMARC");
    String mx = section(page, "## MX");
    for (CheckDefinition c : DmarcCheck.values()) {
      if (!dmarc.contains(header(c))) {
        missing.add(c.id());
      }
    }
    for (CheckDefinition c : MxCheck.values()) {
      if (!mx.contains(header(c))) {
        missing.add(c.id());
      }
    }
    assertEquals(List.of(), missing, "check ids without a section in docs/checks.md");
    // every documented id exists, so the catalogue never describes a check that is gone
    Stream.of(dmarc, mx)
        .flatMap(s -> s.lines().filter(l -> l.startsWith("### ")))
        .map(l -> l.substring(4).strip())
        .forEach(
            id ->
                assertTrue(
                    Stream.concat(Stream.of(DmarcCheck.values()), Stream.of(MxCheck.values()))
                        .anyMatch(c -> c.id().equals(id)),
                    "documented but unknown: " + id));
  }

  /** The heading and the kind/severity line, so the catalogue cannot contradict the code. */
  private static String header(CheckDefinition c) {
    return "\n### "
        + c.id()
        + "\n\nKind: "
        + c.kind().label()
        + ". Default severity: "
        + c.defaultSeverity().label()
        + ". ";
  }

  private static String section(String page, String heading) {
    int start = page.indexOf("\n" + heading + "\n");
    assertTrue(start >= 0, heading + " missing");
    int next = page.indexOf("\n## ", start + heading.length() + 1);
    return page.substring(start, next < 0 ? page.length() : next + 1);
  }
}
