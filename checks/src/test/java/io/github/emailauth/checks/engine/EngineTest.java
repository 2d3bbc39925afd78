package io.github.emailauth.checks.engine;

import static io.github.emailauth.policy.Severity.ERROR;
import static io.github.emailauth.policy.Severity.NOTICE;
import static io.github.emailauth.policy.Severity.OFF;
import static io.github.emailauth.policy.Severity.WARNING;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.emailauth.policy.Policy;
import io.github.emailauth.policy.SourcePosition;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class EngineTest {
  static final ToolInfo TOOL = new ToolInfo("emailauth", "1.0.0", "https://docs.example/");

  static Engine.Builder engine(ProtocolModule... modules) {
    return Engine.builder().modules(List.of(modules)).tool(TOOL);
  }

  static Finding finding(TestCheck check, DomainContext ctx, String subject) {
    return Finding.of(check, ctx.name())
        .subject(subject)
        .message(check.id() + " on " + subject)
        .build();
  }

  @Test
  void lintRunsEveryModuleForEveryDomainInPolicyOrderWithoutDns() {
    List<String> seen = new ArrayList<>();
    FakeModule mx =
        FakeModule.mx()
            .onLint(
                ctx -> {
                  seen.add(ctx.name() + (ctx.dns() == null ? " offline" : " online"));
                  return List.of(finding(TestCheck.MX_LINT, ctx, ctx.name() + " MX"));
                })
            .onVerify(
                ctx -> {
                  throw new AssertionError("lint must not verify");
                });

    Report report = engine(mx).build().lint(TestPolicies.of("b.example", "a.example", "c.example"));

    assertEquals(List.of("b.example offline", "a.example offline", "c.example offline"), seen);
    assertEquals(
        List.of("b.example", "a.example", "c.example"),
        report.domains().stream().map(DomainReport::domain).toList());
    assertEquals(
        List.of("TEST-MX-LINT"),
        report.domains().get(1).findings().stream().map(Finding::checkId).toList());
    assertEquals(java.util.Set.of(Protocol.MX), report.domains().get(0).checked());
  }

  @Test
  void verifyReportsLintAndVerifyFindingsOfEveryModule() {
    FakeModule dmarc =
        FakeModule.dmarc()
            .onLint(ctx -> List.of(finding(TestCheck.DMARC_WEAK, ctx, "declared")))
            .onVerify(
                ctx -> {
                  assertTrue(ctx.dns() instanceof NoDns);
                  return CompletableFuture.completedFuture(
                      List.of(
                          finding(TestCheck.DMARC_DRIFT, ctx, "_dmarc." + ctx.name() + " TXT")));
                });
    FakeModule mx =
        FakeModule.mx()
            .onVerify(
                ctx ->
                    CompletableFuture.supplyAsync(
                        () -> List.of(finding(TestCheck.MX_DRIFT, ctx, ctx.name() + " MX"))));

    Report report = engine(dmarc, mx).build().verify(TestPolicies.of("example.com"), new NoDns());

    assertEquals(
        List.of("TEST-MX-DRIFT", "TEST-DMARC-DRIFT", "TEST-DMARC-WEAK"),
        report.domains().get(0).findings().stream().map(Finding::checkId).toList(),
        "errors first, then by protocol (MX before DMARC, as Protocol lists them)");
    assertEquals(java.util.Set.of(Protocol.MX, Protocol.DMARC), report.domains().get(0).checked());
    assertTrue(report.failed());
  }

  @Test
  void aModuleThatThrowsBecomesAnEngineFindingAndTheRestOfTheRunGoesOn() {
    FakeModule broken =
        FakeModule.dmarc()
            .onLint(
                ctx -> {
                  if (ctx.name().equals("bad-lint.example")) {
                    throw new IllegalArgumentException("lint exploded");
                  }
                  return List.of();
                })
            .onVerify(
                ctx ->
                    switch (ctx.name()) {
                      case "throws.example" -> throw new IllegalStateException("boom");
                      case "fails.example" ->
                          CompletableFuture.supplyAsync(
                              () -> {
                                throw new UnsupportedOperationException("async boom");
                              });
                      case "null.example" -> null;
                      default -> CompletableFuture.completedFuture(List.of());
                    });
    FakeModule mx =
        FakeModule.mx()
            .onVerify(
                ctx ->
                    CompletableFuture.completedFuture(
                        List.of(finding(TestCheck.MX_DRIFT, ctx, ctx.name() + " MX"))));

    Report report =
        engine(broken, mx)
            .build()
            .verify(
                TestPolicies.of(
                    "throws.example",
                    "fails.example",
                    "null.example",
                    "bad-lint.example",
                    "ok.example"),
                new NoDns());

    assertEquals(5, report.domains().size());
    for (DomainReport d : report.domains()) {
      assertTrue(
          d.findings().stream().anyMatch(f -> f.checkId().equals("TEST-MX-DRIFT")),
          "the other module still ran for " + d.domain());
    }
    Finding thrown = engineFinding(report, "throws.example");
    assertEquals(Protocol.DMARC, thrown.protocol(), "reported under the module's protocol");
    assertEquals(Kind.UNVERIFIABLE, thrown.kind());
    assertEquals(Severity.ERROR, thrown.severity());
    assertEquals("FakeModule.verify", thrown.subject());
    assertTrue(thrown.message().contains("FakeModule.verify"), thrown.message());
    assertTrue(thrown.message().contains("IllegalStateException: boom"), thrown.message());
    assertEquals(new SourcePosition(TestPolicies.FILE, 3, 3), thrown.location());

    Finding async = engineFinding(report, "fails.example");
    assertTrue(
        async.message().contains("UnsupportedOperationException: async boom"),
        "the cause, not the CompletionException wrapper: " + async.message());
    assertTrue(engineFinding(report, "null.example").message().contains("returned null"));
    Finding lint = engineFinding(report, "bad-lint.example");
    assertEquals("FakeModule.lint", lint.subject());
    assertTrue(lint.message().contains("lint exploded"));
    assertTrue(
        report.domains().get(4).findings().stream()
            .noneMatch(f -> f.checkId().equals("ENGINE-CHECK-FAILED")));
  }

  private static Finding engineFinding(Report report, String domain) {
    return report.domains().stream()
        .filter(d -> d.domain().equals(domain))
        .flatMap(d -> d.findings().stream())
        .filter(f -> f.checkId().equals(EngineCheck.ENGINE_CHECK_FAILED.id()))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no ENGINE-CHECK-FAILED for " + domain));
  }

  @Test
  void overridesChangeSeverityAndOffDropsTheFinding() {
    FakeModule dmarc =
        FakeModule.dmarc()
            .onLint(
                ctx ->
                    List.of(
                        finding(TestCheck.DMARC_WEAK, ctx, "a"),
                        finding(TestCheck.DMARC_NOTE, ctx, "b"),
                        finding(TestCheck.DMARC_DRIFT, ctx, "c")));
    Policy policy =
        TestPolicies.of(
            List.of("example.com"),
            TestPolicies.overrides(
                "TEST-DMARC-WEAK",
                ERROR,
                20,
                "TEST-DMARC-NOTE",
                OFF,
                21,
                "TEST-DMARC-DRIFT",
                NOTICE,
                22));

    Report report = engine(dmarc).build().lint(policy);

    List<Finding> findings = report.domains().get(0).findings();
    assertEquals(2, findings.size(), findings.toString());
    assertEquals("TEST-DMARC-WEAK", findings.get(0).checkId());
    assertEquals(Severity.ERROR, findings.get(0).severity());
    assertEquals("TEST-DMARC-DRIFT", findings.get(1).checkId());
    assertEquals(Severity.NOTICE, findings.get(1).severity());
    assertTrue(report.policyFindings().isEmpty(), "all three ids are known");
  }

  @Test
  void anOverrideOfAnUnknownIdIsReportedWithDidYouMeanAndItsPosition() {
    Policy policy =
        TestPolicies.of(
            List.of("example.com"),
            TestPolicies.overrides(
                "TEST-DMARC-WEEK", OFF, 14, "NO-SUCH-THING-AT-ALL", WARNING, 15));

    Report report = engine(FakeModule.dmarc()).build().lint(policy);

    List<Finding> unknown = report.policyFindings();
    assertEquals(2, unknown.size(), unknown.toString());
    Finding typo =
        unknown.stream()
            .filter(f -> "TEST-DMARC-WEEK".equals(f.actual()))
            .findFirst()
            .orElseThrow();
    assertEquals("POLICY-UNKNOWN-CHECK", typo.checkId());
    assertEquals(Protocol.POLICY, typo.protocol());
    assertEquals(Kind.INVALID, typo.kind());
    assertEquals("", typo.domain());
    assertEquals(new SourcePosition(TestPolicies.FILE, 14, 3), typo.location());
    assertTrue(typo.message().contains("did you mean `TEST-DMARC-WEAK`?"), typo.message());
    assertEquals("TEST-DMARC-WEAK", typo.expected());
    Finding wild =
        unknown.stream()
            .filter(f -> "NO-SUCH-THING-AT-ALL".equals(f.actual()))
            .findFirst()
            .orElseThrow();
    assertTrue(!wild.message().contains("did you mean"), wild.message());
    assertNull(wild.expected());
    assertTrue(report.failed(), "an override that does nothing is an error by default");
  }

  @Test
  void theUnknownCheckFindingCanItselfBeOverridden() {
    Policy policy =
        TestPolicies.of(
            List.of("example.com"),
            TestPolicies.overrides("TYPO-ID", OFF, 14, "POLICY-UNKNOWN-CHECK", WARNING, 15));

    Report report = engine().build().lint(policy);

    assertEquals(1, report.policyFindings().size());
    assertEquals(Severity.WARNING, report.policyFindings().get(0).severity());
    assertTrue(!report.failed());
  }

  @Test
  void engineChecksAreInTheCatalogueAndDuplicateIdsFailFast() {
    Engine e = engine(FakeModule.dmarc()).build();
    assertTrue(e.catalog().contains("ENGINE-CHECK-FAILED"));
    assertTrue(e.catalog().contains("POLICY-UNKNOWN-CHECK"));
    assertTrue(e.catalog().contains("TEST-DMARC-DRIFT"));

    FakeModule clash =
        new FakeModule(
            Protocol.SPF,
            List.of(
                new CheckSpec(
                    "TEST-DMARC-DRIFT", Protocol.SPF, Kind.DRIFT, Severity.ERROR, "clash")));
    IllegalStateException thrown =
        assertThrows(IllegalStateException.class, () -> engine(FakeModule.dmarc(), clash).build());
    assertTrue(thrown.getMessage().contains("TEST-DMARC-DRIFT"), thrown.getMessage());
  }

  @Test
  void generateCombinesArtifactsInModuleOrderAndKeepsWhatWorkedWhenAModuleFails() {
    FakeModule dmarc =
        FakeModule.dmarc()
            .onGenerate(
                ctx ->
                    CompletableFuture.completedFuture(
                        Artifacts.ofRecords(
                            List.of(
                                new GeneratedRecord(
                                    "_dmarc." + ctx.name(),
                                    "TXT",
                                    3600,
                                    "v=DMARC1; p=reject",
                                    Protocol.DMARC)))));
    FakeModule mx =
        FakeModule.mx()
            .onLint(ctx -> List.of(finding(TestCheck.MX_LINT, ctx, "declared")))
            .onGenerate(
                ctx -> {
                  if (ctx.name().equals("b.example")) {
                    return CompletableFuture.failedFuture(new IllegalStateException("no mx"));
                  }
                  assertNull(ctx.dns(), "generate without DNS gets a null client");
                  return CompletableFuture.completedFuture(
                      Artifacts.ofRecords(
                          List.of(
                              new GeneratedRecord(
                                  ctx.name(),
                                  "MX",
                                  3600,
                                  "10 mx." + ctx.name() + ".",
                                  Protocol.MX))));
                });

    Generation g =
        engine(dmarc, mx).build().generate(TestPolicies.of("a.example", "b.example"), null);

    assertEquals(
        List.of("a.example", "b.example"),
        g.domains().stream().map(DomainArtifacts::domain).toList());
    assertEquals(
        List.of("TXT", "MX"),
        g.domains().get(0).artifacts().records().stream().map(GeneratedRecord::type).toList());
    assertEquals(
        List.of("TXT"),
        g.domains().get(1).artifacts().records().stream().map(GeneratedRecord::type).toList());
    assertEquals(
        List.of("ENGINE-CHECK-FAILED", "TEST-MX-LINT"),
        g.report().domains().get(1).findings().stream().map(Finding::checkId).toList());
    assertEquals(
        List.of("TEST-MX-LINT"),
        g.report().domains().get(0).findings().stream().map(Finding::checkId).toList());
  }

  @Test
  void generateReportsTheFindingsOfAModuleThatCouldNotProduceItsRecords() {
    FakeModule dmarc =
        FakeModule.dmarc()
            .onGenerate(
                ctx ->
                    CompletableFuture.completedFuture(
                        Artifacts.ofFindings(
                            List.of(finding(TestCheck.DMARC_DNS, ctx, "could not resolve")))));

    Generation g = engine(dmarc).build().generate(TestPolicies.of("a.example"), null);

    assertEquals(List.of(), g.domains().get(0).artifacts().records());
    assertEquals(
        List.of("TEST-DMARC-DNS"),
        g.report().domains().get(0).findings().stream().map(Finding::checkId).toList());
  }

  @Test
  void thousandsOfFindingsOfOneCheckAreListedUpToTheCapAndSummedUpInOne() {
    FakeModule mx =
        FakeModule.mx()
            .onVerify(
                ctx -> {
                  List<Finding> many = new ArrayList<>();
                  for (int i = 0; i < 3000; i++) {
                    many.add(
                        Finding.of(TestCheck.MX_DRIFT, ctx.name())
                            .subject(String.format("mx%04d.%s MX", i, ctx.name()))
                            .message("extra mx" + i)
                            .build());
                  }
                  many.add(finding(TestCheck.MX_LINT, ctx, "one of a kind"));
                  return CompletableFuture.completedFuture(many);
                });

    Report report = engine(mx).build().verify(TestPolicies.of("big.example"), new NoDns());

    List<Finding> drift =
        report.domains().get(0).findings().stream()
            .filter(f -> f.checkId().equals("TEST-MX-DRIFT"))
            .toList();
    assertEquals(Engine.MAX_PER_CHECK, drift.size());
    assertEquals("mx0000.big.example MX", drift.get(0).subject(), "the first ones, in order");
    Finding summary = drift.get(drift.size() - 1);
    assertTrue(summary.message().startsWith("2976 more TEST-MX-DRIFT findings"), summary.message());
    assertEquals(Severity.ERROR, summary.severity());
    assertTrue(report.failed(), "the verdict does not change");
    assertEquals(
        1,
        report.domains().get(0).findings().stream()
            .filter(f -> f.checkId().equals("TEST-MX-LINT"))
            .count());
  }

  @Test
  void findingsUpToTheCapAreAllListed() {
    List<Finding> exactly = new ArrayList<>();
    for (int i = 0; i < Engine.MAX_PER_CHECK; i++) {
      exactly.add(
          Finding.of(TestCheck.MX_DRIFT, "a.example").subject("s" + i).message("m").build());
    }
    assertEquals(exactly.size(), Engine.capPerCheck(exactly, Engine.MAX_PER_CHECK).size());
  }

  @Test
  void aDomainWithNoFindingsStillAppearsAndTheRunPasses() {
    Report report =
        engine(FakeModule.mx()).build().verify(TestPolicies.of("clean.example"), new NoDns());
    assertEquals(1, report.domains().size());
    assertTrue(report.domains().get(0).findings().isEmpty());
    assertEquals(new Summary(1, 0, 0, 0, 0, false), report.summary());
  }

  @Test
  void concurrencyBelowOneIsRefused() {
    RunOptions zero = new RunOptions(null, null, java.time.Duration.ofSeconds(1), false, 25, 0);
    assertThrows(IllegalArgumentException.class, () -> engine().options(zero).build());
  }

  @Test
  void anEmptyPolicyGivesAnEmptyReport() {
    AtomicInteger calls = new AtomicInteger();
    Report report =
        engine(FakeModule.mx())
            .progress(p -> calls.incrementAndGet())
            .build()
            .verify(TestPolicies.of(List.of(), Map.of()), new NoDns());
    assertTrue(report.domains().isEmpty());
    assertEquals(0, calls.get());
  }
}
