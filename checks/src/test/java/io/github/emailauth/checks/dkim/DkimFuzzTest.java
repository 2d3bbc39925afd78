package io.github.emailauth.checks.dkim;

import static io.github.emailauth.checks.testing.Fuzz.HUGE_BUDGET;
import static io.github.emailauth.checks.testing.Fuzz.SMALL_BUDGET;
import static io.github.emailauth.checks.testing.Fuzz.within;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.emailauth.checks.testing.Fuzz;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Mutation fuzzing of DKIM key records ({@link KeyRecordParser} then {@link PublishedKey}) and key
 * files ({@link KeyFile}, PEM and DER) (docs/fuzzing.md): each returns its result type for any
 * input, in bounded time, and refuses input over its documented cap before reading it.
 */
class DkimFuzzTest {
  private static List<String> records;
  private static List<String> pems;
  private static List<byte[]> ders;

  @BeforeAll
  static void keys() throws Exception {
    SecureRandom fixed = SecureRandom.getInstance("SHA1PRNG");
    fixed.setSeed(42L); // a seeded SHA1PRNG is deterministic: the same keys on every run
    KeyPairGenerator rsaGen = KeyPairGenerator.getInstance("RSA");
    rsaGen.initialize(1024, fixed);
    KeyPair rsa = rsaGen.generateKeyPair();
    KeyPairGenerator edGen = KeyPairGenerator.getInstance("Ed25519");
    edGen.initialize(255, fixed);
    KeyPair ed = edGen.generateKeyPair();
    byte[] edSpki = ed.getPublic().getEncoded();
    byte[] edRaw = Arrays.copyOfRange(edSpki, edSpki.length - 32, edSpki.length);
    Base64.Encoder b64 = Base64.getEncoder();
    records =
        List.of(
            "v=DKIM1; k=rsa; h=sha256; t=s:y; s=email; p="
                + b64.encodeToString(rsa.getPublic().getEncoded()),
            "v=DKIM1; k=ed25519; p=" + b64.encodeToString(edRaw),
            "k=ed25519; p=" + b64.encodeToString(edSpki),
            "v=DKIM1; p=",
            "v=DKIM1; k=rsa; n=notes=here; p=MIIB IjAN BgkqhkiG\t9w0BAQEFAAOC AQ8A");
    Base64.Encoder mime = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII));
    pems =
        List.of(
            pem("PUBLIC KEY", mime.encodeToString(rsa.getPublic().getEncoded())),
            pem("PRIVATE KEY", mime.encodeToString(rsa.getPrivate().getEncoded())),
            pem("PUBLIC KEY", mime.encodeToString(edSpki)),
            pem("PRIVATE KEY", mime.encodeToString(ed.getPrivate().getEncoded())),
            "Proc-Type: 4,ENCRYPTED\n" + pem("RSA PRIVATE KEY", "AAAA"));
    ders =
        List.of(
            rsa.getPublic().getEncoded(),
            rsa.getPrivate().getEncoded(),
            edSpki,
            ed.getPrivate().getEncoded());
  }

  private static String pem(String type, String body) {
    return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
  }

  @Test
  void mutatedKeyRecordsParseAndDecodeWithoutThrowing() {
    Fuzz fuzz = new Fuzz("dkim-record");
    int keys = 0;
    int other = 0;
    int n = Fuzz.iterations(20_000);
    for (int i = 0; i < n; i++) {
      String input = fuzz.mutate(fuzz.pick(records), records);
      Object outcome = within(SMALL_BUDGET, input, () -> parseAndDecode(input));
      if (outcome instanceof PublishedKey) {
        keys++;
      } else {
        other++;
      }
    }
    assertTrue(keys > n / 20 && other > n / 20, "key records " + keys + ", other " + other);
  }

  @Test
  void mutatedKeyFilesLoadOrAreUnreadable() {
    Fuzz fuzz = new Fuzz("dkim-file");
    int loaded = 0;
    int unreadable = 0;
    int n = Fuzz.iterations(10_000);
    for (int i = 0; i < n; i++) {
      byte[] input;
      if (fuzz.random().nextBoolean()) {
        input = fuzz.mutate(fuzz.pick(pems), pems).getBytes(StandardCharsets.ISO_8859_1);
      } else {
        input = fuzz.mutate(fuzz.pick(ders));
      }
      KeyFile result =
          within(
              SMALL_BUDGET,
              new String(input, StandardCharsets.ISO_8859_1),
              () -> KeyFile.parse(input));
      if (result instanceof KeyFile.Loaded) {
        loaded++;
      } else {
        assertNotNull(((KeyFile.Unreadable) result).problem());
        unreadable++;
      }
    }
    assertTrue(
        loaded > 0 && unreadable > n / 20, "loaded " + loaded + ", unreadable " + unreadable);
  }

  @Test
  void hugeInputIsRefusedEarly(@TempDir Path dir) throws Exception {
    String overCap = Fuzz.huge("v=DKIM1; k=rsa; p=", "QUFB", KeyRecordParser.MAX_LENGTH + 1);
    ParsedRecord r = within(SMALL_BUDGET, overCap, () -> KeyRecordParser.parse(overCap));
    assertInstanceOf(ParsedRecord.Malformed.class, r);
    String megabytes = Fuzz.huge("v=DKIM1; p=", "A", 8_000_000);
    within(SMALL_BUDGET, megabytes, () -> KeyRecordParser.parse(megabytes));

    // Just under the cap: still read, still linear.
    String underCap = Fuzz.huge("v=DKIM1; k=rsa; p=", "QUFB", KeyRecordParser.MAX_LENGTH - 4);
    within(HUGE_BUDGET, underCap, () -> parseAndDecode(underCap));
    String tags = Fuzz.huge("v=DKIM1;", "a=b;", KeyRecordParser.MAX_LENGTH - 4);
    within(HUGE_BUDGET, tags, () -> parseAndDecode(tags));

    // A 64 MB key file is not read whole: only MAX_BYTES + 1 bytes are.
    Path big = dir.resolve("big.pem");
    byte[] chunk =
        Fuzz.huge("-----BEGIN PUBLIC KEY-----\n", "QUFB", 1 << 20)
            .getBytes(StandardCharsets.US_ASCII);
    try (var out = Files.newOutputStream(big)) {
      for (int i = 0; i < 64; i++) {
        out.write(chunk);
      }
    }
    KeyFile f = within(SMALL_BUDGET, big.toString(), () -> KeyFile.read(big));
    assertTrue(
        f instanceof KeyFile.Unreadable u && u.problem().contains("larger than"), f.toString());

    // Under the cap, PEM and DER that claim lengths far past their end.
    for (byte[] lying :
        List.of(
            new byte[] {0x30, (byte) 0x84, 0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x02, 0x01},
            new byte[] {0x30, (byte) 0x80, 0x30, (byte) 0x80, 0x30, (byte) 0x80},
            nested(20_000))) {
      KeyFile lf = within(SMALL_BUDGET, "DER " + lying.length, () -> KeyFile.parse(lying));
      assertInstanceOf(KeyFile.Unreadable.class, lf);
    }
    String manyBlocks = Fuzz.huge("", pem("CERTIFICATE", "AAAA"), KeyFile.MAX_BYTES - 100);
    within(
        HUGE_BUDGET,
        manyBlocks,
        () -> KeyFile.parse(manyBlocks.getBytes(StandardCharsets.US_ASCII)));
  }

  /** DER of {@code depth} nested indefinite-length SEQUENCEs: a stack, not a heap, attack. */
  private static byte[] nested(int depth) {
    byte[] out = new byte[depth * 2];
    for (int i = 0; i < depth; i++) {
      out[2 * i] = 0x30;
      out[2 * i + 1] = (byte) 0x80;
    }
    return out;
  }

  private static Object parseAndDecode(String input) {
    ParsedRecord r = KeyRecordParser.parse(input);
    assertNotNull(r);
    if (r instanceof ParsedRecord.KeyRecord key) {
      key.usableForEmail();
      key.hashAlgorithms();
      key.flags();
      return assertNotNull(PublishedKey.decode(key));
    }
    return r;
  }

  private static <T> T assertNotNull(T value) {
    org.junit.jupiter.api.Assertions.assertNotNull(value);
    return value;
  }
}
