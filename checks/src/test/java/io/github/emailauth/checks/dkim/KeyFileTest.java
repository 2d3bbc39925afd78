package io.github.emailauth.checks.dkim;

import static io.github.emailauth.checks.dkim.TestKeys.pem;
import static io.github.emailauth.checks.dkim.TestKeys.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.emailauth.checks.dkim.KeyFile.Loaded;
import io.github.emailauth.checks.dkim.KeyFile.Unreadable;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class KeyFileTest {
  @TempDir Path dir;

  static Stream<Arguments> encodings() {
    KeyPair rsa = TestKeys.rsa(2048);
    KeyPair ed = TestKeys.ed25519("a");
    return Stream.of(
        Arguments.of("rsa-spki.pem", rsa, pem("PUBLIC KEY", TestKeys.spki(rsa)).getBytes(), false),
        Arguments.of(
            "rsa-pkcs1.pem",
            rsa,
            pem("RSA PUBLIC KEY", TestKeys.pkcs1Public(rsa)).getBytes(),
            false),
        Arguments.of(
            "rsa-pkcs8.pem", rsa, pem("PRIVATE KEY", TestKeys.pkcs8(rsa)).getBytes(), true),
        Arguments.of(
            "rsa-pkcs1-private.pem",
            rsa,
            pem("RSA PRIVATE KEY", TestKeys.pkcs1Private(rsa)).getBytes(),
            true),
        Arguments.of("rsa-spki.der", rsa, TestKeys.spki(rsa), false),
        Arguments.of("rsa-pkcs1.der", rsa, TestKeys.pkcs1Public(rsa), false),
        Arguments.of("rsa-pkcs8.der", rsa, TestKeys.pkcs8(rsa), true),
        Arguments.of("rsa-pkcs1-private.der", rsa, TestKeys.pkcs1Private(rsa), true),
        Arguments.of("ed-spki.pem", ed, pem("PUBLIC KEY", TestKeys.spki(ed)).getBytes(), false),
        Arguments.of("ed-pkcs8.pem", ed, pem("PRIVATE KEY", TestKeys.pkcs8(ed)).getBytes(), true),
        Arguments.of("ed-spki.der", ed, TestKeys.spki(ed), false),
        Arguments.of("ed-pkcs8.der", ed, TestKeys.pkcs8(ed), true),
        // openssl writes text before the block with some commands; CRLF line ends from Windows
        Arguments.of(
            "rsa-preamble.pem",
            rsa,
            ("Public-Key: (2048 bit)\n" + pem("PUBLIC KEY", TestKeys.spki(rsa)))
                .replace("\n", "\r\n")
                .getBytes(),
            false));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("encodings")
  void everyEncodingGivesThePublicKey(String name, KeyPair pair, byte[] content, boolean priv) {
    KeyFile file = KeyFile.read(write(dir, name, content));
    Loaded loaded = assertInstanceOf(Loaded.class, file, () -> file.toString());
    assertEquals(TestKeys.fingerprint(pair), loaded.key().fingerprint());
    assertEquals(priv, loaded.privateKey(), loaded.format());
  }

  @Test
  void pkcs8AndSpkiOfOneKeyAreEqual() {
    KeyPair rsa = TestKeys.rsa(1024);
    PublicKeyMaterial a = ((Loaded) KeyFile.parse(TestKeys.pkcs8(rsa))).key();
    PublicKeyMaterial b =
        ((Loaded) KeyFile.parse(pem("RSA PUBLIC KEY", TestKeys.pkcs1Public(rsa)).getBytes())).key();
    assertEquals(a, b);
    assertEquals(1024, ((PublicKeyMaterial.Rsa) a).bits());
  }

  private String problem(byte[] content) {
    KeyFile file = KeyFile.read(write(dir, "key", content));
    return assertInstanceOf(Unreadable.class, file, () -> file.toString()).problem();
  }

  @Test
  void unreadableFiles() throws Exception {
    assertTrue(problem("not a key".getBytes()).contains("neither PEM nor"));
    assertTrue(problem(new byte[0]).contains("neither PEM nor"));
    assertTrue(
        problem(pem("ENCRYPTED PRIVATE KEY", new byte[64]).getBytes()).contains("encrypted"));
    String legacyEncrypted =
        "-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\n"
            + "DEK-Info: AES-128-CBC,00000000000000000000000000000000\n\nAAAA\n"
            + "-----END RSA PRIVATE KEY-----\n";
    assertTrue(problem(legacyEncrypted.getBytes()).contains("encrypted"));
    assertTrue(problem(pem("CERTIFICATE", new byte[10]).getBytes()).contains("found CERTIFICATE"));
    assertTrue(problem(pem("PUBLIC KEY", new byte[40]).getBytes()).contains("PEM PUBLIC KEY"));
    assertTrue(
        problem("-----BEGIN PUBLIC KEY-----\n!!!!\n-----END PUBLIC KEY-----\n".getBytes())
            .startsWith("damaged PEM"));
    assertTrue(problem(new byte[KeyFile.MAX_BYTES + 1]).contains("larger than 64 KiB"));

    KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
    ec.initialize(new ECGenParameterSpec("secp256r1"));
    KeyPair ecPair = ec.generateKeyPair();
    String ecProblem = problem(pem("PUBLIC KEY", ecPair.getPublic().getEncoded()).getBytes());
    assertTrue(ecProblem.contains("EC"), ecProblem);
    assertTrue(
        KeyFile.read(dir.resolve("missing.pem")) instanceof Unreadable u
            && u.problem().startsWith("file not found"));
  }
}
