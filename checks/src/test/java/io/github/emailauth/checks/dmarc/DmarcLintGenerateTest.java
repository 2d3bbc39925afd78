package io.github.emailauth.checks.dmarc;

import static io.github.emailauth.checks.dmarc.Contexts.context;
import static io.github.emailauth.checks.dmarc.Contexts.ids;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.emailauth.checks.engine.Finding;
import io.github.emailauth.checks.engine.GeneratedRecord;
import io.github.emailauth.checks.engine.Protocol;
import io.github.emailauth.policy.DmarcMode;
import io.github.emailauth.policy.DmarcPolicy;
import java.util.List;
import org.junit.jupiter.api.Test;

/** lint and generate work from the declaration alone: no DNS client at all. */
class DmarcLintGenerateTest {
  private final DmarcModule module = new DmarcModule();

  @Test
  void weakDeclaredChoicesPointAtTheirKeys() {
    DmarcPolicy declared =
        new DmarcPolicy(
            DmarcMode.NONE,
            DmarcMode.NONE,
            null,
            null,
            null,
            List.of(),
            null,
            "1",
            true,
            null,
            null,
            Contexts.POSITIONS);
    List<Finding> findings = module.lint(context("example.com", declared, null));
    assertEquals("DMARC-FO-IGNORED DMARC-POLICY-NONE DMARC-NO-RUA DMARC-TESTING", ids(findings));
    assertEquals(Contexts.POLICY, findings.get(1).location());
    assertEquals(Contexts.RUA, findings.get(2).location());
    assertEquals("v=DMARC1; p=none; sp=none; t=y; fo=1", findings.get(1).expected());
    // no other domain to borrow an address from: a placeholder the user must replace
    assertEquals(
        "add rua: [mailto:dmarc-reports@<a domain that receives mail>] under dmarc: of"
            + " example.com in emailauth.yaml (with a real address), then publish"
            + " _dmarc.example.com TXT \"v=DMARC1; p=none; sp=none; t=y;"
            + " rua=mailto:dmarc-reports@<a domain that receives mail>; fo=1\"",
        findings.get(2).remediation());
  }

  @Test
  void aParkedDomainWithoutRuaGetsTheRecordWithTheRuaOtherDomainsUse() {
    var parkedDomain =
        new io.github.emailauth.policy.DomainPolicy(
            "parked.example.org",
            Contexts.SECTION,
            io.github.emailauth.policy.Profile.PARKED,
            List.of(),
            null,
            null,
            java.util.Map.of(),
            Contexts.dmarc(DmarcMode.REJECT, DmarcMode.REJECT, List.of(), null),
            null,
            null,
            null);
    var main = context("example.com", Contexts.reject("mailto:d@example.com"), null);
    var policy =
        new io.github.emailauth.policy.Policy(
            main.policy().file(),
            1,
            java.util.Map.of("example.com", main.domain(), "parked.example.org", parkedDomain),
            java.util.Map.of(),
            java.util.Map.of());
    var ctx =
        new io.github.emailauth.checks.engine.DomainContext(
            policy, parkedDomain, null, main.options(), main.clock());
    List<Finding> findings = module.lint(ctx);
    assertEquals("DMARC-NO-RUA", ids(findings));
    Finding f = findings.get(0);
    assertEquals("v=DMARC1; p=reject; sp=reject; rua=mailto:d@example.com", f.expected());
    assertEquals(
        "add rua: [mailto:d@example.com] under dmarc: of parked.example.org in emailauth.yaml,"
            + " then publish _dmarc.parked.example.org TXT"
            + " \"v=DMARC1; p=reject; sp=reject; rua=mailto:d@example.com\"; example.com accepts"
            + " the reports once parked.example.org._report._dmarc.example.com TXT \"v=DMARC1\" is"
            + " published (RFC 7489 §7.1)",
        f.remediation());
  }

