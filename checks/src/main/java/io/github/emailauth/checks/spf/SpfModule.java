package io.github.emailauth.checks.spf;

import com.google.common.net.InetAddresses;
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
import io.github.emailauth.policy.DomainPolicy;
import io.github.emailauth.policy.Policy;
import io.github.emailauth.policy.Sender;
import io.github.emailauth.policy.SourcePosition;
import io.github.emailauth.policy.SpfPolicy;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.xbill.DNS.Type;

/**
 * SPF (RFC 7208): lints the declared and the published record, counts DNS lookups through the
 * include and redirect tree, compares the published record with the declaration (own terms plus
 * those of the declared senders), evaluates the declared {@code authorize}/{@code deny} addresses
 * with check_host(), and generates the record.
 */
public final class SpfModule implements ProtocolModule {
  /** RFC 7208 §3.4: keep the answer within a 512-octet UDP response. */
  static final int MAX_RECORD_BYTES = 450;

  static final int MAX_STRING_BYTES = 255;
  static final int LOOKUP_LIMIT = 10;
  static final int LOOKUP_WARNING = 8;
  static final int VOID_LIMIT = 2;

  private final CheckHost.Options options;

  public SpfModule() {
    this(CheckHost.Options.defaults());
  }

  public SpfModule(CheckHost.Options options) {
    this.options = options;
  }

  @Override
  public Protocol protocol() {
    return Protocol.SPF;
  }

  @Override
  public List<? extends CheckDefinition> checks() {
    List<CheckDefinition> all = new ArrayList<>(List.of(SpfCheck.values()));
    all.addAll(List.of(SpfFlattenCheck.values()));
    return all;
  }

  // ---- the declared record -------------------------------------------------------------------

  /**
   * The record the declaration stands for: the domain's own mechanisms, then each declared sender's
   * terms in declared order (duplicates once), then {@code redirect=}, then {@code all}.
   */
  public static String declaredRecord(Policy policy, DomainPolicy domain) {
    SpfPolicy spf = domain.spf();
    // canonical text -> the term as first written: IP4:x and ip4:x, +mx and mx are one term
    Map<String, String> terms = new LinkedHashMap<>();
    for (String t : spf.mechanisms()) {
      addTerm(terms, t);
    }
    for (String name : domain.senders()) {
      Sender s = policy.senders().get(name);
      if (s != null) {
        for (String t : s.spf()) {
          addTerm(terms, t);
        }
      }
    }
    StringBuilder out = new StringBuilder("v=spf1");
    for (String t : terms.values()) {
      out.append(' ').append(t);
    }
    if (spf.redirect() != null) {
      out.append(" redirect=").append(spf.redirect());
    }
    if (spf.all() != null) {
      out.append(' ').append(spf.all().mechanism().replace("+all", "all"));
    }
    return out.toString();
  }

  private static void addTerm(Map<String, String> terms, String t) {
    String trimmed = t.trim();
    String lower = trimmed.toLowerCase(Locale.ROOT);
    // The declaration's all: key decides the final all; a stray one in a list would shadow it.
    if (!trimmed.isEmpty() && !lower.matches("[+\\-~?]?all")) {
      String key =
          SpfParser.parse("v=spf1 " + trimmed) instanceof SpfParse.Parsed p
                  && p.record().terms().size() == 1
              ? p.record().terms().get(0).toString().toLowerCase(Locale.ROOT)
              : lower;
      terms.putIfAbsent(key, trimmed);
    }
  }

  // ---- lint ------------------------------------------------------------------------------------

