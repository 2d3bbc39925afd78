package io.github.emailauth.policy;

import static io.github.emailauth.policy.PolicyTesting.lines;
import static io.github.emailauth.policy.PolicyTesting.load;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SendersAndPositionsTest {
  static final String POLICY =
      lines(
          "version: 1", //                                                         1
          "senders:",
          "  google-workspace: {spf: [include:_spf.google.com], dkimSelectors: [google]}",
          "  sendgrid:",
          "    spf: [include:sendgrid.net]", //                                      5
          "    dkimSelectors: [s1, S2, s1]",
          "domains:",
          "  example.com:",
          "    senders: [google-workspace, sendgrid]",
          "    dkim:", //                                                            10
          "      s1: {minBits: 4096, retireAfter: 2026-06-30, testing: true}",
          "    spf:",
          "      mechanisms: [ip4:192.0.2.0/24]",
          "      all: pass",
          "      allowPassAll: true", //                                             15
          "      flatten: true",
          "checks:",
          "  DMARC-NO-RUF: off",
          "  SPF-LOOKUP-LIMIT: warning");

  @Test
  void sendersAreReadWithTheirTerms() {
    Policy policy = load(POLICY);
    Sender sendgrid = policy.senders().get("sendgrid");
    assertEquals(List.of("include:sendgrid.net"), sendgrid.spf());
    assertEquals(List.of("s1", "s2"), sendgrid.dkimSelectors(), "lower case, once each");
    assertEquals(new SourcePosition(PolicyTesting.FILE, 4, 3), sendgrid.position());
    assertEquals(
        List.of("google-workspace", "sendgrid"), policy.domains().get("example.com").senders());
  }

  @Test
  void senderSelectorsBecomeDeclaredSelectorsUnlessTheDomainHasThem() {
    DomainPolicy d = load(POLICY).domains().get("example.com");
    assertEquals(List.of("s1", "google", "s2"), List.copyOf(d.dkim().keySet()));
    DkimSelector own = d.dkim().get("s1");
    assertEquals(4096, own.minBits(), "the domain's own declaration wins");
    assertEquals(LocalDate.of(2026, 6, 30), own.retireAfter(), "a YAML timestamp keeps its text");
    assertTrue(own.testing());
    DkimSelector fromSender = d.dkim().get("google");
    assertNull(fromSender.publicKey());
    assertNull(fromSender.minBits());
    assertFalse(fromSender.revoked());
    // It points at the domain's reference to the sender, where the user can act on it.
    assertEquals(new SourcePosition(PolicyTesting.FILE, 9, 15), fromSender.positions().section());
    assertEquals(
        new SourcePosition(PolicyTesting.FILE, 9, 33), d.dkim().get("s2").positions().section());
  }

  @Test
  void passAllWhenExplicitlyAllowed() {
    SpfPolicy spf = load(POLICY).domains().get("example.com").spf();
    assertEquals(SpfAll.PASS, spf.all());
    assertTrue(spf.flatten());
    assertEquals(List.of("ip4:192.0.2.0/24"), spf.mechanisms(), "senders' terms are not copied in");
  }

  @Test
  void everyObjectKnowsWhereItWasDeclared() {
    Policy policy = load(POLICY);
    DomainPolicy d = policy.domains().get("example.com");
    assertEquals(new SourcePosition(PolicyTesting.FILE, 8, 3), d.position());
    assertEquals(new SourcePosition(PolicyTesting.FILE, 12, 5), d.spf().positions().section());
    assertEquals(new SourcePosition(PolicyTesting.FILE, 14, 7), d.spf().positions().at("all"));
    assertEquals(
        new SourcePosition(PolicyTesting.FILE, 12, 5),
        d.spf().positions().at("redirect"),
        "a key not written points at its section");
    assertEquals(
        new SourcePosition(PolicyTesting.FILE, 11, 7), d.dkim().get("s1").positions().section());
    assertEquals(
        new SourcePosition(PolicyTesting.FILE, 11, 27),
        d.dkim().get("s1").positions().at("retireAfter"));
    CheckOverride off = policy.checks().get("DMARC-NO-RUF");
    assertEquals(Severity.OFF, off.severity(), "`off` is a YAML 1.1 boolean; its text counts");
    assertEquals(new SourcePosition(PolicyTesting.FILE, 18, 3), off.position());
    assertEquals(Severity.WARNING, policy.checks().get("SPF-LOOKUP-LIMIT").severity());
    assertEquals(1, policy.version());
  }

  @Test
  void loadReadsTheFileAndResolvesPathsAgainstItsFolder(@TempDir Path dir) throws Exception {
    Files.createDirectories(dir.resolve("keys"));
    Files.writeString(
        dir.resolve("keys/k.pub"), "-----BEGIN PUBLIC KEY-----\n-----END PUBLIC KEY-----\n");
    Files.createDirectories(dir.resolve("brand"));
    Files.writeString(dir.resolve("brand/logo.svg"), "<svg/>");
    Path file = dir.resolve("emailauth.yaml");
    Files.writeString(
        file,
        lines(
            "version: 1",
            "domains:",
            "  example.com:",
            "    dkim: {k: {publicKey: keys/k.pub}}",
            "    bimi: {logo: https://brand.example.com/logo.svg, logoFile: brand/logo.svg}"));
    Policy policy = PolicyLoader.load(file);
    assertEquals(file, policy.file());
    DomainPolicy d = policy.domains().get("example.com");
    assertEquals(dir.toAbsolutePath().resolve("keys/k.pub"), d.dkim().get("k").publicKeyPath());
    assertEquals("keys/k.pub", d.dkim().get("k").publicKey());
    assertEquals("brand/logo.svg", d.bimi().logoFile());
    assertEquals("default", d.bimi().selector());
    assertEquals(file.toString(), d.position().file());

    Files.delete(dir.resolve("keys/k.pub"));
    PolicyException e =
        org.junit.jupiter.api.Assertions.assertThrows(
            PolicyException.class, () -> PolicyLoader.load(file));
    assertEquals("public key file `keys/k.pub` does not exist", e.problems().get(0).message());
    assertEquals(new SourcePosition(file.toString(), 4, 27), e.problems().get(0).position());
  }

  @Test
  void defaultValuesOfOptionalKeys() {
    DomainPolicy d =
        load(lines(
                "version: 1",
                "domains:",
                "  example.com:",
                "    mtaSts: {mode: none}",
                "    spf: {all: softfail}",
                "    dkim: {s1: }"))
            .domains()
            .get("example.com");
    assertEquals(604800, d.mtaSts().maxAge());
    assertEquals(List.of(), d.mtaSts().mx());
    assertNull(d.mtaSts().id());
    assertFalse(d.spf().flatten());
    assertEquals(List.of(), d.spf().authorize());
    DkimSelector s1 = d.dkim().get("s1");
    assertFalse(s1.revoked());
    assertFalse(s1.testing());
    assertNull(s1.minBits());
  }
}
