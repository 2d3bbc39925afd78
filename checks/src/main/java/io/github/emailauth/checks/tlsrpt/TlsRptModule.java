package io.github.emailauth.checks.tlsrpt;

import io.github.emailauth.checks.dns.DnsAnswer;
import io.github.emailauth.checks.engine.Artifacts;
import io.github.emailauth.checks.engine.CheckDefinition;
import io.github.emailauth.checks.engine.DomainContext;
import io.github.emailauth.checks.engine.Finding;
import io.github.emailauth.checks.engine.GeneratedRecord;
import io.github.emailauth.checks.engine.Protocol;
import io.github.emailauth.checks.engine.ProtocolModule;
import io.github.emailauth.checks.engine.Severity;
import io.github.emailauth.checks.text.ZoneText;
import io.github.emailauth.policy.TlsRptPolicy;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.xbill.DNS.Type;

/**
 * SMTP TLS Reporting (RFC 8460): the {@code _smtp._tls} TXT record, its {@code rua} URIs, drift
 * against the declaration (order-insensitive), and the records {@code generate} writes.
 */
public final class TlsRptModule implements ProtocolModule {
  static final String PREFIX = "_smtp._tls.";

  /** The name of the drafts before RFC 8460; reporters no longer look there. */
  static final String OBSOLETE_PREFIX = "_smtp-tlsrpt.";

  @Override
  public Protocol protocol() {
    return Protocol.TLSRPT;
  }

  @Override
  public List<? extends CheckDefinition> checks() {
    return List.of(TlsRptCheck.values());
  }

  @Override
  public List<Finding> lint(DomainContext ctx) {
    TlsRptPolicy declared = ctx.domain().tlsRpt();
    if (declared == null) {
      return List.of();
    }
    List<Finding> out = new ArrayList<>();
    if (declared.rua().isEmpty()) {
      out.add(
          Finding.of(TlsRptCheck.DECLARATION_INVALID, ctx.name())
              .subject("tlsRpt.rua")
              .message("tlsRpt.rua lists no URI; RFC 8460 §3 requires at least one")
              .remediation("declare a mailto: or https: URI that receives the reports")
              .location(declared.positions().at("rua"))
              .build());
    }
    for (String uri : declared.rua()) {
      Optional<String> problem = TlsRptRecord.uriProblem(uri);
      problem.ifPresent(
          p ->
              out.add(
                  Finding.of(TlsRptCheck.DECLARATION_INVALID, ctx.name())
                      .subject("tlsRpt.rua")
                      .message(p)
                      .actual(uri)
                      .remediation(
                          "use mailto:tlsrpt@example.com or https://reports.example.com/tlsrpt")
                      .location(declared.positions().at("rua"))
                      .build()));
    }
    return out;
  }

  @Override
  public CompletableFuture<Artifacts> generate(DomainContext ctx) {
    TlsRptPolicy declared = ctx.domain().tlsRpt();
    if (declared == null || declared.rua().isEmpty()) {
      return CompletableFuture.completedFuture(Artifacts.EMPTY);
    }
    return CompletableFuture.completedFuture(
        Artifacts.ofRecords(
            List.of(
                new GeneratedRecord(
                    PREFIX + ctx.name(),
                    "TXT",
                    GeneratedRecord.DEFAULT_TTL,
                    TlsRptRecord.format(declared.rua()),
                    Protocol.TLSRPT))));
  }

  @Override
  public CompletableFuture<List<Finding>> verify(DomainContext ctx) {
    String domain = ctx.name();
    return ctx.dns().query(PREFIX + domain, Type.TXT).thenCompose(answer -> verify(ctx, answer));
  }