  @Override
  public List<Finding> lint(DomainContext ctx) {
    SpfPolicy spf = ctx.domain().spf();
    if (spf == null) {
      return List.of();
    }
    String domain = ctx.name();
    String text = declaredRecord(ctx.policy(), ctx.domain());
    SourcePosition at = position(spf, "mechanisms");
    SpfParse parse = SpfParser.parse(text);
    List<Finding> out = new ArrayList<>();
    if (parse instanceof SpfParse.Invalid bad) {
      out.add(
          Finding.of(SpfCheck.SYNTAX, domain)
              .subject(domain + " TXT")
              .message("declared record has a syntax error " + bad.describe())
              .expected(text)
              .actual(bad.pointer(text))
              .remediation("fix the SPF terms declared for " + domain)
              .location(at)
              .build());
      return out;
    }
    SpfRecord record = ((SpfParse.Parsed) parse).record();
    out.addAll(recordFindings(domain, record, text, "declared record", spf));
    long lookups =
        SpfAnalysis.evaluated(record).stream()
            .filter(
                t ->
                    t instanceof SpfTerm.Redirect
                        || t instanceof SpfTerm.Mechanism m && m.countsLookup())
            .count();
    // with flatten: true the includes become networks: the flattener enforces the limit
    if (lookups > LOOKUP_LIMIT && !spf.flatten()) {
      out.add(
          Finding.of(SpfCheck.LOOKUP_LIMIT, domain)
              .subject(domain + " TXT")
              .message(
                  "declared record has "
                      + lookups
                      + " DNS-querying terms before counting what its includes add; the limit is "
                      + LOOKUP_LIMIT
                      + " (RFC 7208 §4.6.4)")
              .expected("at most " + LOOKUP_LIMIT + " lookups")
              .actual(lookups + " lookups")
              .remediation(
                  "to get to at most "
                      + LOOKUP_LIMIT
                      + " lookups: set flatten: true under spf: of "
                      + domain
                      + ", so that generate writes the includes as ip4/ip6 networks; or replace "
                      + (lookups - LOOKUP_LIMIT)
                      + " or more of "
                      + SpfAnalysis.evaluated(record).stream()
                          .filter(
                              t ->
                                  t instanceof SpfTerm.Redirect
                                      || t instanceof SpfTerm.Mechanism m && m.countsLookup())
                          .map(Object::toString)
                          .collect(java.util.stream.Collectors.joining(", "))
                      + " by the ip4/ip6 networks they stand for, or remove those no longer used")
              .location(at)
              .build());
    }
    return out;
  }

  /** Findings about one record's own text, published or declared. */
  private List<Finding> recordFindings(
      String domain, SpfRecord record, String text, String what, SpfPolicy declared) {
    List<Finding> out = new ArrayList<>();
    String subject = domain + " TXT";
    SpfTerm.All all = record.all().orElse(null);
    SourcePosition allAt = declared == null ? null : position(declared, "all");
    boolean published = what.startsWith("the published");
    if (all != null && all.qualifier() == Qualifier.PASS) {
      out.add(
          Finding.of(SpfCheck.PASS_ALL, domain)
              .subject(subject)
              .message(what + " ends in +all: every host on the internet passes SPF for " + domain)
              .actual(text)
              .remediation(
                  endWithFail(published, domain, subject, text) + " (or ~all while rolling out)")
              .location(allAt)
              .build());
    } else if (all != null && all.qualifier() == Qualifier.NEUTRAL) {
      out.add(
          Finding.of(SpfCheck.NEUTRAL_ALL, domain)
              .subject(subject)
              .message(what + " ends in ?all: unlisted hosts get neutral, so SPF protects nothing")
              .actual(text)
              .remediation(
                  endWithFail(published, domain, subject, text) + " (or ~all while rolling out)")
              .location(allAt)
              .build());
    } else if (all == null && record.redirect().isEmpty()) {
      out.add(
          Finding.of(SpfCheck.NO_ALL, domain)
              .subject(subject)
              .message(
                  what
                      + " has neither all nor redirect: unlisted hosts get neutral (RFC 7208 §4.7)")
              .actual(text)
              .remediation(endWithFail(published, domain, subject, text))
              .location(allAt)
              .build());
    }
    for (SpfTerm t : record.terms()) {
      if (t instanceof SpfTerm.Ptr) {
        out.add(
            Finding.of(SpfCheck.PTR, domain)
                .subject(subject)
                .message(
                    what
                        + " uses "
                        + t
                        + ": slow, unreliable and discouraged (RFC 7208 §5.5: SHOULD NOT be used)")
                .actual(text)
                .remediation("replace " + t + " by the ip4/ip6 networks or a/mx of the senders")
                .location(declared == null ? null : position(declared, "mechanisms"))
                .build());
      }
    }
    int bytes = text.getBytes(StandardCharsets.UTF_8).length;
    if (bytes > MAX_RECORD_BYTES) {
      out.add(
          Finding.of(SpfCheck.SIZE, domain)
              .subject(subject)
              .message(
                  what
                      + " is "
                      + bytes
                      + " bytes; over "
                      + MAX_RECORD_BYTES
                      + " the answer may not fit a UDP response and some receivers drop it"
                      + " (RFC 7208 §3.4)")
              .actual(text)
              .remediation(
                  "shorten the record: flatten into _spf sub-records, or drop unused terms")
              .location(declared == null ? null : position(declared, "mechanisms"))
              .build());
    }
    return out;
  }

