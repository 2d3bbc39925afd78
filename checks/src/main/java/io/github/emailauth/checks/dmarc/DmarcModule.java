package io.github.emailauth.checks.dmarc;

import io.github.emailauth.checks.dmarc.DmarcDiscovery.Lookup;
import io.github.emailauth.checks.dmarc.TreeWalk.Applies;
import io.github.emailauth.checks.dmarc.TreeWalk.Step;
import io.github.emailauth.checks.dns.DnsAnswer;
import io.github.emailauth.checks.dns.DnsClient;
import io.github.emailauth.checks.engine.Artifacts;
import io.github.emailauth.checks.engine.CheckDefinition;
import io.github.emailauth.checks.engine.DomainContext;
import io.github.emailauth.checks.engine.Finding;
import io.github.emailauth.checks.engine.GeneratedRecord;
import io.github.emailauth.checks.engine.Protocol;
import io.github.emailauth.checks.engine.ProtocolModule;
import io.github.emailauth.checks.text.ZoneText;
import io.github.emailauth.policy.DmarcPolicy;
import io.github.emailauth.policy.SourcePosition;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Type;

/**
 * DMARC (RFC 7489, RFC 9989): lints the declared record, finds the record that governs each domain
 * (its own, or by the RFC 9989 tree walk and the RFC 7489 Public Suffix List when it has none),
 * compares it with the declaration tag by tag, checks external report destinations, and generates
 * the {@code _dmarc} record.
 */
public final class DmarcModule implements ProtocolModule {
  /** Findings from one record's parser problems beyond this are summarised, not listed. */
  private static final int MAX_PROBLEMS = 20;

  private final SuffixList suffixes;

  /** Organizational domains by the whole Public Suffix List (see {@link SuffixList#PUBLIC}). */
  public DmarcModule() {
    this(SuffixList.PUBLIC);
  }

  public DmarcModule(SuffixList suffixes) {
    this.suffixes = suffixes;
  }

  @Override
  public Protocol protocol() {
    return Protocol.DMARC;
  }

  @Override
  public List<? extends CheckDefinition> checks() {
    return List.of(DmarcCheck.values());
  }

  // ---------------------------------------------------------------- lint

  @Override
  public List<Finding> lint(DomainContext ctx) {
    DmarcPolicy declared = ctx.domain().dmarc();
    if (declared == null) {
      return List.of();
    }
    String domain = ctx.name();
    String canonical = DmarcSerializer.canonical(declared);
    String subject = "_dmarc." + domain + " TXT";
    List<Finding> out = new ArrayList<>();
    // The declared record is checked by the same parser as a published one, so anything the
    // loader let through that receivers would reject (fo=0:1, a rua without a scheme) shows here.
    DmarcRecord parsed = DmarcRecord.parse(canonical);
    for (DmarcRecord.Problem p : parsed.problems()) {
      Finding.Builder b =
          Finding.of(p.check(), domain)
              .subject(subject)
              .message("declared record: " + p.message())
              .expected(canonical)
              .location(position(declared, p.tag()));
      if (p.severity() != null) {
        b.severity(p.severity());
      }
      out.add(b.build());
    }
    DmarcValues values = DmarcValues.of(declared);
    for (DmarcValues.Weakness w : values.weaknesses()) {
      Finding.Builder b =
          Finding.of(w.check(), domain)
              .subject(subject)
              .message("declared " + w.message())
              .expected(canonical)
              .location(position(declared, w.tag().tag));
      if (w.check() == DmarcCheck.NO_RUA) {
        // expected is the record with the rua to add, not the declared (often the parked
        // profile's) record that lacks it
        addRua(ctx, declared, b);
      }
      out.add(b.build());
    }
    out.addAll(
        placementFindings(domain, parsed, subject, declared, "declared ", ctx.domain().parked()));
    return out;
  }

