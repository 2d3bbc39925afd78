package io.github.emailauth.checks.dkim;

import static io.github.emailauth.checks.dkim.DkimFixtures.describe;
import static io.github.emailauth.checks.dkim.TestKeys.b64;
import static io.github.emailauth.checks.dkim.TestKeys.pem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.emailauth.checks.engine.Engine;
import io.github.emailauth.checks.engine.Finding;
import io.github.emailauth.checks.engine.Generation;
import io.github.emailauth.checks.engine.Report;
import io.github.emailauth.checks.output.ArtifactWriter;
import io.github.emailauth.checks.testing.TestDnsServer;
import io.github.emailauth.policy.Policy;
import io.github.emailauth.policy.PolicyLoader;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Master;
import org.xbill.DNS.Record;
import org.xbill.DNS.TXTRecord;

/**
 * The whole path of {@code generate} for DKIM as the plugin runs it: a YAML policy whose key files
 * sit next to it, the engine, the {@link ArtifactWriter}'s zone file and records.json; then the
 * zone file served by the loopback DNS server and verified.
 */
class DkimGenerateZoneFileTest {
  @TempDir Path dir;

  @Test
  void zoneFileSplitsKeysIntoStringsOfOneRecordThatVerify() throws Exception {
    KeyPair rsa3072 = TestKeys.rsa(3072);
    KeyPair rsa2048 = TestKeys.rsa(2048, "generate");
    KeyPair ed = TestKeys.ed25519("generate");
    TestKeys.write(dir, "keys/s3072.pub", pem("PUBLIC KEY", TestKeys.spki(rsa3072)));
    // what opendkim-genkey leaves: a PKCS#1 private key (lint warns; generate derives the key)
    TestKeys.write(
        dir, "keys/s2048.private", pem("RSA PRIVATE KEY", TestKeys.pkcs1Private(rsa2048)));
    TestKeys.write(dir, "keys/ed.der", TestKeys.spki(ed));
    Files.writeString(
        dir.resolve("emailauth.yaml"),
        """
        version: 1
        domains:
          example.com:
            dkim:
              s3072: { publicKey: keys/s3072.pub }
              S2048: { publicKey: keys/s2048.private }
              ed: { publicKey: keys/ed.der, testing: true }
              old: { revoked: true }
        """);
    Policy policy = PolicyLoader.load(dir.resolve("emailauth.yaml"));
    Engine engine = Engine.builder().modules(List.of(new DkimModule())).build();

    Generation generation = engine.generate(policy, null);
    Path out = dir.resolve("out");
    ArtifactWriter.write(generation.domains(), out);

    Map<String, String> expected = new LinkedHashMap<>();
    expected.put(
        "s3072._domainkey.example.com.", "v=DKIM1; k=rsa; p=" + b64(TestKeys.spki(rsa3072)));
    expected.put(
        "s2048._domainkey.example.com.", "v=DKIM1; k=rsa; p=" + b64(TestKeys.spki(rsa2048)));
    expected.put(
        "ed._domainkey.example.com.", "v=DKIM1; k=ed25519; t=y; p=" + b64(TestKeys.ed25519Raw(ed)));
    expected.put("old._domainkey.example.com.", "v=DKIM1; p=");

    String zone = Files.readString(out.resolve("zone/example.com.zone"));
    Map<String, List<String>> strings = new LinkedHashMap<>();
    try (Master master =
        new Master(new ByteArrayInputStream(zone.getBytes(StandardCharsets.UTF_8)))) {
      Record r;
      while ((r = master.nextRecord()) != null) {
        TXTRecord txt = (TXTRecord) r;
        List<String> previous = strings.put(r.getName().toString(), txt.getStrings());
        assertEquals(null, previous, "one TXT record per selector: " + r.getName());
      }
    }
    assertEquals(expected.keySet(), strings.keySet(), zone);
    expected.forEach(
        (name, text) -> {
          List<String> parts = strings.get(name);
          for (String part : parts) {
            assertTrue(part.length() <= 255, name + ": a string of " + part.length());
          }
          assertEquals(text, String.join("", parts), name + ": strings joined raw");
          assertEquals(Math.max(1, (text.length() + 254) / 255), parts.size(), name);
        });
    assertEquals(3, strings.get("s3072._domainkey.example.com.").size(), "3072 bits: 3 strings");
    assertEquals(2, strings.get("s2048._domainkey.example.com.").size(), "2048 bits: 2 strings");

    JsonNode records = new ObjectMapper().readTree(out.resolve("records.json").toFile());
    assertEquals(expected.size(), records.size());
    for (JsonNode r : records) {
      assertEquals(expected.get(r.get("name").asText() + "."), r.get("value").asText());
    }

    // what generate wrote, once published, is exactly what verify expects
    try (TestDnsServer server = TestDnsServer.start()) {
      server.zone("example.com", zone);
      Report report = engine.verify(policy, server.client(Duration.ofSeconds(2)));
      List<Finding> findings = report.domains().get(0).findings();
      assertEquals(
          List.of("DKIM-KEY-FILE-PRIVATE"),
          findings.stream().map(Finding::checkId).toList(),
          () -> describe(findings));
    }
  }
}