  // ---- verify ----------------------------------------------------------------------------------

  @Override
  public CompletableFuture<List<Finding>> verify(DomainContext ctx) {
    DnsClient dns = ctx.dns();
    String domain = ctx.name();
    CompletableFuture<DnsAnswer> txt = dns.query(domain, Type.TXT);
    CompletableFuture<DnsAnswer> type99 = dns.query(domain, Type.SPF);
    return txt.thenCompose(answer -> published(ctx, answer))
        .thenCombine(
            type99,
            (findings, old) -> {
              List<Finding> out = new ArrayList<>(findings);
              if (old instanceof DnsAnswer.Records r) {
                out.add(
                    Finding.of(SpfCheck.OBSOLETE_RR, domain)
                        .subject(domain + " SPF")
                        .message(
                            domain
                                + " publishes the SPF RR type (99), which RFC 7208 §3.1"
                                + " discontinued; receivers read only TXT")
                        .actual(
                            String.join(
                                " | ", r.txt().isEmpty() ? List.of("SPF record") : spfTexts(r)))
                        .remediation("delete the SPF-type record; keep the TXT record")
                        .build());
              }
              return out;
            });
  }

  private static List<String> spfTexts(DnsAnswer.Records r) {
    return r.records().stream().map(x -> x.rdataToString()).toList();
  }

  private CompletableFuture<List<Finding>> published(DomainContext ctx, DnsAnswer answer) {
    String domain = ctx.name();
    String subject = domain + " TXT";
    SpfPolicy declared = ctx.domain().spf();
    String expected = declared == null ? null : declaredRecord(ctx.policy(), ctx.domain());
    if (answer instanceof DnsAnswer.Failure f) {
      return done(
          List.of(
              Finding.of(SpfCheck.UNVERIFIABLE, domain)
                  .subject(subject)
                  .message("could not read the SPF record: " + f.describe())
                  .expected(expected)
                  .build()));
    }
    List<String> txts = answer instanceof DnsAnswer.Records r ? r.txt() : List.of();
    SpfSelection sel = SpfSelection.select(txts);
    if (sel instanceof SpfSelection.NoRecord) {
      if (declared == null) {
        return done(List.of());
      }
      return done(
          List.of(
              Finding.of(SpfCheck.MISSING, domain)
                  .subject(subject)
                  .message(
                      domain
                          + " publishes no v=spf1 record"
                          + (answer instanceof DnsAnswer.NxDomain
                              ? " (the name does not exist)"
                              : "")
                          + "; receivers get none")
                  .expected(expected)
                  .remediation("publish " + subject + " " + ZoneText.publishable(expected))
                  .location(declared.positions() == null ? null : declared.positions().section())
                  .build()));
    }
    if (sel instanceof SpfSelection.Several several) {
      return done(
          List.of(
              Finding.of(SpfCheck.MULTIPLE, domain)
                  .subject(subject)
                  .message(
                      domain
                          + " publishes "
                          + several.texts().size()
                          + " v=spf1 records; receivers return permerror (RFC 7208 §4.5)")
                  .expected(expected)
                  .actual(String.join(" | ", several.texts()))
                  .remediation(keepOne(subject, expected, several.texts()))
                  .location(
                      declared == null || declared.positions() == null
                          ? null
                          : declared.positions().section())
                  .build()));
    }
    String text = ((SpfSelection.One) sel).text();
    SpfParse parse = SpfParser.parse(text);
    if (parse instanceof SpfParse.Invalid bad) {
      return done(
          List.of(
              Finding.of(SpfCheck.SYNTAX, domain)
                  .subject(subject)
                  .message(
                      "the published record has a syntax error "
                          + bad.describe()
                          + "; receivers return permerror (RFC 7208 §4.6)")
                  .expected(expected)
                  .actual(bad.pointer(text))
                  .remediation(
                      expected == null
                          ? "fix the record"
                          : "publish " + subject + " " + ZoneText.publishable(expected))
                  .build()));
    }
    SpfRecord record = ((SpfParse.Parsed) parse).record();
    List<Finding> out =
        new ArrayList<>(recordFindings(domain, record, text, "the published record", declared));
    // a flattened record differs from the declared terms on purpose: compare meanings instead
    boolean flattened = declared != null && declared.flatten();
    if (declared != null && !flattened) {
      drift(domain, declared, expected, record, text).ifPresent(out::add);
    }
    CompletableFuture<List<Finding>> stale =
        flattened && SpfParser.parse(expected) instanceof SpfParse.Parsed want
            ? FlattenedSpf.verify(ctx, want.record(), record, text)
            : done(List.of());
    CompletableFuture<List<Finding>> tree =
        SpfAnalysis.analyse(ctx.dns(), domain, record, text)
            .thenApply(n -> treeFindings(ctx, domain, declared, n, text));
    CompletableFuture<List<Finding>> addresses =
        declared == null ? done(List.of()) : addresses(ctx, declared);
    return tree.thenCombine(
            addresses,
            (t, a) -> {
              out.addAll(t);
              out.addAll(a);
              return out;
            })
        .thenCombine(
            stale,
            (o, f) -> {
              o.addAll(f);
              return o;
            });
  }

