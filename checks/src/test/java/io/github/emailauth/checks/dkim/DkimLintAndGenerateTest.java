package io.github.emailauth.checks.dkim;

import static io.github.emailauth.checks.dkim.DkimFixtures.ctx;
import static io.github.emailauth.checks.dkim.DkimFixtures.describe;
import static io.github.emailauth.checks.dkim.DkimFixtures.domain;
import static io.github.emailauth.checks.dkim.DkimFixtures.ids;
import static io.github.emailauth.checks.dkim.DkimFixtures.one;
import static io.github.emailauth.checks.dkim.DkimFixtures.sel;
import static io.github.emailauth.checks.dkim.DkimFixtures.txt;
import static io.github.emailauth.checks.dkim.TestKeys.b64;
import static io.github.emailauth.checks.dkim.TestKeys.pem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.emailauth.checks.engine.Artifacts;
import io.github.emailauth.checks.engine.Finding;
import io.github.emailauth.checks.engine.GeneratedRecord;
import io.github.emailauth.checks.engine.Protocol;
import io.github.emailauth.checks.testing.TestDnsServer;
import io.github.emailauth.policy.DomainPolicy;
import io.github.emailauth.policy.SourcePosition;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** lint (the declaration and its key files, offline) and generate (the records to publish). */
class DkimLintAndGenerateTest {
  static final String D = "example.com";

  @TempDir Path dir;
  final DkimModule module = new DkimModule(List.of("selector1"), () -> "probe0123456789x");

  List<Finding> lint(DomainPolicy d) {
    return module.lint(ctx(d, null));
  }

  List<GeneratedRecord> generate(DomainPolicy d) {
    Artifacts a = module.generate(ctx(d, null)).join();
    assertEquals(List.of(), a.files());
    return a.records();
  }

  @Test
  void goodDeclarationLintsClean() {
    Path rsa = TestKeys.write(dir, "rsa.pub", pem("PUBLIC KEY", TestKeys.spki(TestKeys.rsa(2048))));
    Path ed = TestKeys.write(dir, "ed.der", TestKeys.spki(TestKeys.ed25519("a")));
    List<Finding> findings =
        lint(
            domain(
                D,
                sel("s2025", 10).key(rsa),
                sel("ed", 20).key(ed),
                sel("google", 30),
                sel("a.b-c", 40)));
    assertEquals(List.of(), findings, () -> describe(findings));
  }

  @Test
  void unreadableKeyFiles() {
    Path garbage = TestKeys.write(dir, "garbage.pub", "hello");
    Path encrypted = TestKeys.write(dir, "enc.pem", pem("ENCRYPTED PRIVATE KEY", new byte[48]));
    List<Finding> findings =
        lint(
            domain(
                D,
                sel("a", 10).key(garbage),
                sel("b", 20).key(encrypted),
                sel("c", 30).key(dir.resolve("missing.pub"))));
    assertEquals(
        List.of("DKIM-KEY-FILE-INVALID", "DKIM-KEY-FILE-INVALID", "DKIM-KEY-FILE-INVALID"),
        ids(findings));
    Finding first = findings.get(0);
    assertEquals("keys/garbage.pub", first.subject());
    assertEquals(new SourcePosition(DkimFixtures.FILE, 11, 9), first.location());
    assertTrue(findings.get(1).message().contains("encrypted"), findings.get(1).message());
    assertTrue(findings.get(2).message().contains("file not found"), findings.get(2).message());
  }

  @Test
  void privateKeyInTheRepositoryIsFlagged() {
    Path priv =
        TestKeys.write(
            dir, "priv.pem", pem("RSA PRIVATE KEY", TestKeys.pkcs1Private(TestKeys.rsa(2048))));
    Finding f = one(lint(domain(D, sel("s", 10).key(priv))), DkimCheck.KEY_FILE_PRIVATE);
    assertTrue(f.message().contains("PEM RSA PRIVATE KEY (PKCS#1)"), f.message());
  }

  @Test
  void keyFileSizes() {
    Path k1024 =
        TestKeys.write(dir, "k1024.pub", pem("PUBLIC KEY", TestKeys.spki(TestKeys.rsa(1024))));
    Path k512 =
        TestKeys.write(dir, "k512.pub", pem("PUBLIC KEY", TestKeys.spki(TestKeys.rsa(512))));
    Path k2048 =
        TestKeys.write(dir, "k2048.pub", pem("PUBLIC KEY", TestKeys.spki(TestKeys.rsa(2048))));
    List<Finding> findings =
        lint(
            domain(
                D,
                sel("weak", 10).key(k1024),
                sel("allowed", 20).key(k1024).minBits(1024),
                sel("small", 30).key(k512),
                sel("strict", 40).key(k2048).minBits(3072)));
    assertEquals(
        List.of("DKIM-KEY-TOO-SMALL", "DKIM-KEY-WEAK", "DKIM-KEY-WEAK"),
        ids(findings),
        () -> describe(findings));
    Finding strict =
        findings.stream()
            .filter(f -> f.subject().equals("keys/k2048.pub"))
            .findFirst()
            .orElseThrow();
    assertTrue(strict.message().contains("under the declared minBits 3072"), strict.message());
  }

