package io.github.emailauth.checks.dkim;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Keeps docs/checks.md (the DKIM section) and docs/dkim.md (the selector list) with the code. */
class DkimDocsTest {
  private static final Path DOCS = Path.of("..", "docs");

  @Test
  void everyDkimCheckHasASectionUnderDkim() throws IOException {
    String md = Files.readString(DOCS.resolve("checks.md"));
    int start = md.indexOf("\n## DKIM\n");
    int end = md.indexOf("\n## ", start + 1);
    String section = md.substring(start, end < 0 ? md.length() : end);
    List<String> missing = new ArrayList<>();
    for (DkimCheck c : DkimCheck.values()) {
      if (!section.contains("\n### " + c.id() + "\n")) {
        missing.add(c.id());
      }
      String entry = section.substring(section.indexOf("\n### " + c.id() + "\n") + 1);
      int next = entry.indexOf("\n### ");
      entry = next < 0 ? entry : entry.substring(0, next);
      String defaults =
          "**Default:** " + c.defaultSeverity().label() + ", kind `" + c.kind().label() + "`";
      if (!entry.contains(defaults)) {
        missing.add(c.id() + " (its Default line must say: " + defaults + ")");
      }
    }
    assertEquals(List.of(), missing);
  }

  @Test
  void everyDiscoverySelectorIsListedInDkimMd() throws IOException {
    String md = Files.readString(DOCS.resolve("dkim.md"));
    List<String> missing = new ArrayList<>();
    for (String s : DiscoverySelectors.BUILT_IN) {
      if (!md.contains("`" + s + "`")) {
        missing.add(s);
      }
    }
    assertEquals(List.of(), missing);
    assertEquals(
        DiscoverySelectors.BUILT_IN.size(),
        DiscoverySelectors.BUILT_IN.stream().distinct().count(),
        "no duplicates: " + Arrays.toString(DiscoverySelectors.BUILT_IN.toArray()));
  }
}