  /**
   * The fix of DMARC-NO-RUA: a mailto rua to declare, with the record it gives. The address is the
   * first mailto rua another declared domain already uses (reports then reach the team that reads
   * the others), else a placeholder to replace; an address outside the domain's organizational
   * domain needs the destination's authorization record (RFC 7489 §7.1).
   */
  private void addRua(DomainContext ctx, DmarcPolicy declared, Finding.Builder b) {
    String domain = ctx.name();
    String borrowed = null;
    for (String other : new java.util.TreeSet<>(ctx.policy().domains().keySet())) {
      DmarcPolicy d = ctx.policy().domains().get(other).dmarc();
      if (other.equals(domain) || d == null || d.rua() == null) {
        continue;
      }
      for (String uri : d.rua()) {
        if (uri.regionMatches(true, 0, "mailto:", 0, 7)) {
          borrowed = uri;
          break;
        }
      }
      if (borrowed != null) {
        break;
      }
    }
    String uri = borrowed != null ? borrowed : "mailto:dmarc-reports@<a domain that receives mail>";
    List<String> rua = new ArrayList<>(declared.rua() == null ? List.of() : declared.rua());
    rua.add(uri);
    String record =
        DmarcSerializer.canonical(
            new DmarcPolicy(
                declared.policy(),
                declared.subdomainPolicy(),
                declared.nonExistentPolicy(),
                declared.spfAlignment(),
                declared.dkimAlignment(),
                rua,
                declared.ruf(),
                declared.failureOptions(),
                declared.testing(),
                declared.psd(),
                declared.cname(),
                declared.positions()));
    String fix =
        "add rua: ["
            + uri
            + "] under dmarc: of "
            + domain
            + " in emailauth.yaml"
            + (borrowed == null ? " (with a real address)" : "")
            + ", then publish _dmarc."
            + domain
            + " TXT "
            + ZoneText.publishable(record);
    if (borrowed != null) {
      String host = uri.substring(7).replaceAll("[!?].*$", "");
      host = host.substring(host.lastIndexOf('@') + 1).toLowerCase(java.util.Locale.ROOT);
      if (!suffixes.orgDomain(host).equals(suffixes.orgDomain(domain))) {
        fix +=
            "; "
                + host
                + " accepts the reports once "
                + domain
                + "._report._dmarc."
                + host
                + " TXT \"v=DMARC1\" is published (RFC 7489 §7.1)";
      }
    }
    b.expected(record).remediation(fix);
  }

  /**
   * sp/np on a record below the organizational domain, and psd=y on a name that is no suffix. A
   * parked domain's sp=reject comes from the profile, not from the user, and is harmless below the
   * organizational domain, so it is not reported as ignored. A published record is the finding's
   * {@code actual}, a declared one its {@code expected}.
   */
  private List<Finding> placementFindings(
      String domain,
      DmarcRecord r,
      String subject,
      DmarcPolicy declared,
      String prefix,
      boolean parked) {
    List<Finding> out = new ArrayList<>();
    boolean isDeclaration = !prefix.isEmpty();
    String declaredText = isDeclaration ? r.text() : null;
    String publishedText = isDeclaration ? null : r.text();
    String org = suffixes.orgDomain(domain);
    if (!org.equals(domain) && !parked) {
      for (DmarcTag tag : List.of(DmarcTag.SP, DmarcTag.NP)) {
        r.first(tag)
            .ifPresent(
                t ->
                    out.add(
                        Finding.of(DmarcCheck.SP_IGNORED, domain)
                            .subject(subject)
                            .expected(declaredText)
                            .actual(publishedText)
                            .message(
                                prefix
                                    + tag.tag
                                    + "="
                                    + t.value()
                                    + " has no effect: "
                                    + domain
                                    + " is below its organizational domain "
                                    + org
                                    + ", so receivers take the policy of its subdomains from"
                                    + " _dmarc."
                                    + org
                                    + " (RFC 9989 §4.10, RFC 7489 §6.6.3)")
                            .remediation("set " + tag.tag + " on _dmarc." + org + " instead")
                            .location(position(declared, tag.tag))
                            .build()));
      }
    }
    boolean psdYes = r.validValue(DmarcTag.PSD).map(v -> v.equalsIgnoreCase("y")).orElse(false);
    if (psdYes && !suffixes.isSuffix(domain)) {
      out.add(
          Finding.of(DmarcCheck.PSD_MISUSE, domain)
              .subject(subject)
              .expected(declaredText)
              .actual(publishedText)
              .message(
                  prefix
                      + "psd=y declares "
                      + domain
                      + " a public suffix domain, but it is not on the Public Suffix List; RFC 9989"
                      + " receivers will treat each of its subdomains as a separate organization")
              .remediation("remove psd=y unless " + domain + " is run as a public suffix")
              .location(position(declared, "psd"))
              .build());
    }
    return out;
  }