  /** Lookup count, void lookups, loops and dead includes of the published record's tree. */
  private List<Finding> treeFindings(
      DomainContext ctx, String domain, SpfPolicy declared, SpfAnalysis.Node root, String text) {
    List<Finding> out = new ArrayList<>();
    String subject = domain + " TXT";
    int lookups = root.totalLookups();
    String breakdown = root.breakdown();
    // the walk stops at a depth and a number of records, far past the limit: then a lower bound
    String atLeast = root.incomplete() ? "at least " : "";
    if (lookups > LOOKUP_LIMIT) {
      out.add(
          Finding.of(SpfCheck.LOOKUP_LIMIT, domain)
              .subject(subject)
              .message(
                  domain
                      + " needs "
                      + atLeast
                      + lookups
                      + " DNS lookups, more than "
                      + LOOKUP_LIMIT
                      + ": receivers return permerror once evaluation gets that far (RFC 7208"
                      + " §4.6.4). Per term: "
                      + breakdown)
              .expected("at most " + LOOKUP_LIMIT + " lookups")
              .actual(atLeast + lookups + " lookups: " + breakdown)
              .remediation(lookupRemediation(domain, declared, root, lookups))
              .build());
    } else if (lookups >= LOOKUP_WARNING) {
      out.add(
          Finding.of(SpfCheck.LOOKUP_NEAR_LIMIT, domain)
              .subject(subject)
              .message(
                  domain
                      + " needs "
                      + lookups
                      + " of the "
                      + LOOKUP_LIMIT
                      + " DNS lookups RFC 7208 §4.6.4 allows. Per term: "
                      + breakdown)
              .actual(lookups + " lookups: " + breakdown)
              .remediation("leave room for provider changes: flatten or drop unused terms")
              .build());
    }
    int voids = root.totalVoids();
    if (voids > VOID_LIMIT) {
      List<String> names = new ArrayList<>(root.voidNames());
      for (SpfAnalysis.Node n : root.descendants()) {
        names.addAll(n.voidNames());
        if (n.status() == SpfAnalysis.Status.NXDOMAIN
            || n.status() == SpfAnalysis.Status.NO_RECORD) {
          names.add(n.via());
        }
      }
      out.add(
          Finding.of(SpfCheck.VOID_LOOKUPS, domain)
              .subject(subject)
              .message(
                  domain
                      + " has "
                      + voids
                      + " lookups that find nothing, more than "
                      + VOID_LIMIT
                      + "; receivers may return permerror (RFC 7208 §4.6.4): "
                      + String.join(", ", names))
              .actual(String.join(", ", names))
              .remediation("remove the terms that point at names without records")
              .build());
    }
    for (SpfAnalysis.Node top : root.children()) {
      List<SpfAnalysis.Node> below = new ArrayList<>(List.of(top));
      below.addAll(top.descendants());
      for (SpfAnalysis.Node n : below) {
        out.addAll(nodeFindings(ctx, domain, declared, root, top, n, text));
      }
    }
    return out;
  }