  private CompletableFuture<List<Finding>> verify(DomainContext ctx, DnsAnswer answer) {
    String domain = ctx.name();
    String name = PREFIX + domain;
    TlsRptPolicy declared = ctx.domain().tlsRpt();
    String expected =
        declared != null && !declared.rua().isEmpty() ? TlsRptRecord.format(declared.rua()) : null;
    List<Finding> out = new ArrayList<>();
    if (answer instanceof DnsAnswer.Failure f) {
      out.add(
          Finding.of(TlsRptCheck.DNS_UNVERIFIABLE, domain)
              .subject(answer.subject())
              .message("the lookup of " + name + " TXT failed: " + f.describe())
              .build());
      return CompletableFuture.completedFuture(out);
    }
    List<String> all = answer instanceof DnsAnswer.Records r ? r.txt() : List.of();
    List<String> candidates = all.stream().filter(TlsRptRecord::isCandidate).toList();
    String via =
        answer.cnameChain().isEmpty()
            ? ""
            : " (via CNAME " + name + " -> " + String.join(" -> ", answer.cnameChain()) + ")";
    if (candidates.size() > 1) {
      out.add(
          Finding.of(TlsRptCheck.RECORD_MULTIPLE, domain)
              .subject(answer.subject())
              .message(
                  candidates.size()
                      + " v=TLSRPTv1 records at "
                      + name
                      + via
                      + ": reporters treat that as no TLS-RPT at all (RFC 8460 §3)")
              .actual(String.join(" | ", candidates))
              .expected(expected)
              .remediation("keep exactly one v=TLSRPTv1 record")
              .location(declared != null ? declared.positions().section() : null)
              .build());
      return CompletableFuture.completedFuture(out);
    }
    if (candidates.size() == 1) {
      String text = candidates.get(0);
      TlsRptRecord.Parsed parsed = TlsRptRecord.parse(text);
      for (String error : parsed.errors()) {
        out.add(
            Finding.of(TlsRptCheck.RECORD_INVALID, domain)
                .subject(answer.subject())
                .message(error + via + "; reporters ignore an invalid record")
                .actual(text)
                .expected(expected)
                .remediation(
                    expected != null
                        ? "publish " + name + " TXT " + ZoneText.publishable(expected)
                        : null)
                .location(declared != null ? declared.positions().section() : null)
                .build());
      }
      for (String warning : parsed.warnings()) {
        out.add(
            Finding.of(TlsRptCheck.RECORD_INVALID, domain)
                .severity(Severity.WARNING)
                .subject(answer.subject())
                .message(warning + via)
                .actual(text)
                .location(declared != null ? declared.positions().section() : null)
                .build());
      }
      if (parsed.record() != null && expected != null) {
        drift(domain, declared, parsed.record(), text, via).ifPresent(out::add);
      }
      return CompletableFuture.completedFuture(out);
    }
    // No record: near misses, the obsolete name, and whether MTA-STS runs without reporting.
    for (String t : all) {
      if (t.regionMatches(true, 0, TlsRptRecord.VERSION, 0, TlsRptRecord.VERSION.length())) {
        out.add(
            Finding.of(TlsRptCheck.RECORD_INVALID, domain)
                .subject(answer.subject())
                .message(
                    "reporters ignore \""
                        + TlsRptRecord.abbreviate(t)
                        + "\": "
                        + String.join("; ", TlsRptRecord.parse(t).errors())
                        + via)
                .actual(t)
                .expected(expected)
                .location(declared != null ? declared.positions().section() : null)
                .build());
      }
    }
    CompletableFuture<DnsAnswer> obsolete = ctx.dns().query(OBSOLETE_PREFIX + domain, Type.TXT);
    CompletableFuture<DnsAnswer> sts =
        declared == null && ctx.domain().mtaSts() == null
            ? ctx.dns().query("_mta-sts." + domain, Type.TXT)
            : CompletableFuture.completedFuture(null);
    return obsolete.thenCombine(
        sts,
        (old, stsAnswer) -> {
          boolean obsoletePublished =
              old instanceof DnsAnswer.Records r
                  && r.txt().stream()
                      .anyMatch(
                          t ->
                              t.regionMatches(
                                  true, 0, TlsRptRecord.VERSION, 0, TlsRptRecord.VERSION.length()));
          if (obsoletePublished) {
            out.add(
                Finding.of(TlsRptCheck.OBSOLETE_NAME, domain)
                    .subject(OBSOLETE_PREFIX + domain + " TXT")
                    .message(
                        "a TLS-RPT record is published at "
                            + OBSOLETE_PREFIX
                            + domain
                            + ", the name of the drafts; RFC 8460 reporters only look at "
                            + name)
                    .actual(String.join(" | ", ((DnsAnswer.Records) old).txt()))
                    .remediation("publish the record at " + name + " and remove the old one")
                    .build());
          }
          if (declared != null
              && out.stream().noneMatch(f -> f.checkId().equals(TlsRptCheck.RECORD_INVALID.id()))) {
            out.add(
                Finding.of(TlsRptCheck.RECORD_MISSING, domain)
                    .subject(answer.subject())
                    .message(
                        "TLS-RPT is declared but "
                            + name
                            + (answer instanceof DnsAnswer.NxDomain
                                ? " does not exist"
                                : all.isEmpty()
                                    ? " has no TXT record"
                                    : " has no v=TLSRPTv1 record")
                            + via)
                    .expected(expected)
                    .remediation(
                        expected != null
                            ? "publish " + name + " TXT " + ZoneText.publishable(expected)
                            : null)
                    .location(declared.positions().section())
                    .build());
          }
          boolean stsLive =
              stsAnswer instanceof DnsAnswer.Records r
                  && r.txt().stream().anyMatch(t -> t.startsWith("v=STSv1"));
          if (declared == null && (ctx.domain().mtaSts() != null || stsLive)) {
            out.add(
                Finding.of(TlsRptCheck.MISSING_WITH_MTASTS, domain)
                    .subject(answer.subject())
                    .message(
                        domain
                            + " uses MTA-STS but publishes no TLS-RPT record: senders that fail"
                            + " to deliver under the policy have nowhere to report it")
                    .remediation(
                        "declare tlsRpt: { rua: [mailto:tlsrpt@" + domain + "] } and publish it")
                    .location(
                        ctx.domain().mtaSts() != null
                            ? ctx.domain().mtaSts().positions().section()
                            : null)
                    .build());
          }
          return out;
        });
  }