  // ---------------------------------------------------------------- generate

  @Override
  public CompletableFuture<Artifacts> generate(DomainContext ctx) {
    DmarcPolicy declared = ctx.domain().dmarc();
    if (declared == null) {
      return CompletableFuture.completedFuture(Artifacts.EMPTY);
    }
    String name = "_dmarc." + ctx.name();
    GeneratedRecord record =
        declared.cname() != null
            ? new GeneratedRecord(
                name,
                "CNAME",
                GeneratedRecord.DEFAULT_TTL,
                absolute(declared.cname()),
                Protocol.DMARC)
            : new GeneratedRecord(
                name,
                "TXT",
                GeneratedRecord.DEFAULT_TTL,
                DmarcSerializer.canonical(declared),
                Protocol.DMARC);
    return CompletableFuture.completedFuture(Artifacts.ofRecords(List.of(record)));
  }

  // ---------------------------------------------------------------- verify

  @Override
  public CompletableFuture<List<Finding>> verify(DomainContext ctx) {
    DmarcDiscovery discovery = new DmarcDiscovery(ctx.dns(), suffixes);
    String domain = ctx.name();
    DmarcPolicy declared = ctx.domain().dmarc();
    return discovery
        .lookup(domain)
        .thenCompose(
            own ->
                new Verification(ctx.dns(), discovery, domain, declared, own, ctx.domain().parked())
                    .run());
  }

  /** The verification of one domain: collects findings in a fixed order. */
  private final class Verification {
    private final DnsClient dns;
    private final DmarcDiscovery discovery;
    private final String domain;
    private final DmarcPolicy declared;
    private final Lookup own;
    private final boolean parked;
    private final String subject;
    private final List<Finding> out = new ArrayList<>();

    Verification(
        DnsClient dns,
        DmarcDiscovery discovery,
        String domain,
        DmarcPolicy declared,
        Lookup own,
        boolean parked) {
      this.parked = parked;
      this.dns = dns;
      this.discovery = discovery;
      this.domain = domain;
      this.declared = declared;
      this.own = own;
      this.subject = own.name() + " TXT";
    }

    CompletableFuture<List<Finding>> run() {
      if (own.answer() instanceof DnsAnswer.Failure f) {
        out.add(unverifiable(f, "the DMARC record of " + domain + " could not be read"));
        return done();
      }
      checkCname();
      for (DmarcRecord attempt : own.attempts()) {
        DmarcRecord.Problem p = attempt.problems().get(0);
        out.add(
            Finding.of(DmarcCheck.INVALID, domain)
                .subject(subject)
                .message(
                    "receivers ignore this TXT record at "
                        + own.name()
                        + ": "
                        + p.message()
                        + " (RFC 7489 §6.6.3, RFC 9989 §4.10.1)")
                .actual(attempt.text())
                .expected(expectedRecord())
                .remediation(publishRemediation())
                .location(position(declared, "policy"))
                .build());
      }
      if (own.records().size() == 1) {
        DmarcRecord r = own.records().get(0);
        checkRecord(r);
        return externalDestinations(r).thenCompose(v -> done());
      }
      if (own.records().size() > 1) {
        out.add(
            Finding.of(DmarcCheck.MULTIPLE, domain)
                .subject(subject)
                .message(
                    own.records().size()
                        + " DMARC records at "
                        + own.name()
                        + ": RFC 7489 receivers apply no DMARC at all, RFC 9989 receivers discard"
                        + " them and walk up to the parent domains (RFC 7489 §6.6.3, RFC 9989"
                        + " §4.10)")
                .actual(
                    own.records().stream()
                        .map(DmarcRecord::text)
                        .collect(Collectors.joining(" | ")))
                .expected(expectedRecord())
                .remediation("delete all but one; " + publishRemediation())
                .location(position(declared, null))
                .build());
      }
      return discover().thenCompose(v -> done());
    }

    private CompletableFuture<List<Finding>> done() {
      return CompletableFuture.completedFuture(out);
    }

    // -------------------------------------------- CNAME delegation