  private List<Finding> nodeFindings(
      DomainContext ctx,
      String domain,
      SpfPolicy declared,
      SpfAnalysis.Node root,
      SpfAnalysis.Node top,
      SpfAnalysis.Node n,
      String text) {
    List<Finding> out = new ArrayList<>();
    String subject = domain + " TXT";
    switch (n.status()) {
      case LOOP ->
          out.add(
              Finding.of(SpfCheck.LOOP, domain)
                  .subject(subject)
                  .message(
                      n.via()
                          + " leads back to a record on its own path: "
                          + n.detail()
                          + "; receivers return permerror once the lookup limit is passed")
                  .actual(n.detail())
                  .remediation("remove " + n.via())
                  .build());
      case NXDOMAIN, NO_RECORD, SEVERAL, SYNTAX -> {
        // the whole record to publish without the term of the domain's own record that leads
        // to the dead one; when that term is an include of a third party's record, fixing
        // that record is the other way out
        String without = withoutTerm(text, top.via());
        String parent = parentOf(root, n);
        boolean own = n == top;
        String publish = "publish " + subject + " " + ZoneText.publishable(without);
        String source = declaredSource(ctx, declared, top.via());
        String fix =
            own
                ? "remove "
                    + n.via()
                    + (n.status() == SpfAnalysis.Status.NXDOMAIN
                            || n.status() == SpfAnalysis.Status.NO_RECORD
                        ? ""
                        : " (or fix the record at " + n.domain() + ")")
                    + ": "
                    + publish
                : "fix the record at "
                    + parent
                    + " (its "
                    + n.via()
                    + " has no usable SPF record), or remove "
                    + top.via()
                    + ": "
                    + publish;
        out.add(
            Finding.of(SpfCheck.INCLUDE_UNRESOLVED, domain)
                .subject(n.domain() + " TXT")
                .message(
                    n.via()
                        + (own
                            ? " in " + domain
                            : " in the record at " + parent + " (via " + top.via() + ")")
                        + " has no usable SPF record ("
                        + n.detail()
                        + "): receivers return permerror when evaluation reaches it (RFC 7208"
                        + " §5.2, §6.1)")
                .expected(without)
                .actual(n.detail())
                .remediation(
                    source == null ? fix : fix + "; " + source.substring(source.indexOf('|') + 1))
                .location(sourcePosition(ctx, declared, source))
                .build());
      }
      case FAILED ->
          out.add(
              Finding.of(SpfCheck.UNVERIFIABLE, domain)
                  .subject(n.domain() + " TXT")
                  .message("could not read the record behind " + n.via() + ": " + n.detail())
                  .build());
      default -> {}
    }
    return out;
  }

  /** The record text without the terms that are {@code term} (compared as parsed terms). */
  static String withoutTerm(String text, String term) {
    StringBuilder out = new StringBuilder();
    for (String token : text.trim().split(" +")) {
      boolean same =
          token.equalsIgnoreCase(term)
              || SpfParser.parse("v=spf1 " + token) instanceof SpfParse.Parsed p
                  && p.record().terms().size() == 1
                  && p.record().terms().get(0).toString().equalsIgnoreCase(term);
      if (!same) {
        out.append(out.length() == 0 ? "" : " ").append(token);
      }
    }
    return out.toString();
  }

  /** The name whose record holds {@code n}'s term. */
  private static String parentOf(SpfAnalysis.Node root, SpfAnalysis.Node n) {
    if (root.children().contains(n)) {
      return root.domain();
    }
    for (SpfAnalysis.Node d : root.descendants()) {
      if (d.children().contains(n)) {
        return d.domain();
      }
    }
    return root.domain();
  }

  /**
   * Where the declaration brings {@code term}: "sender NAME|and remove TERM from sender NAME in the
   * policy", "mechanisms|..." or "redirect|..."; null when it is not declared (the published record
   * then drifts as well).
   */
  private static String declaredSource(DomainContext ctx, SpfPolicy declared, String term) {
    if (declared == null) {
      return null;
    }
    for (String m : declared.mechanisms()) {
      if (withoutTerm(m, term).isEmpty()) {
        return "mechanisms|and remove "
            + m.trim()
            + " from spf: mechanisms of "
            + ctx.name()
            + " in the policy";
      }
    }
    if (declared.redirect() != null && term.equalsIgnoreCase("redirect=" + declared.redirect())) {
      return "redirect|and remove redirect: "
          + declared.redirect()
          + " from spf: of "
          + ctx.name()
          + " in the policy";
    }
    for (String name : ctx.domain().senders()) {
      Sender s = ctx.policy().senders().get(name);
      if (s != null) {
        for (String t : s.spf()) {
          if (withoutTerm(t, term).isEmpty()) {
            return "sender "
                + name
                + "|and remove "
                + t.trim()
                + " from sender "
                + name
                + " in the policy (or drop "
                + name
                + " from the senders of "
                + ctx.name()
                + ")";
          }
        }
      }
    }
    return null;
  }

