package io.github.emailauth.checks.mtasts;

import io.github.emailauth.checks.dns.DnsAnswer;
import io.github.emailauth.checks.engine.Artifacts;
import io.github.emailauth.checks.engine.CheckDefinition;
import io.github.emailauth.checks.engine.DomainContext;
import io.github.emailauth.checks.engine.Finding;
import io.github.emailauth.checks.engine.GeneratedFile;
import io.github.emailauth.checks.engine.GeneratedRecord;
import io.github.emailauth.checks.engine.Protocol;
import io.github.emailauth.checks.engine.ProtocolModule;
import io.github.emailauth.checks.engine.RunOptions;
import io.github.emailauth.checks.engine.Severity;
import io.github.emailauth.policy.MtaStsPolicy;
import io.github.emailauth.policy.MxHost;
import io.github.emailauth.policy.StsMode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Type;

/**
 * MTA-STS (RFC 8461): the {@code _mta-sts} TXT record, the policy served at {@code
 * https://mta-sts.<domain>/.well-known/mta-sts.txt}, the coverage of the live MX hosts, the id
 * contract of DESIGN.md, and (opt-in) a STARTTLS probe of every MX host.
 */
public final class MtaStsModule implements ProtocolModule {
  /** max_age under this, with mode enforce, is {@link MtaStsCheck#SHORT_MAX_AGE}: one week. */
  static final long SHORT_MAX_AGE = 604_800L;