    private void checkCname() {
      if (declared == null || declared.cname() == null) {
        return;
      }
      String want = bare(declared.cname());
      List<String> chain = own.answer().cnameChain();
      String have = chain.isEmpty() ? null : bare(chain.get(0));
      if (want.equals(have)) {
        if (own.answer() instanceof DnsAnswer.NxDomain) {
          out.add(
              Finding.of(DmarcCheck.CNAME_DRIFT, domain)
                  .subject(own.name() + " CNAME")
                  .message(
                      "the delegation "
                          + own.chain()
                          + " ends at a name that does not exist, so the vendor publishes no"
                          + " record")
                  .expected(want + ".")
                  .actual(own.chain())
                  .remediation(
                      "ask the vendor to publish the record at " + chain.get(chain.size() - 1))
                  .location(position(declared, "cname"))
                  .build());
        }
        return;
      }
      out.add(
          Finding.of(DmarcCheck.CNAME_DRIFT, domain)
              .subject(own.name() + " CNAME")
              .message(
                  have == null
                      ? own.name() + " is not delegated; declared CNAME to " + want
                      : own.name() + " points to " + have + ", declared " + want)
              .expected(want + ".")
              .actual(have == null ? null : own.chain())
              .remediation("publish " + own.name() + " CNAME " + want + ".")
              .location(position(declared, "cname"))
              .build());
    }

    // -------------------------------------------- the domain's own record

    private void checkRecord(DmarcRecord r) {
      int count = 0;
      for (DmarcRecord.Problem p : r.problems()) {
        if (++count > MAX_PROBLEMS) {
          out.add(
              Finding.of(DmarcCheck.SYNTAX, domain)
                  .subject(subject)
                  .message(
                      (r.problems().size() - MAX_PROBLEMS)
                          + " more problems in the record are not listed")
                  .actual(r.text())
                  .build());
          break;
        }
        Finding.Builder b =
            Finding.of(p.check(), domain)
                .subject(subject)
                .message(p.message() + via())
                .actual(r.text())
                .location(position(declared, p.tag()));
        if (p.severity() != null) {
          b.severity(p.severity());
        }
        if (declared != null) {
          b.expected(expectedRecord()).remediation(publishRemediation());
        }
        out.add(b.build());
      }
      DmarcValues live = DmarcValues.of(r);
      if (declared != null) {
        compare(live, r.text(), "");
      } else {
        // With a declaration, lint already reported the weak choices and drift covers the rest;
        // a record nobody declared is only linted.
        for (DmarcValues.Weakness w : live.weaknesses()) {
          out.add(
              Finding.of(w.check(), domain)
                  .subject(subject)
                  .message(w.message() + via())
                  .actual(r.text())
                  .build());
        }
      }
      out.addAll(placementFindings(domain, r, subject, declared, "", parked));
    }

    private void compare(DmarcValues live, String actual, String governedBy) {
      DmarcValues want = DmarcValues.of(declared);
      List<DmarcValues.Difference> diffs = want.differences(live);
      if (diffs.isEmpty()) {
        return;
      }
      String message =
          diffs.stream().map(DmarcValues.Difference::message).collect(Collectors.joining("; "));
      out.add(
          Finding.of(DmarcCheck.DRIFT, domain)
              .subject(subject)
              // the record is named first: the message is read without the subject column
              .message((governedBy.isEmpty() ? own.name() + ": " : governedBy) + message + via())
              .expected(expectedRecord())
              .actual(actual)
              .remediation(publishRemediation())
              .location(position(declared, diffs.get(0).tag().tag))
              .build());
    }

    private String via() {
      return own.answer().cnameChain().isEmpty() ? "" : " (via CNAME " + own.chain() + ")";
    }

    // -------------------------------------------- no record of its own: discovery

    private CompletableFuture<Void> discover() {
      CompletableFuture<DmarcDiscovery.Walk> walk = discovery.walk(domain, own);
      CompletableFuture<DmarcDiscovery.Psl> psl = discovery.psl(domain, own);
      CompletableFuture<Optional<Boolean>> exists = discovery.exists(domain);
      CompletableFuture<List<Finding>> misplaced =
          own.records().isEmpty() ? misplaced() : CompletableFuture.completedFuture(List.of());
      return CompletableFuture.allOf(walk, psl, exists, misplaced)
          .thenAccept(
              v -> {
                out.addAll(misplaced.join());
                governing(walk.join(), psl.join(), exists.join());
              });
    }