  /** The policy line of {@link #declaredSource}'s answer, else the spf section. */
  private static SourcePosition sourcePosition(
      DomainContext ctx, SpfPolicy declared, String source) {
    if (declared == null) {
      return null;
    }
    if (source != null && source.startsWith("sender ")) {
      Sender s = ctx.policy().senders().get(source.substring(7, source.indexOf('|')));
      if (s != null && s.position() != null) {
        return s.position();
      }
    } else if (source != null && source.startsWith("redirect|")) {
      SourcePosition at = position(declared, "redirect");
      if (at != null) {
        return at;
      }
    } else if (source != null) {
      SourcePosition at = position(declared, "mechanisms");
      if (at != null) {
        return at;
      }
    }
    return declared.positions() == null ? null : declared.positions().section();
  }

  /**
   * How to get back within the limit: flattening, and the fewest of the record's own terms whose
   * replacement by ip4/ip6 networks saves enough lookups (the costliest first). Terms that cannot
   * become networks (exists, ptr, macros, anywhere below an include) are named as such.
   */
  static String lookupRemediation(
      String domain, SpfPolicy declared, SpfAnalysis.Node root, int lookups) {
    List<SpfAnalysis.TermCost> costs = root.costs();
    List<String> stays = new ArrayList<>();
    for (SpfAnalysis.TermCost c : costs) {
      if (!c.replaceable() && c.lookups() > 1) {
        stays.add(c.term());
      }
    }
    String kept =
        stays.isEmpty()
            ? ""
            : " (" + String.join(", ", stays) + " would stay as written: exists, ptr or macros)";
    StringBuilder out =
        new StringBuilder("to get from " + lookups + " to at most " + LOOKUP_LIMIT + " lookups: ");
    if (declared != null && declared.flatten()) {
      out.append("publish the flattened records that mvn emailauth:generate writes for ")
          .append(domain)
          .append(" (flatten: true is declared, but the published record is not that chain)");
    } else {
      out.append("set flatten: true under spf: of ")
          .append(domain)
          .append(" in the policy, so that generate writes the includes as ip4/ip6 networks and")
          .append(" verify reports when the providers change them")
          .append(kept);
    }
    int excess = lookups - LOOKUP_LIMIT;
    List<String> pick = new ArrayList<>();
    int saved = 0;
    for (SpfAnalysis.TermCost c : costs) {
      if (saved >= excess) {
        break;
      }
      if (c.replaceable()) {
        pick.add(c.toString());
        saved += c.lookups();
      }
    }
    if (saved >= excess) {
      boolean one = pick.size() == 1;
      out.append("; or replace ")
          .append(String.join(", ", pick))
          .append(" by the ip4/ip6 networks ")
          .append(one ? "it stands" : "they stand")
          .append(" for, or remove ")
          .append(one ? "it if it is" : "them if they are")
          .append(" no longer used");
    } else {
      out.append("; or remove ")
          .append(excess)
          .append(" lookups' worth of terms that are no longer used, of: ")
          .append(
              costs.stream()
                  .map(Object::toString)
                  .collect(java.util.stream.Collectors.joining(", ")));
    }
    return out.toString();
  }