  private static Optional<Finding> drift(
      String domain, TlsRptPolicy declared, TlsRptRecord live, String text, String via) {
    Map<String, String> want = new LinkedHashMap<>();
    for (String u : declared.rua()) {
      want.put(TlsRptRecord.comparable(u), u);
    }
    Map<String, String> have = new LinkedHashMap<>();
    for (String u : live.rua()) {
      have.put(TlsRptRecord.comparable(u), u);
    }
    if (want.keySet().equals(have.keySet())) {
      return Optional.empty();
    }
    List<String> missing = new ArrayList<>();
    want.forEach(
        (k, v) -> {
          if (!have.containsKey(k)) {
            missing.add(v);
          }
        });
    List<String> extra = new ArrayList<>();
    have.forEach(
        (k, v) -> {
          if (!want.containsKey(k)) {
            extra.add(v);
          }
        });
    // the record is named first: the message is read without the subject column
    StringBuilder message = new StringBuilder(PREFIX + domain + ": rua ");
    if (!missing.isEmpty()) {
      message.append("lacks ").append(String.join(", ", missing));
    }
    if (!extra.isEmpty()) {
      message
          .append(missing.isEmpty() ? "" : " and ")
          .append("has undeclared ")
          .append(String.join(", ", extra));
    }
    String expected = TlsRptRecord.format(declared.rua());
    return Optional.of(
        Finding.of(TlsRptCheck.DRIFT, domain)
            .subject(PREFIX + domain + " TXT")
            .message(message + via)
            .expected(expected)
            .actual(text)
            .remediation("publish " + PREFIX + domain + " TXT " + ZoneText.publishable(expected))
            .location(declared.positions().at("rua"))
            .build());
  }
}
