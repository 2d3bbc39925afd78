package io.github.emailauth.checks.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.emailauth.checks.engine.FailPolicy;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class HtmlWriterTest {
  @Test
  void aSelfContainedPageWithEveryFindingEscaped() {
    String html =
        new String(
            HtmlWriter.render(SampleReports.mixed(FailPolicy.defaults())), StandardCharsets.UTF_8);
    assertTrue(html.startsWith("<!DOCTYPE html>"));
    assertFalse(html.contains("<script>"), "published text cannot run in the page");
    assertTrue(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assertFalse(html.contains("src="), "no external resources");
    assertEquals(4, html.split("<h2>", -1).length - 1, "the policy file and three domains");
    assertTrue(html.contains("<h2>clean.example</h2>\n<p>No findings.</p>"));
    assertTrue(html.contains("href=\"https://docs.example/docs/checks.md#test-mx-drift\""));
  }
}
