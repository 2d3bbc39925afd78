package io.github.emailauth.checks.dkim;

import static io.github.emailauth.checks.dkim.TestKeys.b64;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.emailauth.checks.dkim.ParsedRecord.KeyRecord;
import io.github.emailauth.checks.dkim.PublishedKey.Decoded;
import io.github.emailauth.checks.dkim.PublishedKey.Undecodable;
import java.security.KeyPair;
import java.security.interfaces.RSAPublicKey;
import java.util.Arrays;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PublishedKeyTest {
  private static PublishedKey decode(String record) {
    return PublishedKey.decode(assertInstanceOf(KeyRecord.class, KeyRecordParser.parse(record)));
  }

  private static Decoded decoded(String record) {
    PublishedKey key = decode(record);
    return assertInstanceOf(Decoded.class, key, () -> key.toString());
  }

  private static String problem(String record) {
    PublishedKey key = decode(record);
    return assertInstanceOf(Undecodable.class, key, () -> key.toString()).problem();
  }

  @ParameterizedTest
  @ValueSource(ints = {1024, 2048, 3072})
  void rsaSpkiGivesModulusAndBits(int bits) {
    KeyPair pair = TestKeys.rsa(bits);
    Decoded d = decoded("v=DKIM1; k=rsa; p=" + b64(TestKeys.spki(pair)));
    PublicKeyMaterial.Rsa rsa = assertInstanceOf(PublicKeyMaterial.Rsa.class, d.key());
    RSAPublicKey jdk = (RSAPublicKey) pair.getPublic();
    assertEquals(jdk.getModulus(), rsa.modulus());
    assertEquals(jdk.getPublicExponent(), rsa.exponent());
    assertEquals(bits, rsa.bits());
    assertEquals(d.notes(), java.util.List.of());
    assertEquals(TestKeys.fingerprint(pair), rsa.fingerprint());
    assertTrue(Arrays.equals(TestKeys.spki(pair), rsa.spki()), "SPKI re-encoding is exact");
  }

  @Test
  void pkcs1AndSpkiOfOneKeyAreEqualAndPkcs1IsFlagged() {
    KeyPair pair = TestKeys.rsa(2048);
    Decoded spki = decoded("p=" + b64(TestKeys.spki(pair)));
    Decoded pkcs1 = decoded("p=" + b64(TestKeys.pkcs1Public(pair)));
    assertEquals(spki.key(), pkcs1.key());
    assertEquals(1, pkcs1.notes().size());
    assertTrue(pkcs1.notes().get(0).contains("PKCS#1"), pkcs1.notes().toString());
  }

  @Test
  void tinyRsaKeysTheJdkRefusesAreStillMeasured() {
    Decoded d = decoded("v=DKIM1; p=" + b64(TestKeys.rsaSpkiOfSize(256)));
    assertEquals(256, ((PublicKeyMaterial.Rsa) d.key()).bits());
  }

  @Test
  void ed25519RawKeyFromRfc8463() {
    Decoded d = decoded("v=DKIM1; k=ed25519; p=" + KeyRecordParserTest.ED);
    PublicKeyMaterial.Ed25519 ed = assertInstanceOf(PublicKeyMaterial.Ed25519.class, d.key());
    assertTrue(Arrays.equals(Base64.getDecoder().decode(KeyRecordParserTest.ED), ed.raw()));
    assertEquals(java.util.List.of(), d.notes());
  }

  @Test
  void ed25519SpkiWrappedIsAcceptedWithAWarning() {
    KeyPair pair = TestKeys.ed25519("a");
    Decoded d = decoded("v=DKIM1; k=ed25519; p=" + b64(TestKeys.spki(pair)));
    assertEquals(new PublicKeyMaterial.Ed25519(TestKeys.ed25519Raw(pair)), d.key());
    assertTrue(d.notes().get(0).contains("SubjectPublicKeyInfo"), d.notes().toString());
    assertEquals(TestKeys.fingerprint(pair), d.key().fingerprint());
  }

  @Test
  void upperCaseKeyTypeIsAcceptedWithAWarning() {
    Decoded d = decoded("v=DKIM1; k=ED25519; p=" + KeyRecordParserTest.ED);
    assertInstanceOf(PublicKeyMaterial.Ed25519.class, d.key());
    assertTrue(d.notes().get(0).contains("k=ED25519"), d.notes().toString());
  }

  @Test
  void whitespaceInsidePIsStrippedWithANote() {
    String b64 = b64(TestKeys.spki(TestKeys.rsa(2048)));
    Decoded d = decoded("v=DKIM1; p=" + b64.substring(0, 100) + " \t " + b64.substring(100));
    assertEquals(2048, ((PublicKeyMaterial.Rsa) d.key()).bits());
    assertTrue(d.notes().get(0).contains("whitespace"), d.notes().toString());
  }

  @Test
  void revokedAndUnknownType() {
    assertInstanceOf(PublishedKey.Revoked.class, decode("v=DKIM1; p="));
    assertInstanceOf(PublishedKey.Revoked.class, decode("v=DKIM1; k=foo; p="));
    assertEquals(
        "dsa", assertInstanceOf(PublishedKey.UnknownType.class, decode("k=dsa; p=AAAA")).keyType());
  }

  @Test
  void malformedBase64() {
    assertTrue(problem("p=AAA").contains("multiple of 4"));
    assertTrue(problem("p=AA!A").contains("not valid base64"));
    assertTrue(problem("p=AA==AA==").contains("not valid base64"));
    assertTrue(problem("p=MIIB\" \"IDAQAB").contains("double quote"));
    assertTrue(problem("p=MIIB\\;").contains("backslash"));
  }

  @Test
  void keyMaterialThatIsNotAKey() {
    assertTrue(problem("p=" + b64(new byte[100])).contains("not an RSA public key"));
    // a truncated SPKI, as when one of two strings was lost
    byte[] spki = TestKeys.spki(TestKeys.rsa(2048));
    assertTrue(problem("p=" + b64(Arrays.copyOf(spki, 150))).contains("not an RSA public key"));
  }

  @Test
  void keyTypeAndKeyDisagree() {
    KeyPair ed = TestKeys.ed25519("a");
    assertTrue(problem("p=" + b64(TestKeys.ed25519Raw(ed))).contains("add k=ed25519"));
    assertTrue(problem("k=rsa; p=" + b64(TestKeys.spki(ed))).contains("holds an Ed25519 key"));
    String rsaInEd = problem("k=ed25519; p=" + b64(TestKeys.spki(TestKeys.rsa(2048))));
    assertTrue(rsaInEd.contains("holds an RSA 2048-bit key"), rsaInEd);
    assertTrue(problem("k=ed25519; p=" + b64(new byte[31])).contains("decodes to 31 bytes"));
  }

  @Test
  void ed25519BytesOffTheCurve() {
    byte[] notAPoint = new byte[32];
    Arrays.fill(notAPoint, (byte) 0xff); // y = 2^255 - 1 is not below the field prime
    assertTrue(problem("k=ed25519; p=" + b64(notAPoint)).contains("not a valid Ed25519"));
  }

  @Test
  void aPublishedPrivateKeyIsCalledOut() {
    KeyPair pair = TestKeys.rsa(1024);
    assertTrue(problem("p=" + b64(TestKeys.pkcs8(pair))).contains("PRIVATE key"));
    assertTrue(problem("p=" + b64(TestKeys.pkcs1Private(pair))).contains("PRIVATE key"));
  }

  @Test
  void differenceNamesWhatDiffers() {
    PublicKeyMaterial a = decoded("p=" + b64(TestKeys.spki(TestKeys.rsa(2048, "a")))).key();
    PublicKeyMaterial b = decoded("p=" + b64(TestKeys.spki(TestKeys.rsa(2048, "b")))).key();
    PublicKeyMaterial small = decoded("p=" + b64(TestKeys.spki(TestKeys.rsa(1024)))).key();
    PublicKeyMaterial ed = decoded("k=ed25519; p=" + KeyRecordParserTest.ED).key();
    PublicKeyMaterial ed2 =
        decoded("k=ed25519; p=" + b64(TestKeys.ed25519Raw(TestKeys.ed25519("b")))).key();
    assertEquals(null, a.difference(a));
    assertEquals("modulus differs", a.difference(b));
    assertEquals("modulus differs (2048 vs 1024 bits)", a.difference(small));
    PublicKeyMaterial.Rsa r = (PublicKeyMaterial.Rsa) a;
    assertEquals(
        "public exponent differs",
        a.difference(new PublicKeyMaterial.Rsa(r.modulus(), java.math.BigInteger.valueOf(3))));
    assertEquals("the 32 Ed25519 key bytes differ", ed.difference(ed2));
    assertEquals("key type differs: RSA 2048-bit vs Ed25519", a.difference(ed));
  }
}