  /** Declared vs published terms, order-insensitive, the all qualifier and the redirect. */
  private java.util.Optional<Finding> drift(
      String domain, SpfPolicy declared, String expected, SpfRecord live, String liveText) {
    SpfParse parsed = SpfParser.parse(expected);
    if (!(parsed instanceof SpfParse.Parsed want)) {
      return java.util.Optional.empty(); // lint reports the declared syntax error
    }
    Map<String, Integer> wanted = counts(want.record());
    Map<String, Integer> have = counts(live);
    List<String> missing = minus(wanted, have);
    List<String> extra = minus(have, wanted);
    List<String> problems = new ArrayList<>();
    if (!missing.isEmpty()) {
      problems.add("missing " + String.join(", ", missing));
    }
    if (!extra.isEmpty()) {
      problems.add("extra " + String.join(", ", extra));
    }
    String wantAll = want.record().all().map(Object::toString).orElse(null);
    String haveAll = live.all().map(Object::toString).orElse(null);
    if (!java.util.Objects.equals(wantAll, haveAll)) {
      problems.add(
          (haveAll == null ? "no all" : "all is " + display(haveAll))
              + ", declared "
              + (wantAll == null ? "none" : display(wantAll)));
    }
    String wantRedirect = want.record().redirect().map(Object::toString).orElse(null);
    String haveRedirect = live.redirect().map(Object::toString).orElse(null);
    if (!java.util.Objects.equals(wantRedirect, haveRedirect)) {
      problems.add(
          (haveRedirect == null ? "no redirect" : haveRedirect)
              + ", declared "
              + (wantRedirect == null ? "no redirect" : wantRedirect));
    }
    if (problems.isEmpty() && mixedQualifiers(want.record()) && !sameOrder(want.record(), live)) {
      // With different qualifiers the first match wins, so order carries meaning (RFC 7208 §4.6.2).
      problems.add("the terms are in another order, which matters with mixed qualifiers");
    }
    if (problems.isEmpty()) {
      return java.util.Optional.empty();
    }
    String subject = domain + " TXT";
    return java.util.Optional.of(
        Finding.of(SpfCheck.DRIFT, domain)
            .subject(subject)
            .message("SPF record of " + domain + ": " + String.join("; ", problems))
            .expected(expected)
            .actual(liveText)
            .remediation(
                "publish " + subject + " " + ZoneText.publishable(want.record().toString()))
            .location(position(declared, "mechanisms"))
            .build());
  }

  private static String display(String all) {
    return all.equals("all") ? "+all" : all;
  }

  /** Canonical mechanism texts (without all) and how often each appears. */
  private static Map<String, Integer> counts(SpfRecord r) {
    Map<String, Integer> out = new LinkedHashMap<>();
    for (SpfTerm.Mechanism m : r.mechanisms()) {
      if (!(m instanceof SpfTerm.All)) {
        out.merge(m.toString().toLowerCase(Locale.ROOT), 1, Integer::sum);
      }
    }
    return out;
  }

  private static List<String> minus(Map<String, Integer> a, Map<String, Integer> b) {
    List<String> out = new ArrayList<>();
    a.forEach(
        (k, n) -> {
          for (int i = b.getOrDefault(k, 0); i < n; i++) {
            out.add(k);
          }
        });
    return out;
  }

  private static boolean mixedQualifiers(SpfRecord r) {
    return r.mechanisms().stream()
            .filter(m -> !(m instanceof SpfTerm.All))
            .map(SpfTerm.Mechanism::qualifier)
            .distinct()
            .count()
        > 1;
  }

  private static boolean sameOrder(SpfRecord a, SpfRecord b) {
    return a.mechanisms().stream()
        .map(Object::toString)
        .toList()
        .equals(b.mechanisms().stream().map(Object::toString).toList());
  }

  /** check_host() for each declared authorize and deny address. */
  private CompletableFuture<List<Finding>> addresses(DomainContext ctx, SpfPolicy declared) {
    String domain = ctx.name();
    CheckHost checkHost = new CheckHost(ctx.dns(), options);
    List<CompletableFuture<Finding>> all = new ArrayList<>();
    for (String ip : declared.authorize()) {
      all.add(evaluate(checkHost, domain, ip, true, declared));
    }
    for (String ip : declared.deny()) {
      all.add(evaluate(checkHost, domain, ip, false, declared));
    }
    return CompletableFuture.allOf(all.toArray(new CompletableFuture<?>[0]))
        .thenApply(
            ignored -> {
              List<Finding> out = new ArrayList<>();
              for (CompletableFuture<Finding> f : all) {
                if (f.join() != null) {
                  out.add(f.join());
                }
              }
              return out;
            });
  }