    private void governing(
        DmarcDiscovery.Walk walk, DmarcDiscovery.Psl psl, Optional<Boolean> exists) {
      if (walk.failure().isPresent()) {
        Lookup failed = walk.failure().get();
        out.add(
            unverifiable(
                (DnsAnswer.Failure) failed.answer(),
                "the RFC 9989 tree walk from "
                    + domain
                    + " could not read "
                    + failed.name()
                    + ", so the record that governs "
                    + domain
                    + " is unknown"));
        return;
      }
      boolean domainExists = exists.orElse(true);
      if (exists.isEmpty()) {
        out.add(
            Finding.of(DmarcCheck.UNVERIFIABLE, domain)
                .subject(domain + " TXT")
                .message(
                    "could not tell whether "
                        + domain
                        + " exists, which decides between sp and np; assuming it exists")
                .build());
      }
      TreeWalk.Outcome outcome = walk.outcome();
      Optional<Step.Found> gov = outcome.governing();
      String bisSays = describe(gov, domainExists, true);
      String pslSays = describePsl(psl, domainExists);
      if (psl.failure().isEmpty() && !bisSays.equals(pslSays)) {
        out.add(
            Finding.of(DmarcCheck.DISCOVERY_MISMATCH, domain)
                .subject(subject)
                .message(
                    "receivers disagree on the policy of "
                        + domain
                        + ": by the RFC 9989 tree walk "
                        + bisSays
                        + "; by the RFC 7489 Public Suffix List (organizational domain "
                        + psl.orgDomain()
                        + ") "
                        + pslSays)
                .remediation(
                    declared == null
                        ? "publish a record at " + own.name() + " so both agree"
                        : publishRemediation())
                .location(position(declared, null))
                .build());
      }
      if (declared == null || own.records().size() > 1) {
        return;
      }
      if (gov.isEmpty()) {
        out.add(
            Finding.of(DmarcCheck.MISSING, domain)
                .subject(subject)
                .message(
                    "no DMARC record at "
                        + own.chain()
                        + ", and none governs "
                        + domain
                        + " (the RFC 9989 tree walk asked "
                        + walk.lookups().stream()
                            .map(Lookup::name)
                            .collect(Collectors.joining(", "))
                        + ")")
                .expected(expectedRecord())
                .remediation(publishRemediation())
                .location(position(declared, null))
                .build());
        return;
      }
      Step.Found found = gov.get();
      Applies applies = TreeWalk.applies(domain, found.domain(), domainExists);
      DmarcValues effective = inherited(DmarcValues.of(found.record()), applies);
      String governedBy =
          "no record at "
              + own.name()
              + "; it is governed by _dmarc."
              + found.domain()
              + (outcome.psd() ? " (a public suffix domain's record)" : "")
              + ", whose "
              + applies.tag()
              + " applies: ";
      int before = out.size();
      compare(effective, found.record().text(), governedBy);
      if (out.size() == before) {
        out.add(
            Finding.of(DmarcCheck.INHERITED, domain)
                .subject(subject)
                .message(
                    "no record at "
                        + own.name()
                        + "; it is governed by _dmarc."
                        + found.domain()
                        + ", whose "
                        + applies.tag()
                        + "="
                        + effective.p()
                        + " matches the declaration")
                .expected(expectedRecord())
                .actual(found.record().text())
                .remediation(
                    publishRemediation() + " to make the declaration independent of the parent")
                .location(position(declared, null))
                .build());
      }
    }

    /**
     * The values a parent's record gives this domain: the applicable policy becomes p, and the
     * domain's own subdomains get the parent's sp and np (they walk up to the same record). psd
     * describes the parent, not this domain, so it is taken from the declaration.
     */
    private DmarcValues inherited(DmarcValues parent, Applies applies) {
      String p =
          switch (applies) {
            case P -> parent.p();
            case SP -> parent.sp();
            case NP -> parent.np();
          };
      // below a name that does not exist nothing exists either, so np also covers its subdomains
      String sp = applies == Applies.NP ? parent.np() : parent.sp();
      return new DmarcValues(
          p,
          sp,
          parent.np(),
          parent.adkim(),
          parent.aspf(),
          parent.pct(),
          parent.t(),
          DmarcValues.of(declared).psd(),
          parent.fo(),
          parent.rua(),
          parent.ruf(),
          parent.ruaUris(),
          parent.rufUris());
    }