  @Test
  void weakKeyMatchingItsFileIsReportedOnceByLintNotAgainByVerify() throws Exception {
    KeyPair k = TestKeys.rsa(1024);
    Path file = TestKeys.write(dir, "k.pub", pem("PUBLIC KEY", TestKeys.spki(k)));
    DomainPolicy d = domain(D, sel("s", 10).key(file));
    try (TestDnsServer server = TestDnsServer.start()) {
      server.add(txt("s._domainkey.example.com.", "v=DKIM1; p=" + b64(TestKeys.spki(k))));
      var c = ctx(d, server.client(Duration.ofSeconds(2)));
      assertEquals(List.of("DKIM-KEY-WEAK"), ids(module.lint(c)));
      assertEquals(List.of(), module.verify(c).join(), "verify does not repeat it");
    }
  }

  @Test
  void selectorSyntax() {
    List<Finding> findings =
        lint(domain(D, sel("bad selector", 10), sel("a..b", 20), sel("x".repeat(64), 30)));
    assertEquals(
        3, DkimFixtures.only(findings, DkimCheck.SELECTOR_SYNTAX).size(), () -> describe(findings));
    assertTrue(findings.get(0).message().contains("contains ' '"), findings.get(0).message());
  }

  @Test
  void generatesKeyRecordsFromKeyFiles() {
    KeyPair rsa = TestKeys.rsa(2048);
    KeyPair ed = TestKeys.ed25519("a");
    Path rsaFile = TestKeys.write(dir, "rsa.pem", pem("PRIVATE KEY", TestKeys.pkcs8(rsa)));
    Path edFile = TestKeys.write(dir, "ed.pem", pem("PUBLIC KEY", TestKeys.spki(ed)));
    Path bad = TestKeys.write(dir, "bad.pem", "nope");
    List<GeneratedRecord> records =
        generate(
            domain(
                D,
                sel("S2025", 10).key(rsaFile),
                sel("ed", 20).key(edFile).testing(),
                sel("old", 30).revoked().cname("ignored.example.net"),
                sel("selector1", 40).cname("Selector1-example-com._domainkey.Tenant.example.net."),
                sel("google", 50),
                sel("broken", 60).key(bad)));
    assertEquals(4, records.size(), records::toString);

    GeneratedRecord r = records.get(0);
    assertEquals("s2025._domainkey.example.com", r.name());
    assertEquals("TXT", r.type());
    assertEquals(GeneratedRecord.DEFAULT_TTL, r.ttl());
    assertEquals(Protocol.DKIM, r.protocol());
    assertEquals("v=DKIM1; k=rsa; p=" + b64(TestKeys.spki(rsa)), r.value());
    assertTrue(r.value().length() > 255, "one value; the zone writer splits it");

    GeneratedRecord e = records.get(1);
    assertEquals("v=DKIM1; k=ed25519; t=y; p=" + b64(TestKeys.ed25519Raw(ed)), e.value());
    String p = e.value().substring(e.value().indexOf("p=") + 2);
    assertEquals(44, p.length());
    assertTrue(p.endsWith("="));

    assertEquals("v=DKIM1; p=", records.get(2).value());
    assertEquals("old._domainkey.example.com", records.get(2).name());

    GeneratedRecord c = records.get(3);
    assertEquals("CNAME", c.type());
    assertEquals("selector1-example-com._domainkey.tenant.example.net.", c.value());
  }

  @Test
  void generatedRecordsParseBackToTheSameKey() {
    for (KeyPair pair :
        List.of(
            TestKeys.rsa(1024), TestKeys.rsa(2048), TestKeys.rsa(3072), TestKeys.ed25519("b"))) {
      Path file = TestKeys.write(dir, "k.der", TestKeys.spki(pair));
      String value = generate(domain(D, sel("s", 10).key(file))).get(0).value();
      var parsed = assertInstanceOf(ParsedRecord.KeyRecord.class, KeyRecordParser.parse(value));
      var decoded = assertInstanceOf(PublishedKey.Decoded.class, PublishedKey.decode(parsed));
      assertEquals(TestKeys.fingerprint(pair), decoded.key().fingerprint());
      assertEquals(List.of(), decoded.notes());
      assertEquals("v", parsed.tags().keySet().iterator().next(), "v= comes first");
    }
  }

  @Test
  void generatedThenPublishedThenVerifiedIsQuiet() throws Exception {
    KeyPair k = TestKeys.rsa(3072);
    Path file = TestKeys.write(dir, "k3072.pub", pem("PUBLIC KEY", TestKeys.spki(k)));
    DomainPolicy d = domain(D, sel("s3072", 10).key(file), sel("gone", 20).revoked());
    try (TestDnsServer server = TestDnsServer.start()) {
      for (GeneratedRecord r : generate(d)) {
        server.add(txt(r.name() + ".", r.value())); // 3072 bits: three strings
      }
      List<Finding> findings = module.verify(ctx(d, server.client(Duration.ofSeconds(2)))).join();
      assertEquals(List.of(), findings, () -> describe(findings));
    }
  }
}
