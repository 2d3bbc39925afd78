package io.github.emailauth.checks.dkim;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.ByteArrayOutputStream;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** Hostile DER found by DkimFuzzTest: refused as a bad key, not a StackOverflowError. */
class KeyCodecShapeTest {
  private static final byte[] RSA_OID_ALG =
      java.util.HexFormat.of().parseHex("300d06092a864886f70d0101010500");

  static byte[] nestedIndefinite(int depth) {
    byte[] out = new byte[depth * 2];
    for (int i = 0; i < depth; i++) {
      out[2 * i] = 0x30;
      out[2 * i + 1] = (byte) 0x80;
    }
    return out;
  }

  static byte[] nestedDefinite(int depth) {
    byte[] inner = {0x05, 0x00};
    for (int i = 0; i < depth; i++) {
      inner = tlv(0x30, inner);
    }
    return inner;
  }

  static byte[] tlv(int tag, byte[] content) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(tag);
    int n = content.length;
    if (n < 0x80) {
      out.write(n);
    } else if (n < 0x100) {
      out.write(0x81);
      out.write(n);
    } else if (n < 0x10000) {
      out.write(0x82);
      out.write(n >> 8);
      out.write(n);
    } else {
      out.write(0x83);
      out.write(n >> 16);
      out.write(n >> 8);
      out.write(n);
    }
    out.writeBytes(content);
    return out.toByteArray();
  }

  @Test
  void deeplyNestedDerIsAnUnreadableKeyFile() {
    for (byte[] der : new byte[][] {nestedIndefinite(20_000), nestedDefinite(5_000)}) {
      KeyFile f = assertTimeoutPreemptively(Duration.ofSeconds(2), () -> KeyFile.parse(der));
      assertInstanceOf(KeyFile.Unreadable.class, f);
    }
  }

  @Test
  void deeplyNestedKeyInsideAValidSpkiIsRefused() {
    // the nesting hidden in the BIT STRING, which the outer walk does not descend into
    byte[] bits = new byte[1 + 40_000];
    System.arraycopy(nestedIndefinite(20_000), 0, bits, 1, 40_000);
    byte[] spki = tlv(0x30, concat(RSA_OID_ALG, tlv(0x03, bits)));
    assertThrows(KeyCodec.KeyFormatException.class, () -> KeyCodec.fromSpki(spki));
    byte[] p8 =
        tlv(
            0x30,
            concat(
                new byte[] {0x02, 0x01, 0x00}, RSA_OID_ALG, tlv(0x04, nestedIndefinite(20_000))));
    assertThrows(KeyCodec.KeyFormatException.class, () -> KeyCodec.fromPkcs8(p8));
    // and through a DNS key record's p=
    String record = "v=DKIM1; k=rsa; p=" + Base64.getEncoder().encodeToString(spki);
    ParsedRecord r = KeyRecordParser.parse(record);
    PublishedKey k = PublishedKey.decode(assertInstanceOf(ParsedRecord.KeyRecord.class, r));
    assertInstanceOf(PublishedKey.Undecodable.class, k);
  }

  @Test
  void realKeysStillPassTheShapeCheck() throws Exception {
    KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
    rsa.initialize(1024);
    var pair = rsa.generateKeyPair();
    KeyCodec.checkShape(pair.getPublic().getEncoded());
    KeyCodec.checkShape(pair.getPrivate().getEncoded());
    var ed = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    KeyCodec.checkShape(ed.getPublic().getEncoded());
    KeyCodec.checkShape(ed.getPrivate().getEncoded());
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }
}
