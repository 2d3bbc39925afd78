package io.github.emailauth.checks.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class ToolInfoTest {
  @Test
  void theVersionIsTheBuildsFilteredInByMaven() throws IOException {
    ToolInfo tool = ToolInfo.current();
    assertEquals("emailauth", tool.name());
    assertEquals(pomVersion(), tool.version());
    assertTrue(
        tool.docsUrl().startsWith("https://") && tool.docsUrl().endsWith("/"), tool.docsUrl());
  }

  /** The version in checks/pom.xml's parent element, which Maven filters into the resource. */
  private static String pomVersion() throws IOException {
    String pom = Files.readString(Path.of("pom.xml"));
    Matcher m =
        Pattern.compile("<parent>.*?<version>([^<]+)</version>", Pattern.DOTALL).matcher(pom);
    assertTrue(m.find(), "no parent version in checks/pom.xml");
    return m.group(1).trim();
  }

  @Test
  void checkUrlsUseTheMarkdownHeadingAnchor() {
    ToolInfo tool = new ToolInfo("emailauth", "1.0.0", "https://docs.example/docs/");
    assertEquals("https://docs.example/docs/checks.md#dmarc-drift", tool.checkUrl("DMARC-DRIFT"));
    assertEquals("engine-check-failed", ToolInfo.anchor("ENGINE-CHECK-FAILED"));
  }
}
