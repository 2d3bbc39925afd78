package io.github.emailauth.checks.dkim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.emailauth.checks.dkim.ParsedRecord.KeyRecord;
import io.github.emailauth.checks.dkim.ParsedRecord.NotAKey;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The third-party key records in src/test/resources/dkim (see PROVENANCE.md) parsed by the code,
 * and their types and sizes checked against what the JDK alone computes from the same base64.
 */
class DkimTestdataRecordsTest {
  /** name -> the record's character-strings, from the mailauth JSON fixture. */
  static Map<String, List<List<String>>> mailauthRecords() throws IOException {
    Map<String, List<List<String>>> out = new LinkedHashMap<>();
    try (InputStream in = resource("mailauth/dkim-ec-dns.json")) {
      JsonNode root = new ObjectMapper().readTree(in);
      for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        List<List<String>> records = new ArrayList<>();
        for (JsonNode record : e.getValue().get("TXT")) {
          List<String> strings = new ArrayList<>();
          record.forEach(s -> strings.add(s.asText()));
          records.add(strings);
        }
        out.put(e.getKey(), records);
      }
    }
    return out;
  }

  /** name -> record text, from the head of a Stalwart fixture. */
  static Map<String, String> stalwartRecords(String file) throws IOException {
    Map<String, String> out = new LinkedHashMap<>();
    try (InputStream in = resource("stalwart-mail-auth/" + file)) {
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        if (line.isBlank()) {
          break;
        }
        int space = line.indexOf(' ');
        out.put(line.substring(0, space), line.substring(space + 1));
      }
    }
    return out;
  }

  static InputStream resource(String name) {
    InputStream in = DkimTestdataRecordsTest.class.getResourceAsStream("/dkim/" + name);
    if (in == null) {
      throw new IllegalStateException("missing test resource /dkim/" + name);
    }
    return in;
  }

  /** What the JDK alone says about a k=rsa p= value: the modulus size. */
  private static int jdkRsaBits(String p) throws Exception {
    byte[] der = Base64.getDecoder().decode(p);
    RSAPublicKey k =
        (RSAPublicKey) KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(der));
    return k.getModulus().bitLength();
  }

  private static String pValue(String text) {
    int at = text.indexOf("p=");
    return text.substring(at + 2).trim();
  }

  private static void assertRsa(String text) throws Exception {
    KeyRecord r = assertInstanceOf(KeyRecord.class, KeyRecordParser.parse(text));
    PublishedKey.Decoded d = assertInstanceOf(PublishedKey.Decoded.class, PublishedKey.decode(r));
    PublicKeyMaterial.Rsa rsa = assertInstanceOf(PublicKeyMaterial.Rsa.class, d.key());
    assertEquals(jdkRsaBits(pValue(text)), rsa.bits());
    assertEquals(List.of(), d.notes());
    // SPKI round trip: what generate would publish is byte-for-byte what was published
    assertEquals(pValue(text), rsa.dkimPublicKey());
  }

  @Test
  void mailauthRecordsJoinedRaw() throws Exception {
    Map<String, List<List<String>>> records = mailauthRecords();
    // Ed25519: the RFC 8463 Appendix A key, 32 raw bytes
    String ed = String.join("", records.get("brisbane._domainkey.football.example.com").get(0));
    KeyRecord edRecord = assertInstanceOf(KeyRecord.class, KeyRecordParser.parse(ed));
    PublishedKey.Decoded edKey =
        assertInstanceOf(PublishedKey.Decoded.class, PublishedKey.decode(edRecord));
    assertEquals(
        32, Base64.getDecoder().decode(pValue(ed)).length, "the fixture's p= is 32 raw bytes");
    assertInstanceOf(PublicKeyMaterial.Ed25519.class, edKey.key());
    assertEquals(pValue(ed), edKey.key().dkimPublicKey());

    // RSA split across four strings: joined with nothing in between it is one SPKI
    List<String> strings = records.get("test._domainkey.football.example.com").get(0);
    assertEquals(4, strings.size());
    String rsa = String.join("", strings);
    assertRsa(rsa);
    assertEquals(1024, jdkRsaBits(pValue(rsa)));

    // the domain's SPF record is not a key
    String spf = String.join("", records.get("football.example.com").get(0));
    assertInstanceOf(NotAKey.class, KeyRecordParser.parse(spf));
  }

  @Test
  void stalwartRecords() throws Exception {
    Map<String, String> r001 = stalwartRecords("dkim-001.txt");
    assertEquals(2, r001.size());
    assertRsa(r001.get("test._domainkey.football.example.com"));
    KeyRecord ed =
        (KeyRecord) KeyRecordParser.parse(r001.get("brisbane._domainkey.football.example.com"));
    assertEquals("ed25519", ed.keyType());
    assertInstanceOf(PublishedKey.Decoded.class, PublishedKey.decode(ed));

    // Facebook's key has no v= and lists t=s and h=sha256 before p=
    String fb = stalwartRecords("dkim-004.txt").get("s1024-2013-q3._domainkey.facebookmail.com");
    KeyRecord fbRecord = (KeyRecord) KeyRecordParser.parse(fb);
    assertEquals(List.of("s"), fbRecord.flags());
    assertTrue(fbRecord.hashUsable());
    assertRsa(fb);
    assertEquals(1024, jdkRsaBits(pValue(fb)), "the selector name says s1024");

    String topicbox = stalwartRecords("dkim-005.txt").get("sysmsg-1._domainkey.topicbox.com");
    assertRsa(topicbox);
  }
}
