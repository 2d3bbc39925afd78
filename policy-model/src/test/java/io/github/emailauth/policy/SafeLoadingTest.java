package io.github.emailauth.policy;

import static io.github.emailauth.policy.PolicyTesting.domain;
import static io.github.emailauth.policy.PolicyTesting.lines;
import static io.github.emailauth.policy.PolicyTesting.load;
import static io.github.emailauth.policy.PolicyTesting.problems;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Hostile and broken YAML is refused quickly, with a message that names the file. */
class SafeLoadingTest {
  @TempDir Path dir;

  /**
   * The classic exponential-entity attack, grown to 1 MB: each level lists the previous one ten
   * times, so a loader that expanded aliases would need 10^levels nodes.
   */
  static String billionLaughs(int targetBytes) {
    StringBuilder sb =
        new StringBuilder(
            "version: 1\nlol0: &lol0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    int level = 1;
    while (sb.length() < targetBytes) {
      sb.append("lol").append(level).append(": &lol").append(level).append(" [");
      for (int i = 0; i < 10; i++) {
        sb.append(i == 0 ? "" : ", ").append("*lol").append(level - 1);
      }
      sb.append("]\n");
      level++;
    }
    return sb.toString();
  }

  @Test
  void billionLaughsFileFailsFastNamingTheFile() throws Exception {
    String yaml = billionLaughs(1024 * 1024);
    assertTrue(yaml.length() >= 1024 * 1024);
    Path file = dir.resolve("laughs.yaml");
    Files.writeString(file, yaml);

    PolicyException e =
        assertTimeoutPreemptively(
            Duration.ofSeconds(1),
            () -> assertThrows(PolicyException.class, () -> PolicyLoader.load(file)));

    assertEquals(1, e.problems().size(), e.getMessage());
    PolicyProblem problem = e.problems().get(0);
    assertEquals(file.toString(), problem.position().file());
    assertTrue(
        problem.message().contains("more than 50 aliases to mappings or lists"), problem.message());
    assertTrue(problem.message().contains("billion laughs"), problem.message());
    assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
    // The limit trips at the 51st alias: line 8 (level 6) holds aliases 51 to 60.
    assertEquals(8, problem.position().line());
  }

  @Test
  void aliasesWithinTheLimitAreFine() {
    String yaml =
        lines(
            "version: 1",
            "domains:",
            "  a.example: &base",
            "    dmarc: {policy: reject, rua: [mailto:d@example.com]}",
            "  b.example: *base",
            "  c.example:",
            "    <<: *base",
            "    mx: [10 mx.example.com.]");
    Policy policy = load(yaml);
    assertEquals(3, policy.domains().size());
    DomainPolicy c = policy.domains().get("c.example");
    assertEquals(DmarcMode.REJECT, c.dmarc().policy());
    assertEquals("10 mx.example.com.", c.mx().hosts().get(0).toString());
    // Merged from the anchor: the position is where the anchor's key was written.
    assertEquals(4, c.dmarc().positions().section().line());
  }

  @Test
  void mergeKeyDoesNotOverrideExplicitKeys() {
    String yaml =
        lines(
            "version: 1",
            "defaults:",
            "  dmarc: &strict {policy: reject, subdomainPolicy: reject}",
            "domains:",
            "  a.example:",
            "    dmarc:",
            "      <<: *strict",
            "      policy: quarantine");
    DmarcPolicy dmarc = load(yaml).domains().get("a.example").dmarc();
    assertEquals(DmarcMode.QUARANTINE, dmarc.policy());
    assertEquals(DmarcMode.REJECT, dmarc.subdomainPolicy());
  }

  @Test
  void recursiveAliasIsRefused() {
    String yaml = lines("version: 1", "domains:", "  a.example:", "    senders: &s [x, *s]");
    List<PolicyProblem> problems = problems(yaml);
    assertTrue(
        problems.stream()
            .anyMatch(p -> p.message().contains("alias refers to a node that contains it")),
        problems.toString());
  }

  @Test
  void globalTagsAreRefused() {
    List<PolicyProblem> problems =
        problems(domain("    dmarc: !!python/object:os.system {policy: reject}"));
    assertEquals(1, problems.size(), problems.toString());
    PolicyProblem p = problems.get(0);
    assertTrue(p.message().startsWith("not valid YAML: "), p.message());
    assertTrue(p.message().contains("Global tag is not allowed"), p.message());
    assertEquals(4, p.position().line());
  }

  @Test
  void javaTypeTagsAreRefusedAndNothingIsConstructed() {
    List<PolicyProblem> problems =
        problems(
            domain("    dmarc: !!javax.script.ScriptEngineManager [!!java.net.URLClassLoader []]"));
    assertTrue(
        problems.get(0).message().contains("Global tag is not allowed"), problems.toString());
  }

  @Test
  void deepNestingIsRefused() {
    String yaml = "version: 1\ndomains: " + "[".repeat(100) + "]".repeat(100) + "\n";
    PolicyProblem p = problems(yaml).get(0);
    assertTrue(p.message().contains("nested more than"), p.message());
    assertEquals(2, p.position().line());
  }

  @Test
  void documentOverTheCodePointLimitIsRefused() {
    String yaml = "version: 1\n# " + "x".repeat(YamlTree.MAX_CODE_POINTS) + "\ndomains: {}\n";
    PolicyProblem p = assertTimeoutPreemptively(Duration.ofSeconds(1), () -> problems(yaml)).get(0);
    assertTrue(p.message().contains("larger than"), p.message());
  }

  @Test
  void oversizedFileIsRefusedBeforeReading() throws Exception {
    Path file = dir.resolve("huge.yaml");
    Files.write(file, new byte[(int) PolicyLoader.MAX_FILE_SIZE + 1]);
    PolicyException e = assertThrows(PolicyException.class, () -> PolicyLoader.load(file));
    assertTrue(e.getMessage().contains(file.toString()));
    assertTrue(e.problems().get(0).message().contains("more than the"), e.getMessage());
  }

  @Test
  void syntaxErrorHasAPosition() {
    String yaml = lines("version: 1", "domains:", "  example.com: {dmarc: [}");
    List<PolicyProblem> problems = problems(yaml);
    assertEquals(1, problems.size(), problems.toString());
    PolicyProblem p = problems.get(0);
    assertTrue(p.message().startsWith("not valid YAML: "), p.message());
    assertEquals(3, p.position().line());
    assertEquals(25, p.position().column());
  }

  @Test
  void severalDocumentsAreRefused() {
    PolicyProblem p = problems("version: 1\ndomains: {}\n---\nversion: 1\n").get(0);
    assertTrue(p.message().contains("expected a single document"), p.message());
    assertEquals(3, p.position().line());
  }

  @Test
  void emptyFileIsAProblem() {
    PolicyProblem p = problems("# nothing here\n").get(0);
    assertEquals("the policy file is empty", p.message());
    assertEquals("start with `version: 1`", p.suggestion());
  }

  @Test
  void topLevelListIsAProblem() {
    PolicyProblem p = problems("- version: 1\n").get(0);
    assertTrue(p.message().startsWith("the policy must be a mapping"), p.message());
  }

  @Test
  void nonUtf8FileIsAProblem() throws Exception {
    Path file = dir.resolve("latin1.yaml");
    Files.write(
        file,
        "version: 1\ndomains:\n  b\u00fccher.example:\n".getBytes(StandardCharsets.ISO_8859_1));
    PolicyException e = assertThrows(PolicyException.class, () -> PolicyLoader.load(file));
    assertEquals("the file is not UTF-8 text", e.problems().get(0).message());
  }

  @Test
  void byteOrderMarkIsIgnored() throws Exception {
    Path file = dir.resolve("bom.yaml");
    Files.writeString(file, "\uFEFFversion: 1\ndomains:\n  example.com:\n");
    assertEquals(1, PolicyLoader.load(file).domains().size());
  }

  @Test
  void tooManyProblemsAreCappedWithACount() {
    StringBuilder sb = new StringBuilder("version: 1\ndomains:\n");
    for (int i = 0; i < Problems.MAX_REPORTED + 50; i++) {
      sb.append("  d").append(i).append(".example: {dmarc: {policy: bogus}}\n");
    }
    List<PolicyProblem> problems = problems(sb.toString());
    assertEquals(Problems.MAX_REPORTED + 1, problems.size());
    assertEquals("50 more problems not shown", problems.get(Problems.MAX_REPORTED).message());
  }

  @Test
  void defaultsCopiedIntoManyDomainsHitTheReadLimit() {
    // 50 KB of text that would make the reader merge 2,000 selectors into each of 1,500 domains.
    StringBuilder sb = new StringBuilder("version: 1\ndefaults:\n  dkim:\n");
    for (int i = 0; i < 2000; i++) {
      sb.append("    s").append(i).append(":\n");
    }
    sb.append("domains:\n");
    for (int i = 0; i < 1500; i++) {
      sb.append("  d").append(i).append(".example:\n");
    }
    List<PolicyProblem> problems =
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> problems(sb.toString()));
    assertEquals(1, problems.size(), problems.toString());
    assertEquals(
        "refused: with defaults and senders applied, the policy has more than 1000000 values",
        problems.get(0).message());
  }

  @Test
  void sectionsInheritedUnchangedAreReadOnceAndShared() {
    StringBuilder sb = new StringBuilder("version: 1\ndefaults:\n  dkim:\n");
    for (int i = 0; i < 20; i++) {
      sb.append("    s").append(i).append(":\n");
    }
    sb.append("  dmarc: {policy: reject}\ndomains:\n");
    for (int i = 0; i < 20_000; i++) {
      sb.append("  d").append(i).append(".example:\n");
    }
    Policy policy = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> load(sb.toString()));
    assertEquals(20_000, policy.domains().size());
    DomainPolicy first = policy.domains().get("d0.example");
    DomainPolicy last = policy.domains().get("d19999.example");
    assertEquals(20, last.dkim().size());
    assertTrue(first.dmarc() == last.dmarc(), "the inherited DMARC section is one shared object");
  }
}