    private String describe(Optional<Step.Found> gov, boolean domainExists, boolean bis) {
      if (gov.isEmpty()) {
        return "no record applies";
      }
      Step.Found f = gov.get();
      Applies a = TreeWalk.applies(domain, f.domain(), domainExists);
      if (!bis && a == Applies.NP) {
        a = Applies.SP; // RFC 7489 has no np
      }
      DmarcValues v = DmarcValues.of(f.record());
      String mode = a == Applies.P ? v.p() : a == Applies.SP ? v.sp() : v.np();
      return "_dmarc." + f.domain() + " governs with " + a.tag() + " (" + mode + ")";
    }

    private String describePsl(DmarcDiscovery.Psl psl, boolean domainExists) {
      if (psl.governing().isEmpty()) {
        return "no record applies";
      }
      Lookup l = psl.governing().get();
      return describe(
          Optional.of(new Step.Found(l.domain(), l.records().get(0))), domainExists, false);
    }

    /**
     * A record published where receivers never look: at the apex (the DMARC text in the domain's
     * own TXT) or at a doubled name ({@code _dmarc.example.com.example.com}, the zone-file mistake
     * of a name without its trailing dot).
     */
    private CompletableFuture<List<Finding>> misplaced() {
      List<String> names = List.of(domain, "_dmarc." + domain + "." + domain);
      List<CompletableFuture<DnsAnswer>> answers =
          names.stream().map(n -> dns.query(n, Type.TXT)).toList();
      return CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new))
          .thenApply(
              v -> {
                List<Finding> found = new ArrayList<>();
                for (CompletableFuture<DnsAnswer> f : answers) {
                  if (f.join() instanceof DnsAnswer.Records r) {
                    for (String txt : r.txt()) {
                      if (DmarcRecord.parse(txt).isDmarc()) {
                        found.add(
                            Finding.of(DmarcCheck.MISPLACED, domain)
                                .subject(r.subject())
                                .message(
                                    "a DMARC record is published at "
                                        + r.name()
                                        + ", where receivers never look; it belongs at "
                                        + own.name())
                                .actual(txt)
                                .expected(declared == null ? txt : expectedRecord())
                                .remediation(
                                    "delete it from "
                                        + r.name()
                                        + " and publish "
                                        + own.name()
                                        + " TXT "
                                        + ZoneText.publishable(
                                            declared == null ? txt : expectedRecord()))
                                .location(position(declared, null))
                                .build());
                      }
                    }
                  }
                }
                return found;
              });
    }

    // -------------------------------------------- report destinations

    private CompletableFuture<Void> externalDestinations(DmarcRecord r) {
      Map<String, List<String>> byHost = new LinkedHashMap<>();
      Set<String> mailHosts = new LinkedHashSet<>();
      for (DmarcTag tag : List.of(DmarcTag.RUA, DmarcTag.RUF)) {
        r.first(tag)
            .ifPresent(
                t -> {
                  for (ReportUri u : ReportUri.parseList(t.value()).uris()) {
                    if (u.host() == null) {
                      continue;
                    }
                    byHost
                        .computeIfAbsent(u.host(), h -> new ArrayList<>())
                        .add(tag.tag + " " + u.uri());
                    if (u.isMailto()) {
                      mailHosts.add(u.host());
                    }
                  }
                });
      }
      List<CompletableFuture<List<Finding>>> checks = new ArrayList<>();
      String org = suffixes.orgDomain(domain);
      for (var e : byHost.entrySet()) {
        if (!suffixes.orgDomain(e.getKey()).equals(org)) {
          checks.add(authorization(e.getKey(), e.getValue()));
        }
      }
      for (String host : mailHosts) {
        checks.add(canReceive(host, byHost.get(host)));
      }
      return CompletableFuture.allOf(checks.toArray(CompletableFuture[]::new))
          .thenAccept(v -> checks.forEach(c -> out.addAll(c.join())));
    }

    /**
     * RFC 7489 §7.1: a destination outside the domain's organization must publish {@code
     * <domain>._report._dmarc.<host>} (or the wildcard {@code *._report._dmarc.<host>}, which DNS
     * itself expands) starting with v=DMARC1, or receivers drop the URI.
     */
    private CompletableFuture<List<Finding>> authorization(String host, List<String> uris) {
      String name = domain + "._report._dmarc." + host;
      String which = String.join(", ", uris);
      String fix = "have the operator of " + host + " publish " + name + " TXT \"v=DMARC1\"";
      if (name.length() > 253) {
        return CompletableFuture.completedFuture(
            List.of(
                Finding.of(DmarcCheck.EXTERNAL_UNAUTHORIZED, domain)
                    .subject(name + " TXT")
                    .message(
                        which
                            + ": the authorization name is longer than 253 characters, so receivers"
                            + " cannot verify it (RFC 9990)")
                    .remediation("use a report address in a shorter domain")
                    .location(position(declared, uris.get(0).startsWith("ruf") ? "ruf" : "rua"))
                    .build()));
      }
      return dns.query(name, Type.TXT)
          .thenApply(
              a -> {
                String key = uris.get(0).startsWith("ruf") ? "ruf" : "rua";
                if (a instanceof DnsAnswer.Failure f) {
                  return List.of(
                      unverifiable(
                          f,
                          "could not check that "
                              + host
                              + " accepts DMARC reports for "
                              + domain
                              + " ("
                              + which
                              + ")"));
                }
                if (a instanceof DnsAnswer.Records rs) {
                  for (String txt : rs.txt()) {
                    DmarcRecord auth = DmarcRecord.parse(txt);
                    if (auth.isDmarc()) {
                      return overridden(host, name, auth, which, key);
                    }
                  }
                }
                return List.of(
                    Finding.of(DmarcCheck.EXTERNAL_UNAUTHORIZED, domain)
                        .subject(name + " TXT")
                        .message(
                            which
                                + " is in another organization, and "
                                + host
                                + " has not authorized reports for "
                                + domain
                                + " (no v=DMARC1 record at "
                                + name
                                + "), so receivers drop this address (RFC 7489 §7.1)")
                        .expected("v=DMARC1")
                        .remediation(fix)
                        .location(position(declared, key))
                        .build());
              });
    }

    /**
     * RFC 7489 §7.1 step 4: an authorizing record with its own rua/ruf replaces the destination,
     * but only with addresses on the same host; otherwise receivers send to neither.
     */
    private List<Finding> overridden(
        String host, String name, DmarcRecord auth, String which, String key) {
      List<String> elsewhere = new ArrayList<>();
      for (DmarcTag tag : List.of(DmarcTag.RUA, DmarcTag.RUF)) {
        auth.first(tag)
            .ifPresent(
                t -> {
                  for (ReportUri u : ReportUri.parseList(t.value()).uris()) {
                    if (u.host() != null && !u.host().equals(host)) {
                      elsewhere.add(tag.tag + " " + u.uri());
                    }
                  }
                });
      }
      if (elsewhere.isEmpty()) {
        return List.of();
      }
      return List.of(
          Finding.of(DmarcCheck.EXTERNAL_UNAUTHORIZED, domain)
              .subject(name + " TXT")
              .message(
                  "the authorization at "
                      + name
                      + " redirects "
                      + which
                      + " to another host ("
                      + String.join(", ", elsewhere)
                      + "), so receivers send to neither (RFC 7489 §7.1)")
              .actual(auth.text())
              .expected("v=DMARC1")
              .remediation("have the operator of " + host + " remove the rua/ruf from " + name)
              .location(position(declared, key))
              .build());
    }

    /** A report address needs a domain that accepts mail: an MX, or an address (RFC 5321 §5.1). */
    private CompletableFuture<List<Finding>> canReceive(String host, List<String> uris) {
      String which = String.join(", ", uris);
      String key = uris.get(0).startsWith("ruf") ? "ruf" : "rua";
      return dns.query(host, Type.MX)
          .thenCompose(
              mx -> {
                if (mx instanceof DnsAnswer.Failure f) {
                  return CompletableFuture.completedFuture(
                      List.of(unverifiable(f, "could not check that " + which + " receives mail")));
                }
                if (mx instanceof DnsAnswer.NxDomain) {
                  return CompletableFuture.completedFuture(
                      List.of(noMail(host, which, key, host + " does not exist (NXDOMAIN)")));
                }
                if (mx instanceof DnsAnswer.Records rs) {
                  List<MXRecord> list = rs.ofType(MXRecord.class);
                  boolean nullMx =
                      list.size() == 1 && list.get(0).getTarget().equals(org.xbill.DNS.Name.root);
                  return CompletableFuture.completedFuture(
                      nullMx
                          ? List.of(
                              noMail(host, which, key, host + " publishes a null MX (RFC 7505)"))
                          : List.of());
                }
                CompletableFuture<DnsAnswer> a = dns.query(host, Type.A);
                CompletableFuture<DnsAnswer> aaaa = dns.query(host, Type.AAAA);
                return a.thenCombine(
                    aaaa,
                    (x, y) -> {
                      if (x instanceof DnsAnswer.Records || y instanceof DnsAnswer.Records) {
                        return List.<Finding>of();
                      }
                      DnsAnswer bad = x instanceof DnsAnswer.Failure ? x : y;
                      if (bad instanceof DnsAnswer.Failure f) {
                        return List.of(
                            unverifiable(f, "could not check that " + which + " receives mail"));
                      }
                      return List.of(
                          noMail(host, which, key, host + " has no MX and no A or AAAA"));
                    });
              });
    }

    private Finding noMail(String host, String which, String key, String why) {
      return Finding.of(DmarcCheck.REPORT_NO_MX, domain)
          .subject(host + " MX")
          .message(which + " cannot receive reports: " + why)
          .remediation("publish an MX for " + host + " or use another report address")
          .location(position(declared, key))
          .build();
    }

    // -------------------------------------------- helpers

    private Finding unverifiable(DnsAnswer.Failure f, String what) {
      return Finding.of(DmarcCheck.UNVERIFIABLE, domain)
          .subject(f.subject())
          .message(what + ": " + f.describe())
          .remediation("check that the name servers of " + f.name() + " answer, then run again")
          .build();
    }

    private String expectedRecord() {
      return declared == null ? null : DmarcSerializer.canonical(declared);
    }

    private String publishRemediation() {
      if (declared == null) {
        return null;
      }
      List<String> chain = own.answer().cnameChain();
      if (!chain.isEmpty() && declared.cname() == null) {
        return "the record is served via CNAME "
            + own.chain()
            + "; have "
            + chain.get(chain.size() - 1)
            + " publish TXT "
            + ZoneText.publishable(expectedRecord())
            + ", or replace the CNAME with "
            + own.name()
            + " TXT "
            + ZoneText.publishable(expectedRecord());
      }
      if (declared.cname() != null) {
        return "have the vendor publish at "
            + bare(declared.cname())
            + " TXT "
            + ZoneText.publishable(expectedRecord());
      }
      return "publish " + own.name() + " TXT " + ZoneText.publishable(expectedRecord());
    }
  }

  // ---------------------------------------------------------------- shared helpers

  /**
   * The policy-file position of the key that declares {@code tag} (a DMARC tag name or a policy
   * key); the section when the key was not written or there is no tag.
   */
  static SourcePosition position(DmarcPolicy declared, String tag) {
    if (declared == null || declared.positions() == null) {
      return null;
    }
    var positions = declared.positions();
    if (tag == null) {
      return positions.section();
    }
    Optional<DmarcTag> t = DmarcTag.byName(tag);
    String key = t.map(x -> x.policyKey).orElse(tag);
    if (key == null) {
      return positions.section();
    }
    if (t.isPresent() && (t.get() == DmarcTag.ADKIM || t.get() == DmarcTag.ASPF)) {
      String nested = "alignment." + (t.get() == DmarcTag.ADKIM ? "dkim" : "spf");
      if (positions.keys().containsKey(nested)) {
        return positions.at(nested);
      }
    }
    return positions.at(key);
  }

  static String bare(String name) {
    String n = name.strip().toLowerCase(Locale.ROOT);
    return n.endsWith(".") ? n.substring(0, n.length() - 1) : n;
  }

  static String absolute(String name) {
    return bare(name) + ".";
  }
}
