package io.github.emailauth.checks.dkim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.emailauth.checks.dkim.ParsedRecord.KeyRecord;
import io.github.emailauth.checks.dkim.ParsedRecord.Malformed;
import io.github.emailauth.checks.dkim.ParsedRecord.NotAKey;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class KeyRecordParserTest {
  /** The RFC 8463 Appendix A test key. */
  static final String ED = "11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=";

  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource(
      delimiter = '|',
      value = {
        // text | outcome | detail (a tag=value to check, or a fragment of the problem)
        "v=DKIM1; k=ed25519; p=" + ED + "        | key       | k=ed25519",
        "v=DKIM1; p=                              | key       | p=",
        "p=" + ED + "                             | key       | p=" + ED,
        "v=DKIM1;p=" + ED + ";                    | key       | v=DKIM1",
        "v = DKIM1 ; k = rsa ; p = AAAA ;         | key       | k=rsa",
        "v=DKIM1; p=AAAA;   \t                    | key       | p=AAAA",
        "V=DKIM1; p=AAAA                          | key       | V=DKIM1",
        "v=DKIM1; g=*; x_y=1; p=AAAA              | key       | g=*",
        "v=DKIM1; n=some notes here; p=AAAA       | key       | n=some notes here",
        "v=DKIM1; p=AA AA\tAA                     | key       | p=AA AA\tAA",
        "k=rsa; v=DKIM1; p=AAAA                   | malformed | first tag",
        "v=DKIM2; p=AAAA                          | malformed | v=DKIM2 is not DKIM1",
        "v=DKIM1.0; p=AAAA                        | malformed | v=DKIM1.0 is not DKIM1",
        "v=DKIM1; p=AAAA; p=BBBB                  | malformed | duplicate tag p=",
        "v=DKIM1; k=rsa; k=rsa; p=AAAA            | malformed | duplicate tag k=",
        "v=DKIM1;; p=AAAA                         | malformed | empty tag",
        "v=DKIM1; p                               | malformed | not a tag=value",
        "v=DKIM1; 1k=rsa; p=AAAA                  | malformed | not a valid tag name",
        "v=DKIM1; k-x=rsa; p=AAAA                 | malformed | not a valid tag name",
        "v=DKIM1; n=caf\u00e9; p=AAAA             | malformed | U+00E9",
        "v=DKIM1; k=rsa                           | malformed | p= is required",
        "v=DKIM1                                  | malformed | p= is required",
        "v=spf1 include:_spf.google.com ~all      | notakey   | ",
        "google-site-verification=abc123          | notakey   | ",
        "hello world                              | notakey   | ",
        "k=rsa; t=y                               | notakey   | ",
      })
  void table(String text, String outcome, String detail) {
    ParsedRecord parsed = KeyRecordParser.parse(text);
    switch (outcome) {
      case "key" -> {
        KeyRecord key = assertInstanceOf(KeyRecord.class, parsed, () -> parsed.toString());
        int eq = detail.indexOf('=');
        assertEquals(detail.substring(eq + 1), key.tags().get(detail.substring(0, eq)));
      }
      case "malformed" -> {
        Malformed m = assertInstanceOf(Malformed.class, parsed, () -> parsed.toString());
        assertTrue(m.problem().contains(detail), m.problem());
      }
      case "notakey" -> assertInstanceOf(NotAKey.class, parsed, () -> parsed.toString());
      default -> throw new AssertionError(outcome);
    }
  }

  @Test
  void emptyRecordIsNotAKey() {
    assertInstanceOf(NotAKey.class, KeyRecordParser.parse(""));
    assertInstanceOf(NotAKey.class, KeyRecordParser.parse("   "));
  }

  @Test
  void tagNamesAreCaseSensitive() {
    KeyRecord r = (KeyRecord) KeyRecordParser.parse("V=DKIM2; P=x; p=AAAA");
    // V and P are unknown tags, not v and p, so neither v=DKIM2 nor the duplicate applies
    assertNull(r.tags().get("v"));
    assertEquals("x", r.tags().get("P"));
    assertEquals("AAAA", r.publicKeyBase64());
  }

  @Test
  void defaultsWhenTagsAreAbsent() {
    KeyRecord r = (KeyRecord) KeyRecordParser.parse("p=AAAA");
    assertEquals("rsa", r.keyType());
    assertNull(r.keyTypeRaw());
    assertNull(r.hashAlgorithms());
    assertTrue(r.hashUsable());
    assertEquals(List.of("*"), r.serviceTypes());
    assertTrue(r.usableForEmail());
    assertEquals(List.of(), r.flags());
    assertFalse(r.testing());
    assertFalse(r.revoked());
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource(
      delimiter = '|',
      value = {
        // text | revoked | hashUsable | email | testing | keyType
        "v=DKIM1; p=                    | true  | true  | true  | false | rsa",
        "v=DKIM1; p= \t ;               | true  | true  | true  | false | rsa",
        "v=DKIM1; h=sha256; p=A         | false | true  | true  | false | rsa",
        "v=DKIM1; h=sha1:sha256; p=A    | false | true  | true  | false | rsa",
        "v=DKIM1; h=sha256 : sha1; p=A  | false | true  | true  | false | rsa",
        "v=DKIM1; h=sha1; p=A           | false | false | true  | false | rsa",
        "v=DKIM1; h=foo:bar; p=A        | false | false | true  | false | rsa",
        "v=DKIM1; h=SHA256; p=A         | false | true  | true  | false | rsa",
        "v=DKIM1; s=email:tlsrpt; p=A   | false | true  | true  | false | rsa",
        "v=DKIM1; s=*; p=A              | false | true  | true  | false | rsa",
        "v=DKIM1; s=tlsrpt; p=A         | false | true  | false | false | rsa",
        "v=DKIM1; t=y:s; p=A            | false | true  | true  | true  | rsa",
        "v=DKIM1; t=s; p=A              | false | true  | true  | false | rsa",
        "v=DKIM1; t=x; p=A              | false | true  | true  | false | rsa",
        "v=DKIM1; k=ED25519; p=A        | false | true  | true  | false | ed25519",
        "v=DKIM1; k=foo; p=A            | false | true  | true  | false | foo",
      })
  void semantics(
      String text,
      boolean revoked,
      boolean hashUsable,
      boolean email,
      boolean testing,
      String keyType) {
    KeyRecord r = assertInstanceOf(KeyRecord.class, KeyRecordParser.parse(text));
    assertEquals(revoked, r.revoked(), "revoked");
    assertEquals(hashUsable, r.hashUsable(), "hashUsable");
    assertEquals(email, r.usableForEmail(), "usableForEmail");
    assertEquals(testing, r.testing(), "testing");
    assertEquals(keyType, r.keyType(), "keyType");
  }

  @Test
  void stringsJoinedRawFormOneValue() {
    // Two character-strings "p=AB" "CD" joined with no separator (RFC 6376 §3.6.2.2)
    String joined = String.join("", List.of("v=DKIM1; k=rsa; p=AB", "CD"));
    assertEquals("ABCD", ((KeyRecord) KeyRecordParser.parse(joined)).publicKeyBase64());
  }

  @Test
  void foldedWhitespaceInsidePIsStripped() {
    KeyRecord r = (KeyRecord) KeyRecordParser.parse("v=DKIM1; p=AB\r\n CD \t EF==");
    assertEquals("ABCDEF==", r.publicKeyBase64());
  }

  @Test
  void hostileInputIsBounded() {
    String huge = "v=DKIM1; p=" + "A".repeat(KeyRecordParser.MAX_LENGTH);
    long start = System.nanoTime();
    assertInstanceOf(Malformed.class, KeyRecordParser.parse(huge));
    // many separators, many tags, one long value: all linear
    String manyTags = "v=DKIM1; " + "a=1; ".repeat(10_000) + "p=AAAA";
    assertInstanceOf(Malformed.class, KeyRecordParser.parse(manyTags)); // duplicate a=
    String semicolons = ";".repeat(60_000);
    assertInstanceOf(NotAKey.class, KeyRecordParser.parse(semicolons));
    String pTags = "p=;".repeat(20_000);
    assertInstanceOf(Malformed.class, KeyRecordParser.parse(pTags));
    assertTrue(
        Duration.ofNanos(System.nanoTime() - start).compareTo(Duration.ofSeconds(2)) < 0,
        "parsing hostile input took too long");
  }
}
