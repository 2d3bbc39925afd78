package io.github.emailauth.checks.text;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ZoneTextTest {
  @Test
  void shortRecordIsOneStringWithoutNote() {
    assertEquals("\"v=spf1 -all\"", ZoneText.quoted("v=spf1 -all"));
    assertEquals("", ZoneText.splitNote("v=spf1 -all"));
  }

  @Test
  void longRecordSplitsAt255Bytes() {
    String text = "v=spf1 " + "ip4:192.0.2.1 ".repeat(30) + "-all";
    String quoted = ZoneText.quoted(text);
    String[] parts = quoted.substring(1, quoted.length() - 1).split("\" \"");
    assertEquals(2, parts.length);
    assertEquals(255, parts[0].length());
    assertEquals(text, parts[0] + parts[1]);
    assertEquals(
        " (2 strings of at most 255 bytes, published as one TXT record)", ZoneText.splitNote(text));
  }

  @Test
  void exactly255BytesIsOneString() {
    String text = "a".repeat(255);
    assertEquals(1, ZoneText.strings(text));
    assertEquals(2, ZoneText.strings(text + "b"));
  }

  @Test
  void splitNeverCutsAMultiByteCharacter() {
    String text = "a".repeat(254) + "é" + "b";
    String quoted = ZoneText.quoted(text);
    String first = quoted.substring(1, quoted.indexOf('"', 1));
    assertEquals(254, first.getBytes(StandardCharsets.UTF_8).length);
  }

  @Test
  void quotesAndBackslashesAreEscaped() {
    assertEquals("\"a\\\"b\\\\c\"", ZoneText.quoted("a\"b\\c"));
  }
}
