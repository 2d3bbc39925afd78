package io.github.emailauth.checks.output;

import io.github.emailauth.checks.engine.CheckCatalog;
import io.github.emailauth.checks.engine.DomainReport;
import io.github.emailauth.checks.engine.FailPolicy;
import io.github.emailauth.checks.engine.FakeModule;
import io.github.emailauth.checks.engine.Finding;
import io.github.emailauth.checks.engine.Kind;
import io.github.emailauth.checks.engine.Protocol;
import io.github.emailauth.checks.engine.Report;
import io.github.emailauth.checks.engine.Severity;
import io.github.emailauth.checks.engine.TestCheck;
import io.github.emailauth.checks.engine.ToolInfo;
import io.github.emailauth.policy.SourcePosition;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/** Reports for the writer tests, built by hand so each writer is tested on its own. */
final class SampleReports {
  static final ToolInfo TOOL = new ToolInfo("emailauth", "1.0.0", "https://docs.example/docs/");
  static final CheckCatalog CATALOG = CheckCatalog.of(List.of(FakeModule.dmarc(), FakeModule.mx()));

  private SampleReports() {}

  /** The example of DESIGN.md "The JSON report": 2 domains, 1 error, 3 notices, failed. */
  static Report design() {
    Finding drift =
        new Finding(
            "TEST-DMARC-DRIFT",
            Severity.ERROR,
            Kind.DRIFT,
            Protocol.DMARC,
            "example.com",
            "_dmarc.example.com TXT",
            "p is none, declared reject",
            "v=DMARC1; p=reject; ...",
            "v=DMARC1; p=none; ...",
            "publish _dmarc.example.com TXT \"v=DMARC1; p=reject; ...\"",
            new SourcePosition("emailauth.yaml", 14, 7));
    List<Finding> notices =
        List.of(
            note("example.org", "a", null),
            note("example.org", "b", new SourcePosition("emailauth.yaml", 20, 5)),
            note("example.org", "c", SourcePosition.unknown("emailauth.yaml")));
    return new Report(
        TOOL,
        Path.of("emailauth.yaml"),
        List.of(
            new DomainReport("example.com", Set.of(Protocol.MX, Protocol.DMARC), List.of(drift)),
            new DomainReport("example.org", Set.of(Protocol.MX, Protocol.DMARC), notices)),
        List.of(),
        FailPolicy.defaults());
  }

  static Finding note(String domain, String subject, SourcePosition at) {
    return Finding.of(TestCheck.DMARC_NOTE, domain)
        .subject(subject)
        .message("consider " + subject)
        .location(at)
        .build();
  }

  /** Every kind of finding, hostile text, a policy-wide finding, a clean domain. */
  static Report mixed(FailPolicy policy) {
    Finding hostile =
        Finding.of(TestCheck.MX_DRIFT, "evil.example")
            .subject("evil.example MX")
            .message(
                "published <script>alert(1)</script> | \"quoted\" & 'single' \u0001\u001b[31m\n"
                    + "next")
            .actual("10 mx.evil.example. *bold* [link](x) `code`")
            .remediation("remove\nthe record")
            .location(new SourcePosition("emailauth.yaml", 9, 5))
            .build();
    Finding timeout =
        Finding.of(TestCheck.DMARC_DNS, "evil.example")
            .subject("_dmarc.evil.example TXT")
            .message("TIMEOUT from 127.0.0.1:53")
            .build();
    Finding weak =
        Finding.of(TestCheck.DMARC_WEAK, "weak.example")
            .subject("_dmarc.weak.example TXT")
            .message("p=none")
            .remediation("publish p=reject")
            .location(new SourcePosition("emailauth.yaml", 12, 7))
            .build();
    Finding onlyDns =
        Finding.of(TestCheck.DMARC_DNS, "weak.example")
            .subject("weak.example MX")
            .message("SERVFAIL")
            .build();
    Finding unknown =
        new Finding(
            "POLICY-UNKNOWN-CHECK",
            Severity.ERROR,
            Kind.INVALID,
            Protocol.POLICY,
            "",
            "checks.TEST-DMARC-WEEK",
            "unknown check id `TEST-DMARC-WEEK` in checks:, did you mean `TEST-DMARC-WEAK`?",
            "TEST-DMARC-WEAK",
            "TEST-DMARC-WEEK",
            "write `TEST-DMARC-WEAK: off`",
            new SourcePosition("emailauth.yaml", 30, 3));
    Finding stray =
        new Finding(
            "NOT-IN-CATALOGUE",
            Severity.NOTICE,
            Kind.WEAK,
            Protocol.SPF,
            "weak.example",
            null,
            "an id the catalogue does not know",
            null,
            null,
            null,
            null);
    return new Report(
        TOOL,
        Path.of("emailauth.yaml"),
        List.of(
            new DomainReport(
                "evil.example", Set.of(Protocol.MX, Protocol.DMARC), List.of(hostile, timeout)),
            new DomainReport(
                "weak.example", Set.of(Protocol.MX, Protocol.DMARC), List.of(weak, onlyDns, stray)),
            new DomainReport("clean.example", Set.of(Protocol.MX, Protocol.DMARC), List.of())),
        List.of(unknown),
        policy);
  }

  static Report clean() {
    return new Report(
        TOOL,
        Path.of("emailauth.yaml"),
        List.of(new DomainReport("clean.example", Set.of(Protocol.MX), List.of())),
        List.of(),
        FailPolicy.defaults());
  }
}