  /** Blocking HTTPS and SMTP work runs here, never on the DNS or common pools. */
  private static final ExecutorService IO =
      Executors.newCachedThreadPool(
          new java.util.concurrent.ThreadFactory() {
            private final AtomicInteger n = new AtomicInteger();

            @Override
            public Thread newThread(Runnable r) {
              Thread t = new Thread(r, "emailauth-mtasts-io-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            }
          });

  private final Integer httpsPort; // null: the run's RunOptions.mtaStsPort(), 443 in production
  private final Duration deadline;
  private volatile TrustCache trustCache;

  private record TrustCache(Path path, char[] password, TrustMaterial material) {}

  public MtaStsModule() {
    this(null, null);
  }

  /**
   * For tests only: fetch policies from another port than 443 (a loopback server cannot bind 443),
   * and use a shorter overall deadline. Production code uses {@link #MtaStsModule()}.
   *
   * @param httpsPort the policy port, or null for the run's {@link RunOptions#mtaStsPort()}
   * @param deadline the overall deadline of a fetch or probe, or null for the default
   */
  MtaStsModule(Integer httpsPort, Duration deadline) {
    this.httpsPort = httpsPort;
    this.deadline = deadline;
  }

  /**
   * Reads an extra trust store as a run will, so that a caller can reject a bad one (wrong
   * password, not PKCS12, no certificate) as a configuration error before any check runs, instead
   * of every domain's MTA-STS checks failing on it.
   *
   * @throws IOException saying what is wrong with the store
   */
  public static void checkTrustStore(Path store, char[] password) throws IOException {
    TrustMaterial.load(store, password);
  }

  @Override
  public Protocol protocol() {
    return Protocol.MTASTS;
  }

  @Override
  public List<? extends CheckDefinition> checks() {
    return List.of(MtaStsCheck.values());
  }

  // ---------------------------------------------------------------- lint

  @Override
  public List<Finding> lint(DomainContext ctx) {
    MtaStsPolicy declared = ctx.domain().mtaSts();
    if (declared == null) {
      return List.of();
    }
    String domain = ctx.name();
    List<Finding> out = new ArrayList<>();
    List<MxPattern> patterns = new ArrayList<>();
    for (String p : declared.mx()) {
      var problem = MxPattern.problem(p);
      if (problem.isPresent()) {
        out.add(
            Finding.of(MtaStsCheck.DECLARATION_INVALID, domain)
                .subject("mtaSts.mx")
                .message(problem.get())
                .actual(p)
                .remediation("declare host names such as mx1.example.com or *.example.com")
                .location(declared.positions().at("mx"))
                .build());
      } else {
        patterns.add(new MxPattern(p));
      }
    }
    if (declared.mode() == null) {
      out.add(
          Finding.of(MtaStsCheck.DECLARATION_INVALID, domain)
              .subject("mtaSts.mode")
              .message("mtaSts.mode is required: enforce, testing or none")
              .location(declared.positions().section())
              .build());
      return out;
    }
    if (declared.maxAge() < 0 || declared.maxAge() > StsPolicyFile.MAX_AGE_LIMIT) {
      out.add(
          Finding.of(MtaStsCheck.DECLARATION_INVALID, domain)
              .subject("mtaSts.maxAge")
              .message(
                  "maxAge "
                      + declared.maxAge()
                      + " is outside 0.."
                      + StsPolicyFile.MAX_AGE_LIMIT
                      + " (RFC 8461 §3.2)")
              .actual(Long.toString(declared.maxAge()))
              .remediation("use 604800 (a week) to 31557600 (a year)")
              .location(declared.positions().at("maxAge"))
              .build());
    }
    if (declared.mode() != StsMode.NONE && declared.mx().isEmpty()) {
      out.add(
          Finding.of(MtaStsCheck.DECLARATION_INVALID, domain)
              .subject("mtaSts.mx")
              .message("mode " + declared.mode().word() + " needs at least one mx pattern")
              .remediation("list the MX host names (or *.domain patterns) under mtaSts.mx")
              .location(declared.positions().at("mx"))
              .build());
    }
    if (declared.id() != null && !declared.id().matches("[A-Za-z0-9]{1,32}")) {
      out.add(
          Finding.of(MtaStsCheck.DECLARATION_INVALID, domain)
              .subject("mtaSts.id")
              .message(
                  "id \"" + declared.id() + "\" must be 1 to 32 letters and digits (RFC 8461 §3.1)")
              .actual(declared.id())
              .remediation("remove id to use the derived one, or pin letters and digits only")
              .location(declared.positions().at("id"))
              .build());
    }
    if (ctx.domain().mx() != null && declared.mode() != StsMode.NONE && !patterns.isEmpty()) {
      for (MxHost host : ctx.domain().mx().hosts()) {
        if (!host.isNullMx() && patterns.stream().noneMatch(p -> p.matches(host.host()))) {
          out.add(
              Finding.of(MtaStsCheck.DECLARED_MX_UNCOVERED, domain)
                  .subject("mtaSts.mx")
                  .message(
                      "declared MX "
                          + host.host()
                          + " matches no declared mtaSts.mx pattern "
                          + patterns
                          + ": under this policy senders would refuse to deliver to it")
                  .expected(host.host())
                  .actual(String.join(", ", declared.mx()))
                  .remediation(yamlFix(domain, declared, host.host()))
                  .location(
                      host.position() != null ? host.position() : declared.positions().at("mx"))
                  .build());
        }
      }
    }
    out.addAll(weakness(domain, declared.mode(), declared.maxAge(), declared, "declared"));
    return out;
  }

  /** testing mode and a short max_age under enforce, for a declared or (undeclared) live policy. */
  private static List<Finding> weakness(
      String domain, StsMode mode, long maxAge, MtaStsPolicy declared, String whose) {
    List<Finding> out = new ArrayList<>();
    if (mode == StsMode.TESTING) {
      out.add(
          Finding.of(MtaStsCheck.TESTING_MODE, domain)
              .subject(declared != null ? "mtaSts.mode" : PolicyFetcher.host(domain))
              .message(
                  "the "
                      + whose
                      + " policy is in testing mode: senders report TLS failures but still deliver"
                      + " without TLS, so MTA-STS does not protect the mail yet")
              .actual("mode: testing")
              .expected("mode: enforce")
              .remediation("once TLS-RPT reports show no failures, switch to mode: enforce")
              .location(declared != null ? declared.positions().at("mode") : null)
              .build());
    }
    if (mode == StsMode.ENFORCE && maxAge < SHORT_MAX_AGE) {
      out.add(
          Finding.of(MtaStsCheck.SHORT_MAX_AGE, domain)
              .subject(declared != null ? "mtaSts.maxAge" : PolicyFetcher.host(domain))
              .message(
                  "the "
                      + whose
                      + " enforce policy has max_age "
                      + maxAge
                      + " s, under one week (604800 s): a downgrade attacker only has to wait"
                      + " for cached policies to expire")
              .actual("max_age: " + maxAge)
              .expected("max_age: 604800 or more")
              .remediation("use a max_age of weeks, for example 1209600 or 31557600")
              .location(declared != null ? declared.positions().at("maxAge") : null)
              .build());
    }
    return out;
  }

  // ---------------------------------------------------------------- generate

  @Override
  public CompletableFuture<Artifacts> generate(DomainContext ctx) {
    MtaStsPolicy declared = ctx.domain().mtaSts();
    if (declared == null || declared.mode() == null) {
      return CompletableFuture.completedFuture(Artifacts.EMPTY);
    }
    CanonicalPolicy canonical = CanonicalPolicy.of(declared);
    String id = CanonicalPolicy.expectedId(declared);
    GeneratedFile file =
        new GeneratedFile("mta-sts/" + ctx.name() + "/.well-known/mta-sts.txt", canonical.bytes());
    GeneratedRecord record =
        new GeneratedRecord(
            "_mta-sts." + ctx.name(),
            "TXT",
            GeneratedRecord.DEFAULT_TTL,
            StsRecord.format(id),
            Protocol.MTASTS);
    return CompletableFuture.completedFuture(new Artifacts(List.of(record), List.of(file)));
  }

  // ---------------------------------------------------------------- verify

  @Override
  public CompletableFuture<List<Finding>> verify(DomainContext ctx) {
    String domain = ctx.name();
    CompletableFuture<DnsAnswer> txt = ctx.dns().query("_mta-sts." + domain, Type.TXT);
    CompletableFuture<DnsAnswer> mx = ctx.dns().query(domain, Type.MX);
    return txt.thenCombine(mx, (t, m) -> new Lookups(t, m))
        .thenCompose(lookups -> verify(ctx, lookups));
  }

  private record Lookups(DnsAnswer txt, DnsAnswer mx) {}

  /** The state gathered for one domain while the checks run. */
  private static final class State {
    final List<Finding> findings = new ArrayList<>();
    StsRecord record;
    String recordText;
    List<String> mxHosts; // null: unknown or not applicable
    StsPolicyFile live; // a valid served policy, or null
    String liveText;
  }

  private CompletableFuture<List<Finding>> verify(DomainContext ctx, Lookups lookups) {
    String domain = ctx.name();
    MtaStsPolicy declared = ctx.domain().mtaSts();
    State state = new State();
    boolean published = readRecord(ctx, lookups.txt(), declared, state);
    if (!published && declared == null) {
      // no MTA-STS here (or the TXT lookup failed, already reported): the MX set is not our
      // business, not even its lookup failing
      return CompletableFuture.completedFuture(state.findings);
    }
    state.mxHosts = readMx(domain, lookups.mx(), state);
    RunOptions options = ctx.options() != null ? ctx.options() : RunOptions.defaults();
    return CompletableFuture.supplyAsync(
            () -> {
              TrustMaterial trust = trust(options);
              Duration timeout = options.httpTimeout();
              Duration limit = deadline != null ? deadline : PolicyFetcher.defaultDeadline(timeout);
              PolicyFetcher fetcher =
                  new PolicyFetcher(
                      ctx.dns(),
                      trust,
                      timeout,
                      limit,
                      httpsPort != null ? httpsPort : options.mtaStsPort(),
                      ctx.clock());
              readPolicy(domain, declared, fetcher.fetch(domain), state);
              compare(ctx, domain, declared, state);
              if (options.probeSmtp()) {
                probe(ctx, declared, state, trust, timeout, limit, options.smtpPort());
              }
              return state.findings;
            },
            IO)
        .exceptionally(
            e -> {
              Throwable cause =
                  e instanceof java.util.concurrent.CompletionException ? e.getCause() : e;
              if (cause instanceof UncheckedIOException u) {
                throw u; // a bad trust store is a configuration error, not a finding
              }
              state.findings.add(
                  Finding.of(MtaStsCheck.FETCH_UNVERIFIABLE, domain)
                      .subject(PolicyFetcher.host(domain))
                      .message("the MTA-STS checks stopped unexpectedly: " + cause)
                      .build());
              return state.findings;
            });
  }

  /** Reads the TXT answer; true when a single v=STSv1 record is published (valid or not). */
  private static boolean readRecord(
      DomainContext ctx, DnsAnswer answer, MtaStsPolicy declared, State state) {
    String domain = ctx.name();
    String name = "_mta-sts." + domain;
    String expectedRecord =
        declared != null && declared.mode() != null
            ? StsRecord.format(CanonicalPolicy.expectedId(declared))
            : null;
    if (answer instanceof DnsAnswer.Failure f) {
      state.findings.add(
          Finding.of(MtaStsCheck.DNS_UNVERIFIABLE, domain)
              .subject(answer.subject())
              .message("the lookup of " + name + " TXT failed: " + f.describe())
              .build());
      return false;
    }
    List<String> all = answer instanceof DnsAnswer.Records r ? r.txt() : List.of();
    List<String> candidates = StsRecord.select(all);
    String via = via(answer);
    if (candidates.isEmpty()) {
      List<String> nearMiss =
          all.stream()
              .filter(
                  t -> t.regionMatches(true, 0, StsRecord.VERSION, 0, StsRecord.VERSION.length()))
              .toList();
      for (String t : nearMiss) {
        state.findings.add(
            Finding.of(MtaStsCheck.RECORD_INVALID, domain)
                .subject(answer.subject())
                .message(
                    "senders ignore \""
                        + StsPolicyFile.abbreviate(t)
                        + "\": "
                        + nearMissReason(t)
                        + via)
                .actual(t)
                .expected(expectedRecord)
                .remediation(
                    expectedRecord != null
                        ? "publish " + name + " TXT \"" + expectedRecord + "\""
                        : "write v=STSv1 exactly")
                .location(declared != null ? declared.positions().section() : null)
                .build());
      }
      if (declared != null && nearMiss.isEmpty()) {
        state.findings.add(
            Finding.of(MtaStsCheck.RECORD_MISSING, domain)
                .subject(answer.subject())
                .message(
                    "MTA-STS is declared but "
                        + name
                        + (answer instanceof DnsAnswer.NxDomain
                            ? " does not exist"
                            : all.isEmpty() ? " has no TXT record" : " has no v=STSv1 record")
                        + via
                        + ": senders do not use the policy")
                .expected(expectedRecord)
                .remediation(
                    expectedRecord != null
                        ? "publish " + name + " TXT \"" + expectedRecord + "\""
                        : null)
                .location(declared.positions().section())
                .build());
      }
      return false;
    }
    if (candidates.size() > 1) {
      state.findings.add(
          Finding.of(MtaStsCheck.RECORD_MULTIPLE, domain)
              .subject(answer.subject())
              .message(
                  candidates.size()
                      + " v=STSv1 records at "
                      + name
                      + via
                      + ": senders treat that as no MTA-STS at all (RFC 8461 §3.1)")
              .actual(String.join(" | ", candidates))
              .expected(expectedRecord)
              .remediation("keep exactly one v=STSv1 record")
              .location(declared != null ? declared.positions().section() : null)
              .build());
      return true;
    }
    String text = candidates.get(0);
    state.recordText = text;
    StsRecord.Parsed parsed = StsRecord.parse(text);
    for (String error : parsed.errors()) {
      state.findings.add(
          Finding.of(MtaStsCheck.RECORD_INVALID, domain)
              .subject(answer.subject())
              .message(error + via + "; senders ignore an invalid record")
              .actual(text)
              .expected(expectedRecord)
              .remediation(
                  expectedRecord != null
                      ? "publish " + name + " TXT \"" + expectedRecord + "\""
                      : null)
              .location(declared != null ? declared.positions().section() : null)
              .build());
    }
    for (String warning : parsed.warnings()) {
      state.findings.add(
          Finding.of(MtaStsCheck.RECORD_INVALID, domain)
              .severity(Severity.WARNING)
              .subject(answer.subject())
              .message(warning + via)
              .actual(text)
              .expected(expectedRecord)
              .location(declared != null ? declared.positions().section() : null)
              .build());
    }
    state.record = parsed.record();
    return true;
  }

  /** " (via CNAME a -> b)" when the answer followed a delegation, else "". */
  private static String via(DnsAnswer answer) {
    if (answer.cnameChain().isEmpty()) {
      return "";
    }
    return " (via CNAME " + answer.name() + " -> " + String.join(" -> ", answer.cnameChain()) + ")";
  }

  /** The live MX host names, or null when unknown, absent or a null MX. */
  private static List<String> readMx(String domain, DnsAnswer answer, State state) {
    if (answer instanceof DnsAnswer.Failure f) {
      state.findings.add(
          Finding.of(MtaStsCheck.DNS_UNVERIFIABLE, domain)
              .subject(answer.subject())
              .message(
                  "the MX lookup failed ("
                      + f.describe()
                      + "), so MX coverage by the policy was not checked")
              .build());
      return null;
    }
    if (!(answer instanceof DnsAnswer.Records r)) {
      return null; // no MX: nothing for a policy to cover
    }
    List<String> hosts = new ArrayList<>();
    for (MXRecord rec : r.ofType(MXRecord.class)) {
      String target = rec.getTarget().toString(true).toLowerCase(Locale.ROOT);
      if (target.isEmpty() || target.equals(".")) {
        return null; // null MX (RFC 7505): no delivery, so MTA-STS is moot
      }
      if (!hosts.contains(target)) {
        hosts.add(target);
      }
    }
    return hosts.isEmpty() ? null : hosts;
  }

  private static void readPolicy(
      String domain, MtaStsPolicy declared, FetchResult result, State state) {
    String host = PolicyFetcher.host(domain);
    if (result instanceof FetchResult.HostMissing missing) {
      state.findings.add(
          Finding.of(MtaStsCheck.POLICY_HOST_MISSING, domain)
              .subject(host + " A/AAAA")
              .message(missing.detail() + ": senders cannot fetch " + result.url())
              .remediation(
                  "publish "
                      + host
                      + " A/AAAA (or a CNAME) pointing at the HTTPS server that serves the tree"
                      + " `generate` writes under mta-sts/"
                      + domain
                      + "/ (the file "
                      + PolicyFetcher.PATH.substring(1)
                      + "), with a certificate valid for "
                      + host)
              .location(declared == null ? null : declared.positions().section())
              .build());
    } else if (result instanceof FetchResult.Unverifiable u) {
      state.findings.add(
          Finding.of(MtaStsCheck.FETCH_UNVERIFIABLE, domain)
              .subject(result.url())
              .message("fetching the policy failed: " + u.detail())
              .build());
    } else if (result instanceof FetchResult.CertificateRejected rejected) {
      for (CertificateCheck.Problem p : rejected.problems()) {
        MtaStsCheck check =
            switch (p.rule()) {
              case EXPIRED -> MtaStsCheck.POLICY_CERT_EXPIRED;
              case HOST -> MtaStsCheck.POLICY_CERT_HOST;
              case UNTRUSTED -> MtaStsCheck.POLICY_CERT_UNTRUSTED;
            };
        state.findings.add(
            Finding.of(check, domain)
                .subject(result.url())
                .message(
                    "the certificate of "
                        + host
                        + " is rejected: "
                        + p.detail()
                        + "; senders will not use the policy")
                .remediation(
                    "serve a publicly trusted, unexpired certificate whose subjectAltName covers "
                        + host)
                .build());
      }
    } else if (result instanceof FetchResult.Response response) {
      readResponse(domain, response, state);
    }
  }

  private static void readResponse(String domain, FetchResult.Response r, State state) {
    String url = r.url();
    String statusLine = r.status() + (r.reason() == null ? "" : " " + r.reason());
    if (r.status() >= 300 && r.status() < 400) {
      state.findings.add(
          Finding.of(MtaStsCheck.POLICY_REDIRECT, domain)
              .subject(url)
              .message(
                  url
                      + " answers "
                      + statusLine
                      + (r.location() == null ? " without a Location" : " to " + r.location())
                      + ": senders must not follow redirects (RFC 8461 §3.3)")
              .actual(statusLine + (r.location() == null ? "" : ", Location: " + r.location()))
              .expected("200 with the policy")
              .remediation("serve the policy itself at " + url + ", not a redirect")
              .build());
      return;
    }
    if (r.status() != 200) {
      state.findings.add(
          Finding.of(MtaStsCheck.POLICY_STATUS, domain)
              .subject(url)
              .message(url + " answers " + statusLine + "; only 200 counts (RFC 8461 §3.3)")
              .actual(statusLine)
              .expected("200")
              .remediation("serve the generated mta-sts.txt at " + url)
              .build());
      return;
    }
    if (!isTextPlain(r.contentType())) {
      state.findings.add(
          Finding.of(MtaStsCheck.POLICY_CONTENT_TYPE, domain)
              .subject(url)
              .message(
                  url
                      + " is served as "
                      + (r.contentType() == null
                          ? "no Content-Type"
                          : "\"" + r.contentType() + "\"")
                      + "; senders should accept only text/plain (RFC 8461 §3.2)")
              .actual(r.contentType())
              .expected("text/plain")
              .remediation("serve .well-known/mta-sts.txt with Content-Type: text/plain")
              .build());
    }
    if (r.truncated()) {
      state.findings.add(
          Finding.of(MtaStsCheck.POLICY_TOO_LARGE, domain)
              .subject(url)
              .message(
                  "the body is larger than "
                      + PolicyFetcher.MAX_BODY
                      + " bytes; senders stop reading and reject it (RFC 8461 §3.3)")
              .actual("more than " + PolicyFetcher.MAX_BODY + " bytes")
              .remediation("serve only the policy lines")
              .build());
      return;
    }
    String text;
    try {
      text =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(r.body()))
              .toString();
    } catch (CharacterCodingException e) {
      state.findings.add(
          Finding.of(MtaStsCheck.POLICY_INVALID, domain)
              .subject(url)
              .message("the policy is not UTF-8 text")
              .remediation("serve the generated mta-sts.txt")
              .build());
      return;
    }
    StsPolicyFile file = StsPolicyFile.parse(text);
    for (StsPolicyFile.Problem p : file.problems()) {
      state.findings.add(
          Finding.of(MtaStsCheck.POLICY_INVALID, domain)
              .severity(p.error() ? Severity.ERROR : Severity.WARNING)
              .subject(url)
              .message(p + (p.error() ? "; senders ignore an invalid policy" : ""))
              .actual(text.length() > 512 ? text.substring(0, 512) + "..." : text)
              .build());
    }
    if (file.valid()) {
      state.live = file;
      state.liveText = text;
    }
  }

  /** Media type text/plain, any parameters (RFC 8461 §3.2); case-insensitive (RFC 2045). */
  static boolean isTextPlain(String contentType) {
    if (contentType == null) {
      return false;
    }
    int semicolon = contentType.indexOf(';');
    String type = (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim();
    return type.equalsIgnoreCase("text/plain");
  }

  // ---------------------------------------------------------------- comparisons

  private static void compare(
      DomainContext ctx, String domain, MtaStsPolicy declared, State state) {
    StsPolicyFile live = state.live;
    boolean usableDeclaration = declared != null && declared.mode() != null;
    // Coverage: the served policy is what senders apply; without one, the declaration is what
    // will be served, so an uncovered MX is already a problem.
    List<MxPattern> patterns = null;
    StsMode mode = null;
    String whose = null;
    if (live != null) {
      patterns = live.mx();
      mode = live.mode();
      whose = "served";
    } else if (usableDeclaration) {
      patterns = validPatterns(declared.mx());
      mode = declared.mode();
      whose = "declared";
    }
    if (patterns != null && state.mxHosts != null && mode != StsMode.NONE) {
      // lint reports a declared MX the declared patterns miss at its own line: one finding per MX
      Set<String> linted = usableDeclaration ? declaredUncovered(ctx, declared) : Set.of();
      for (String host : state.mxHosts) {
        final String h = host;
        if (patterns.stream().noneMatch(p -> p.matches(h)) && !linted.contains(bare(host))) {
          state.findings.add(
              Finding.of(MtaStsCheck.MX_UNCOVERED, domain)
                  .subject(domain + " MX")
                  .message(
                      "MX "
                          + host
                          + " matches no mx pattern of the "
                          + whose
                          + " policy "
                          + patterns
                          + (mode == StsMode.ENFORCE
                              ? ": senders that enforce MTA-STS will not deliver to it"
                              : ": senders report every delivery to it as a failure"))
                  .expected(host)
                  .actual(patterns.toString())
                  .remediation(uncoveredFix(ctx, domain, declared, usableDeclaration, host))
                  .location(usableDeclaration ? declared.positions().at("mx") : null)
                  .build());
        }
      }
      List<MxPattern> reported = usableDeclaration ? validPatterns(declared.mx()) : patterns;
      for (MxPattern p : reported) {
        if (state.mxHosts.stream().noneMatch(p::matches)) {
          state.findings.add(
              Finding.of(MtaStsCheck.PATTERN_UNUSED, domain)
                  .subject(domain + " MX")
                  .message(
                      "mx pattern "
                          + p
                          + " of the "
                          + (usableDeclaration ? "declared" : "served")
                          + " policy matches none of the live MX hosts "
                          + state.mxHosts)
                  .actual(String.join(", ", state.mxHosts))
                  .remediation("remove the pattern if the host is gone for good")
                  .location(usableDeclaration ? declared.positions().at("mx") : null)
                  .build());
        }
      }
    }
    if (!usableDeclaration) {
      if (live != null) {
        state.findings.addAll(weakness(domain, live.mode(), live.maxAge(), null, "served"));
      }
      return;
    }
    CanonicalPolicy canonical = CanonicalPolicy.of(declared);
    String expectedId = CanonicalPolicy.expectedId(declared);
    boolean sameContent = live != null && sameMeaning(canonical, live);
    if (live != null && !sameContent) {
      state.findings.add(drift(domain, declared, canonical, live, state.liveText));
    }
    if (state.record == null) {
      return; // no usable TXT record: already reported, no id to compare
    }
    String publishedId = state.record.id();
    String name = "_mta-sts." + domain;
    String expectedRecord = StsRecord.format(expectedId);
    String pin =
        declared.id() != null
            ? " (pinned in the declaration)"
            : " (derived from the declared policy)";
    if (live != null && sameContent && !publishedId.equals(expectedId)) {
      state.findings.add(
          Finding.of(MtaStsCheck.ID_STALE, domain)
              .subject(name + " TXT")
              .message(
                  "the served policy matches the declaration, but "
                      + name
                      + " still publishes id="
                      + publishedId
                      + " instead of "
                      + expectedId
                      + pin
                      + ": the policy changed without a new id, so senders that cached the"
                      + " previous policy never fetch this one")
              .expected(expectedRecord)
              .actual(state.recordText)
              .remediation("publish " + name + " TXT \"" + expectedRecord + "\"")
              .location(declared.positions().section())
              .build());
    } else if (live != null && !sameContent && publishedId.equals(expectedId)) {
      state.findings.add(
          Finding.of(MtaStsCheck.ID_MISMATCH, domain)
              .subject(name + " TXT")
              .message(
                  name
                      + " announces id="
                      + publishedId
                      + ", the id of the declared policy, but "
                      + PolicyFetcher.host(domain)
                      + " serves a different policy: the TXT was updated before the file, and"
                      + " senders now cache the old policy under the new id")
              .expected(canonical.text())
              .actual(state.liveText)
              .remediation(
                  "serve the generated mta-sts/"
                      + domain
                      + "/.well-known/mta-sts.txt, then"
                      + " publish a new id if senders may have cached the wrong policy")
              .location(declared.positions().section())
              .build());
    } else if (!publishedId.equals(expectedId)) {
      String context =
          live == null
              ? "; the served policy could not be read, so either the policy changed without a"
                  + " new id or the record is outdated"
              : "; the served policy differs from the declaration too";
      state.findings.add(
          Finding.of(MtaStsCheck.ID_DRIFT, domain)
              .subject(name + " TXT")
              .message(
                  name
                      + " publishes id="
                      + publishedId
                      + ", expected "
                      + expectedId
                      + pin
                      + context)
              .expected(expectedRecord)
              .actual(state.recordText)
              .remediation(
                  "serve the generated policy, then publish "
                      + name
                      + " TXT \""
                      + expectedRecord
                      + "\"")
              .location(declared.positions().at(declared.id() != null ? "id" : "mx"))
              .build());
    }
  }

  /** Declared MX hosts (lower case, no trailing dot) that the declared patterns miss. */
  private static Set<String> declaredUncovered(DomainContext ctx, MtaStsPolicy declared) {
    Set<String> out = new LinkedHashSet<>();
    List<MxPattern> patterns = validPatterns(declared.mx());
    if (ctx.domain().mx() == null || declared.mode() == StsMode.NONE || patterns.isEmpty()) {
      return out;
    }
    for (MxHost host : ctx.domain().mx().hosts()) {
      if (!host.isNullMx() && patterns.stream().noneMatch(p -> p.matches(host.host()))) {
        out.add(bare(host.host()));
      }
    }
    return out;
  }

  private static String bare(String host) {
    String h = host.trim().toLowerCase(Locale.ROOT);
    return h.length() > 1 && h.endsWith(".") ? h.substring(0, h.length() - 1) : h;
  }

  /**
   * Where an uncovered live MX is fixed: in the served file when the declaration already covers it
   * (the file is stale) or nothing is declared; in emailauth.yaml otherwise. Either way the
   * _mta-sts id must change, or senders keep the policy they cached; the new id is given when it
   * can be derived.
   */
  static String uncoveredFix(
      DomainContext ctx, String domain, MtaStsPolicy declared, boolean usable, String host) {
    String url = "https://" + PolicyFetcher.host(domain) + PolicyFetcher.PATH;
    String name = "_mta-sts." + domain;
    if (!usable) {
      String id =
          java.time.format.DateTimeFormatter.ofPattern("yyyyMMddHHmmss")
              .withZone(java.time.ZoneOffset.UTC)
              .format(ctx.clock() != null ? ctx.clock().instant() : java.time.Instant.now());
      return "add the line \"mx: "
          + host
          + "\" to the served policy "
          + url
          + ", then change the id of "
          + name
          + " TXT (e.g. \""
          + StsRecord.format(id)
          + "\"): senders refetch the policy only when the id changes; or remove the MX";
    }
    MxPattern covering =
        validPatterns(declared.mx()).stream().filter(p -> p.matches(host)).findFirst().orElse(null);
    if (covering != null) {
      return "the declaration covers it but the served policy is stale: serve the file `generate`"
          + " writes (mta-sts/"
          + domain
          + "/.well-known/mta-sts.txt, which has \"mx: "
          + covering
          + "\") at "
          + url
          + ", then publish "
          + name
          + " TXT \""
          + StsRecord.format(CanonicalPolicy.expectedId(declared))
          + "\"";
    }
    return yamlFix(domain, declared, host);
  }

  /** Add the host to mtaSts.mx, serve the regenerated file, publish the id it derives. */
  static String yamlFix(String domain, MtaStsPolicy declared, String host) {
    String url = "https://" + PolicyFetcher.host(domain) + PolicyFetcher.PATH;
    String name = "_mta-sts." + domain;
    CanonicalPolicy now = CanonicalPolicy.of(declared);
    List<String> grown = new ArrayList<>(now.mx());
    grown.add(bare(host));
    String newId =
        declared.id() != null
            ? "a new id pinned in mtaSts.id"
            : "\""
                + StsRecord.format(new CanonicalPolicy(now.mode(), grown, now.maxAge()).id())
                + "\"";
    return "add "
        + host
        + " (or a covering *. pattern) to mtaSts.mx in emailauth.yaml, then serve the file"
        + " `generate` writes (it gains the line \"mx: "
        + bare(host)
        + "\") at "
        + url
        + " and publish "
        + name
        + " TXT "
        + newId
        + "; or remove the MX";
  }

  private static List<MxPattern> validPatterns(List<String> values) {
    List<MxPattern> out = new ArrayList<>();
    for (String v : values) {
      if (MxPattern.problem(v).isEmpty()) {
        out.add(new MxPattern(v));
      }
    }
    return out;
  }

  /** Same mode, max_age and set of mx patterns: what senders act on (DESIGN.md: by meaning). */
  static boolean sameMeaning(CanonicalPolicy declared, StsPolicyFile live) {
    return declared.mode() == live.mode()
        && live.maxAge() != null
        && declared.maxAge() == live.maxAge()
        && patternSet(validPatterns(declared.mx())).equals(patternSet(live.mx()));
  }

  private static Set<String> patternSet(List<MxPattern> patterns) {
    Set<String> out = new LinkedHashSet<>();
    for (MxPattern p : patterns) {
      out.add(p.text());
    }
    return out;
  }

  private static Finding drift(
      String domain,
      MtaStsPolicy declared,
      CanonicalPolicy canonical,
      StsPolicyFile live,
      String liveText) {
    List<String> differences = new ArrayList<>();
    String firstKey = null;
    if (declared.mode() != live.mode()) {
      differences.add("mode is " + live.mode().word() + ", declared " + declared.mode().word());
      firstKey = "mode";
    }
    Set<String> want = patternSet(validPatterns(declared.mx()));
    Set<String> have = patternSet(live.mx());
    if (!want.equals(have)) {
      Set<String> missing = new LinkedHashSet<>(want);
      missing.removeAll(have);
      Set<String> extra = new LinkedHashSet<>(have);
      extra.removeAll(want);
      StringBuilder mx = new StringBuilder("mx");
      if (!missing.isEmpty()) {
        mx.append(" lacks ").append(String.join(", ", missing));
      }
      if (!extra.isEmpty()) {
        mx.append(missing.isEmpty() ? "" : " and")
            .append(" has extra ")
            .append(String.join(", ", extra));
      }
      differences.add(mx.toString());
      firstKey = firstKey == null ? "mx" : firstKey;
    }
    if (!Objects.equals(live.maxAge(), declared.maxAge())) {
      differences.add("max_age is " + live.maxAge() + ", declared " + declared.maxAge());
      firstKey = firstKey == null ? "maxAge" : firstKey;
    }
    List<String> diff = LineDiff.diff(LineDiff.lines(canonical.text()), LineDiff.lines(liveText));
    String url = "https://" + PolicyFetcher.host(domain) + PolicyFetcher.PATH;
    return Finding.of(MtaStsCheck.POLICY_DRIFT, domain)
        .subject(url)
        .message(
            "the served policy differs from the declaration: "
                + String.join("; ", differences)
                + "\n--- declared\n+++ served\n"
                + String.join("\n", diff))
        .expected(canonical.text())
        .actual(liveText)
        .remediation(
            "serve the generated mta-sts/"
                + domain
                + "/.well-known/mta-sts.txt, then publish _mta-sts."
                + domain
                + " TXT \""
                + StsRecord.format(CanonicalPolicy.expectedId(declared))
                + "\"")
        .location(declared.positions().at(firstKey == null ? "mode" : firstKey))
        .build();
  }

  // ---------------------------------------------------------------- SMTP probe

  private static void probe(
      DomainContext ctx,
      MtaStsPolicy declared,
      State state,
      TrustMaterial trust,
      Duration timeout,
      Duration limit,
      int port) {
    if (state.mxHosts == null) {
      return;
    }
    StsMode mode =
        state.live != null ? state.live.mode() : declared != null ? declared.mode() : null;
    if (mode == StsMode.NONE) {
      return; // senders ignore a none policy; nothing depends on the MX's TLS
    }
    String domain = ctx.name();
    StarttlsProbe probe = new StarttlsProbe(ctx.dns(), trust, timeout, limit, port, ctx.clock());
    List<CompletableFuture<ProbeResult>> running = new ArrayList<>();
    for (String host : state.mxHosts) {
      running.add(CompletableFuture.supplyAsync(() -> probe.probe(host), IO));
    }
    Severity failure = mode == StsMode.ENFORCE ? Severity.ERROR : Severity.WARNING;
    String consequence =
        mode == StsMode.ENFORCE
            ? "under mode enforce senders will not deliver to it"
            : "senders will report failures for it (mode "
                + (mode == null ? "unknown" : mode.word())
                + ")";
    for (CompletableFuture<ProbeResult> future : running) {
      ProbeResult result = future.join();
      String subject = result.host() + ":" + port + " SMTP";
      if (result instanceof ProbeResult.NoStarttls no) {
        state.findings.add(
            Finding.of(MtaStsCheck.MX_NO_STARTTLS, domain)
                .severity(failure)
                .subject(subject)
                .message(
                    "MX "
                        + no.host()
                        + " ("
                        + no.address()
                        + ") does not offer STARTTLS; "
                        + consequence)
                .actual(no.ehloReply())
                .expected("250-STARTTLS in the EHLO reply")
                .remediation("enable STARTTLS with a trusted certificate for " + no.host())
                .build());
      } else if (result instanceof ProbeResult.TlsFailed f) {
        state.findings.add(
            Finding.of(MtaStsCheck.MX_TLS_FAILED, domain)
                .severity(failure)
                .subject(subject)
                .message(
                    "MX " + f.host() + " (" + f.address() + "): " + f.detail() + "; " + consequence)
                .remediation("offer TLS 1.2 or later with a trusted certificate for " + f.host())
                .build());
      } else if (result instanceof ProbeResult.CertificateRejected c) {
        for (CertificateCheck.Problem p : c.problems()) {
          MtaStsCheck check =
              switch (p.rule()) {
                case EXPIRED -> MtaStsCheck.MX_CERT_EXPIRED;
                case HOST -> MtaStsCheck.MX_CERT_HOST;
                case UNTRUSTED -> MtaStsCheck.MX_CERT_UNTRUSTED;
              };
          state.findings.add(
              Finding.of(check, domain)
                  .severity(failure)
                  .subject(subject)
                  .message(
                      "MX "
                          + c.host()
                          + " ("
                          + c.address()
                          + (c.tlsProtocol() == null ? "" : ", " + c.tlsProtocol())
                          + "): "
                          + p.detail()
                          + "; "
                          + consequence)
                  .remediation(
                      "install a publicly trusted, unexpired certificate whose subjectAltName"
                          + " covers "
                          + c.host())
                  .build());
        }
      } else if (result instanceof ProbeResult.Unverifiable u) {
        state.findings.add(
            Finding.of(MtaStsCheck.SMTP_UNVERIFIABLE, domain)
                .subject(subject)
                .message("MX " + u.host() + " could not be probed: " + u.detail())
                .build());
      }
      // ProbeResult.Secure: quiet when all is well
    }
  }

  // ---------------------------------------------------------------- trust

  private TrustMaterial trust(RunOptions options) {
    TrustCache cached = trustCache;
    if (cached != null
        && Objects.equals(cached.path(), options.trustStore())
        && Arrays.equals(cached.password(), options.trustStorePassword())) {
      return cached.material();
    }
    synchronized (this) {
      cached = trustCache;
      if (cached != null
          && Objects.equals(cached.path(), options.trustStore())
          && Arrays.equals(cached.password(), options.trustStorePassword())) {
        return cached.material();
      }
      try {
        TrustMaterial material =
            TrustMaterial.load(options.trustStore(), options.trustStorePassword());
        trustCache =
            new TrustCache(
                options.trustStore(),
                options.trustStorePassword() == null ? null : options.trustStorePassword().clone(),
                material);
        return material;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  /** Why senders ignore {@code t}, a record that looks like v=STSv1 but was not selected. */
  private static String nearMissReason(String t) {
    List<String> errors = StsRecord.parse(t).errors();
    return errors.isEmpty()
        ? "the name has other TXT records, and then senders discard those that do not begin with"
            + " \"v=STSv1;\" (RFC 8461 §3.1)"
        : String.join("; ", errors);
  }
}