  @Test
  void subdomainPolicyWeakerThanPAndMisplacedTags() {
    DmarcPolicy declared =
        new DmarcPolicy(
            DmarcMode.REJECT,
            DmarcMode.QUARANTINE,
            DmarcMode.NONE,
            null,
            null,
            List.of("mailto:d@example.com"),
            List.of("mailto:f@example.com"),
            null,
            null,
            "y",
            null,
            Contexts.POSITIONS);
    assertEquals(
        "DMARC-SUBDOMAIN-WEAKER DMARC-SUBDOMAIN-WEAKER DMARC-SP-IGNORED DMARC-SP-IGNORED"
            + " DMARC-PSD",
        ids(module.lint(context("mail.example.com", declared, null))));
  }

  @Test
  void aStrongDeclarationLintsClean() {
    DmarcPolicy declared =
        new DmarcPolicy(
            DmarcMode.REJECT,
            null,
            null,
            null,
            null,
            List.of("mailto:d@example.com"),
            List.of("mailto:f@example.com"),
            "1",
            null,
            null,
            null,
            Contexts.POSITIONS);
    assertEquals(List.of(), module.lint(context("example.com", declared, null)));
    assertEquals(List.of(), module.lint(context("example.com", null, null)));
  }

  @Test
  void aDeclaredValueReceiversWouldRejectIsReported() {
    DmarcPolicy declared =
        new DmarcPolicy(
            DmarcMode.REJECT,
            null,
            null,
            null,
            null,
            List.of("dmarc@example.com"),
            List.of("mailto:f@example.com"),
            "0:1",
            null,
            null,
            null,
            Contexts.POSITIONS);
    List<Finding> findings = module.lint(context("example.com", declared, null));
    assertEquals("DMARC-BAD-VALUE DMARC-BAD-VALUE DMARC-NO-RUA", ids(findings));
    assertEquals(Contexts.RUA, findings.get(0).location());
  }

  @Test
  void generatesTheCanonicalTxtOrTheDelegation() throws Exception {
    DmarcPolicy declared = Contexts.reject("mailto:d@example.com");
    var records = module.generate(context("example.com", declared, null)).get().records();
    assertEquals(
        List.of(
            new GeneratedRecord(
                "_dmarc.example.com",
                "TXT",
                GeneratedRecord.DEFAULT_TTL,
                "v=DMARC1; p=reject; rua=mailto:d@example.com",
                Protocol.DMARC)),
        records);
    DmarcPolicy delegated =
        Contexts.dmarc(DmarcMode.REJECT, null, List.of(), "Example-com.DMARC.vendor.net");
    assertEquals(
        "CNAME example-com.dmarc.vendor.net.",
        module.generate(context("example.com", delegated, null)).get().records().stream()
            .map(r -> r.type() + " " + r.value())
            .findFirst()
            .orElseThrow());
    assertEquals(List.of(), module.generate(context("example.com", null, null)).get().records());
  }

  @Test
  void aParkedSubdomainsProfileSpIsNotReportedAsIgnored() {
    DmarcPolicy parked =
        new DmarcPolicy(
            DmarcMode.REJECT,
            DmarcMode.REJECT,
            null,
            null,
            null,
            List.of("mailto:d@example.com"),
            List.of("mailto:f@example.com"),
            null,
            null,
            null,
            null,
            Contexts.POSITIONS);
    var standard = context("old.example.com", parked, null);
    assertEquals("DMARC-SP-IGNORED", ids(module.lint(standard)));
    var d = standard.domain();
    var parkedDomain =
        new io.github.emailauth.policy.DomainPolicy(
            d.name(),
            d.position(),
            io.github.emailauth.policy.Profile.PARKED,
            d.senders(),
            null,
            null,
            d.dkim(),
            d.dmarc(),
            null,
            null,
            null);
    var ctx =
        new io.github.emailauth.checks.engine.DomainContext(
            standard.policy(), parkedDomain, null, standard.options(), standard.clock());
    assertEquals(List.of(), module.lint(ctx));
  }
}