  private CompletableFuture<Finding> evaluate(
      CheckHost checkHost, String domain, String ip, boolean authorize, SpfPolicy declared) {
    String key = authorize ? "authorize" : "deny";
    return checkHost
        .check(SpfRequest.forDomain(InetAddresses.forString(ip), domain))
        .thenApply(
            out -> {
              String actual = out.result().label() + " via " + out.pathText();
              if (out.result() == SpfResult.TEMPERROR) {
                return Finding.of(SpfCheck.UNVERIFIABLE, domain)
                    .subject(domain + " TXT")
                    .message(
                        "could not evaluate SPF for "
                            + key
                            + " address "
                            + ip
                            + ": "
                            + out.reason())
                    .actual(actual)
                    .location(position(declared, key))
                    .build();
              }
              boolean pass = out.result() == SpfResult.PASS;
              if (authorize == pass) {
                return null;
              }
              return Finding.of(authorize ? SpfCheck.AUTHORIZE : SpfCheck.DENY, domain)
                  .subject(domain + " TXT")
                  .message(
                      "check_host("
                          + ip
                          + ", "
                          + domain
                          + ") gives "
                          + out.result().label()
                          + (authorize ? ", declared to pass" : ", declared not to pass")
                          + " ("
                          + out.reason()
                          + ")")
                  .expected(authorize ? "pass" : "not pass")
                  .actual(actual)
                  .remediation(
                      authorize
                          ? "add a mechanism that covers " + ip + " to the record of " + domain
                          : "remove or narrow the term that matched: " + out.pathText())
                  .location(position(declared, key))
                  .build();
            });
  }

  // ---- generate --------------------------------------------------------------------------------

  @Override
  public CompletableFuture<Artifacts> generate(DomainContext ctx) {
    if (ctx.domain().spf() == null) {
      return CompletableFuture.completedFuture(Artifacts.EMPTY);
    }
    String text = declaredRecord(ctx.policy(), ctx.domain());
    SpfParse parse = SpfParser.parse(text);
    if (ctx.domain().spf().flatten() && parse instanceof SpfParse.Parsed flat) {
      return FlattenedSpf.generate(ctx, flat.record());
    }
    // A declaration that does not parse is written as declared; lint reports the error.
    String value = parse instanceof SpfParse.Parsed p ? p.record().toString() : text;
    return CompletableFuture.completedFuture(
        Artifacts.ofRecords(
            List.of(
                new GeneratedRecord(
                    ctx.name(), "TXT", GeneratedRecord.DEFAULT_TTL, value, Protocol.SPF))));
  }

  /**
   * What to publish so the record ends in -all: the published text with its all term replaced (or
   * -all appended), so the user copies one whole record; for the declared record, the key.
   */
  static String endWithFail(boolean published, String domain, String subject, String text) {
    if (!published) {
      return "set all: fail under spf: of " + domain + " in the policy";
    }
    List<String> terms = new ArrayList<>(List.of(text.trim().split(" +")));
    boolean replaced = false;
    for (int i = 0; i < terms.size(); i++) {
      if (terms.get(i).matches("(?i)[+?~-]?all")) {
        terms.set(i, "-all");
        replaced = true;
      }
    }
    if (!replaced) {
      terms.add("-all");
    }
    return "publish " + subject + " " + ZoneText.publishable(String.join(" ", terms));
  }

  /**
   * Which of several v=spf1 records to delete: every one but the declared record when it is among
   * them; otherwise all of them, and the declared record in their place.
   */
  static String keepOne(String subject, String expected, List<String> texts) {
    if (expected == null) {
      return "merge the "
          + texts.size()
          + " records into one and delete the others: "
          + texts.stream()
              .map(t -> subject + " " + ZoneText.quoted(t))
              .collect(java.util.stream.Collectors.joining(", "));
    }
    List<String> delete = texts.stream().filter(t -> !t.equals(expected)).toList();
    String deletes =
        delete.stream()
            .map(t -> "delete " + subject + " " + ZoneText.quoted(t))
            .collect(java.util.stream.Collectors.joining("; "));
    return delete.size() < texts.size()
        ? deletes + "; keep " + subject + " " + ZoneText.quoted(expected)
        : deletes + "; publish " + subject + " " + ZoneText.publishable(expected);
  }

  private static SourcePosition position(SpfPolicy spf, String key) {
    return spf.positions() == null ? null : spf.positions().at(key);
  }

  private static <T> CompletableFuture<T> done(T value) {
    return CompletableFuture.completedFuture(value);
  }
}
