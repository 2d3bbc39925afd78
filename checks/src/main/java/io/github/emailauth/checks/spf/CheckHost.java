package io.github.emailauth.checks.spf;

import io.github.emailauth.checks.dns.DnsAnswer;
import io.github.emailauth.checks.dns.DnsClient;
import java.net.IDN;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.PTRRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * check_host() of RFC 7208 §4 over the asynchronous {@link DnsClient}. Nothing blocks: each step is
 * a continuation of the DNS answer it needs. Evaluation is sequential (left to right, as the RFC
 * requires) except that the address lookups of one {@code mx} or {@code ptr} term are asked at once
 * and then judged in order, so the trace does not depend on answer timing.
 */
public final class CheckHost {
  /** Include or redirect levels evaluated on one stack before continuing on a fresh one. */
  private static final int STACK_HOP = 32;

  /** The highest lookup limit Options accept (RFC 7208 §4.6.4 sets 10). */
  public static final int MAX_LOOKUP_LIMIT = 1000;

  private final DnsClient dns;
  private final Options options;

  public CheckHost(DnsClient dns) {
    this(dns, Options.defaults());
  }

  public CheckHost(DnsClient dns, Options options) {
    this.dns = Objects.requireNonNull(dns, "dns");
    this.options = Objects.requireNonNull(options, "options");
  }

  /**
   * Limits and environment of an evaluation.
   *
   * @param lookupLimit DNS-querying terms per evaluation, across includes and redirects (§4.6.4:
   *     10)
   * @param voidLimit lookups that find nothing before permerror (§4.6.4: SHOULD, default 2)
   * @param nameLimit MX names per {@code mx}, PTR names per {@code ptr} or {@code %{p}} (10)
   * @param timeout the whole evaluation; past it the result is temperror (§4.6.4: at least 20 s)
   * @param receiver the {@code %{r}} macro: this checker's host name, "unknown" by default
   * @param clock "now" for the {@code %{t}} macro
   */
  public record Options(
      int lookupLimit,
      int voidLimit,
      int nameLimit,
      Duration timeout,
      String receiver,
      Clock clock) {
    public Options {
      Objects.requireNonNull(timeout, "timeout");
      Objects.requireNonNull(receiver, "receiver");
      Objects.requireNonNull(clock, "clock");
      if (lookupLimit < 1 || voidLimit < 0 || nameLimit < 1) {
        throw new IllegalArgumentException("limits must be positive");
      }
      // The lookup limit also bounds how deep includes nest and how long a loop runs; a limit
      // far above the RFC's 10 only costs time and memory on a looping record.
      if (lookupLimit > MAX_LOOKUP_LIMIT) {
        throw new IllegalArgumentException(
            "lookupLimit " + lookupLimit + " is over " + MAX_LOOKUP_LIMIT);
      }
    }

    public static Options defaults() {
      return new Options(10, 2, 10, Duration.ofSeconds(20), "unknown", Clock.systemUTC());
    }

    public Options withVoidLimit(int limit) {
      return new Options(lookupLimit, limit, nameLimit, timeout, receiver, clock);
    }

    public Options withReceiver(String name) {
      return new Options(lookupLimit, voidLimit, nameLimit, timeout, name, clock);
    }

    public Options withTimeout(Duration t) {
      return new Options(lookupLimit, voidLimit, nameLimit, t, receiver, clock);
    }

    public Options withClock(Clock c) {
      return new Options(lookupLimit, voidLimit, nameLimit, timeout, receiver, c);
    }
  }

  /** Runs check_host(); the future never completes exceptionally for a DNS problem. */
  public CompletableFuture<SpfOutcome> check(SpfRequest request) {
    Run run = new Run(request);
    return run.start()
        .orTimeout(options.timeout().toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)
        .exceptionally(
            ex -> {
              Throwable cause =
                  ex instanceof CompletionException && ex.getCause() != null ? ex.getCause() : ex;
              if (cause instanceof TimeoutException) {
                return run.timedOut();
              }
              throw ex instanceof CompletionException ce ? ce : new CompletionException(ex);
            });
  }

  /** What one level of check_host() decided. {@code exp} is the record whose exp= applies. */
  private record Verdict(
      SpfResult result,
      String reason,
      List<String> path,
      SpfTerm.Explanation exp,
      String expDomain) {
    Verdict prefixed(String step) {
      List<String> p = new ArrayList<>();
      p.add(step);
      p.addAll(path);
      return new Verdict(result, reason, p, exp, expDomain);
    }
  }

  /** What a single mechanism came to. */
  private sealed interface MechResult {}

  private record Match(List<String> innerPath) implements MechResult {}

  private record NoMatch(String why) implements MechResult {}

  private record Error(SpfResult result, String reason, List<String> innerPath)
      implements MechResult {}

  /** The state of one evaluation: counters and trace. */
  private final class Run {
    private final SpfRequest request;
    private final MacroExpander.Values base;
    private final boolean ip4;
    private final AtomicInteger lookups = new AtomicInteger();
    private final AtomicInteger voids = new AtomicInteger();
    private final List<TraceEvent> events = Collections.synchronizedList(new ArrayList<>());

    Run(SpfRequest request) {
      this.request = request;
      this.ip4 = request.ip() instanceof Inet4Address;
      this.base =
          new MacroExpander.Values(
              request.sender(),
              normalise(request.domain()),
              request.ip(),
              request.helo(),
              null,
              options.receiver(),
              options.clock().instant().getEpochSecond());
    }

    CompletableFuture<SpfOutcome> start() {
      return checkHost(base.domain(), 0, base).thenCompose(this::finish);
    }

    private CompletableFuture<SpfOutcome> finish(Verdict v) {
      if (v.result() != SpfResult.FAIL || v.exp() == null) {
        return CompletableFuture.completedFuture(outcome(v, null));
      }
      return explanation(v.exp(), base.withDomain(v.expDomain()))
          .thenApply(text -> outcome(v, text));
    }

    private SpfOutcome outcome(Verdict v, String explanation) {
      return new SpfOutcome(
          v.result(), explanation, v.reason(), v.path(), lookups.get(), voids.get(), trace());
    }

    SpfOutcome timedOut() {
      String reason =
          "check_host() did not finish within " + options.timeout().toSeconds() + " s (§4.6.4)";
      events.add(new TraceEvent.Note(0, reason));
      return new SpfOutcome(
          SpfResult.TEMPERROR, null, reason, List.of(), lookups.get(), voids.get(), trace());
    }

    private SpfTrace trace() {
      synchronized (events) {
        return new SpfTrace(new ArrayList<>(events));
      }
    }

    // ---- check_host() for one domain -------------------------------------------------------

    private CompletableFuture<Verdict> checkHost(
        String domain, int indent, MacroExpander.Values v) {
      // Cached answers complete at once, so each include or redirect level runs on the stack of
      // the one above. The lookup limit bounds the depth, but a raised limit (the flattening
      // reference, an API caller) lets a loop nest thousands of levels: every STACK_HOP levels
      // the evaluation continues on a fresh stack. Never reached with the RFC limit of 10.
      CompletableFuture<Verdict> nested =
          indent > 0 && indent % (2 * STACK_HOP) == 0
              ? CompletableFuture.supplyAsync(() -> checkHostUnlogged(domain, indent, v))
                  .thenCompose(f -> f)
              : checkHostUnlogged(domain, indent, v);
      return nested.thenApply(
          verdict -> {
            events.add(new TraceEvent.Result(indent, domain, verdict.result(), verdict.reason()));
            return verdict;
          });
    }

    private CompletableFuture<Verdict> checkHostUnlogged(
        String domain, int indent, MacroExpander.Values v) {
      if (!DomainNames.validCheckHostDomain(domain)) {
        return done(SpfResult.NONE, "'" + domain + "' is not a valid domain name (§4.3)", domain);
      }
      return query(domain, Type.TXT, indent, false)
          .thenCompose(
              answer -> {
                if (answer instanceof DnsAnswer.Failure f) {
                  return done(
                      SpfResult.TEMPERROR,
                      "TXT lookup of " + domain + " failed: " + f.describe(),
                      domain);
                }
                if (answer instanceof DnsAnswer.NxDomain) {
                  return done(SpfResult.NONE, domain + " does not exist (NXDOMAIN)", domain);
                }
                if (!(answer instanceof DnsAnswer.Records records)) {
                  return done(SpfResult.NONE, domain + " has no TXT records", domain);
                }
                SpfSelection sel = SpfSelection.select(records.txt());
                if (sel instanceof SpfSelection.NoRecord) {
                  return done(SpfResult.NONE, domain + " has no v=spf1 record", domain);
                }
                if (sel instanceof SpfSelection.Several several) {
                  return done(
                      SpfResult.PERMERROR,
                      domain + " has " + several.texts().size() + " SPF records (§4.5)",
                      domain);
                }
                String text = ((SpfSelection.One) sel).text();
                events.add(new TraceEvent.RecordFetched(indent, domain, text));
                SpfParse parse = SpfParser.parse(text);
                if (parse instanceof SpfParse.Invalid bad) {
                  return done(
                      SpfResult.PERMERROR,
                      "syntax error in the SPF record of " + domain + " " + bad.describe(),
                      domain);
                }
                SpfRecord record = ((SpfParse.Parsed) parse).record();
                return terms(record, domain, indent, 0, v);
              });
    }

    private CompletableFuture<Verdict> done(SpfResult result, String reason, String domain) {
      return CompletableFuture.completedFuture(
          new Verdict(result, reason, List.of(domain), null, null));
    }

    /** Evaluates terms from index {@code i}; cheap terms in a loop, DNS terms as continuations. */
    private CompletableFuture<Verdict> terms(
        SpfRecord record, String domain, int indent, int i, MacroExpander.Values v) {
      List<SpfTerm> terms = record.terms();
      SpfTerm.Explanation exp = record.explanation().orElse(null);
      for (; i < terms.size(); i++) {
        if (!(terms.get(i) instanceof SpfTerm.Mechanism m)) {
          continue;
        }
        String step = domain + " " + m;
        if (!m.countsLookup()) {
          events.add(new TraceEvent.TermStarted(indent + 1, domain, m.toString(), 0, 0));
          if (m instanceof SpfTerm.All || ipMatches(m)) {
            events.add(new TraceEvent.TermResult(indent + 1, m.toString(), matched(m)));
            if (m instanceof SpfTerm.All && record.redirect().isPresent()) {
              events.add(
                  new TraceEvent.Note(
                      indent + 1,
                      record.redirect().get() + " is ignored: the record has 'all' (§6.1)"));
            }
            return CompletableFuture.completedFuture(
                new Verdict(
                    m.qualifier().result(),
                    "matched " + m + " in " + domain,
                    List.of(step),
                    exp,
                    domain));
          }
          events.add(new TraceEvent.TermResult(indent + 1, m.toString(), "no match"));
          continue;
        }
        int count = lookups.incrementAndGet();
        events.add(
            new TraceEvent.TermStarted(
                indent + 1, domain, m.toString(), count, options.lookupLimit()));
        if (count > options.lookupLimit()) {
          return CompletableFuture.completedFuture(limitExceeded(m, domain, step));
        }
        int next = i + 1;
        return mechanism(m, indent + 1, v)
            .thenCompose(
                r -> {
                  if (r instanceof Match match) {
                    events.add(new TraceEvent.TermResult(indent + 1, m.toString(), matched(m)));
                    List<String> path = new ArrayList<>();
                    path.add(step);
                    path.addAll(match.innerPath());
                    return CompletableFuture.completedFuture(
                        new Verdict(
                            m.qualifier().result(),
                            "matched " + m + " in " + domain,
                            path,
                            exp,
                            domain));
                  }
                  if (r instanceof Error err) {
                    events.add(
                        new TraceEvent.TermResult(
                            indent + 1, m.toString(), err.result().label() + ": " + err.reason()));
                    List<String> path = new ArrayList<>();
                    path.add(step);
                    path.addAll(err.innerPath());
                    return CompletableFuture.completedFuture(
                        new Verdict(err.result(), err.reason(), path, null, null));
                  }
                  events.add(
                      new TraceEvent.TermResult(
                          indent + 1, m.toString(), "no match (" + ((NoMatch) r).why() + ")"));
                  return terms(record, domain, indent, next, v);
                });
      }
      return end(record, domain, indent, v);
    }

    private String matched(SpfTerm.Mechanism m) {
      return "match -> " + m.qualifier().result().label();
    }

    private Verdict limitExceeded(SpfTerm term, String domain, String step) {
      return new Verdict(
          SpfResult.PERMERROR,
          "more than "
              + options.lookupLimit()
              + " DNS-querying terms (limit passed at "
              + term
              + " in "
              + domain
              + ", §4.6.4)",
          List.of(step),
          null,
          null);
    }

    /** No mechanism matched: redirect if there is one (§6.1), else neutral (§4.7). */
    private CompletableFuture<Verdict> end(
        SpfRecord record, String domain, int indent, MacroExpander.Values v) {
      SpfTerm.Redirect redirect = record.redirect().orElse(null);
      if (redirect == null) {
        return CompletableFuture.completedFuture(
            new Verdict(
                SpfResult.NEUTRAL,
                "no mechanism matched in " + domain + " and there is no redirect (§4.7)",
                List.of(domain + " (no match)"),
                record.explanation().orElse(null),
                domain));
      }
      String step = domain + " " + redirect;
      int count = lookups.incrementAndGet();
      events.add(
          new TraceEvent.TermStarted(
              indent + 1, domain, redirect.toString(), count, options.lookupLimit()));
      if (count > options.lookupLimit()) {
        return CompletableFuture.completedFuture(limitExceeded(redirect, domain, step));
      }
      return expand(redirect.domain(), v, indent + 1)
          .thenCompose(target -> checkHost(target, indent + 2, v.withDomain(target)))
          .thenApply(
              inner -> {
                if (inner.result() == SpfResult.NONE) {
                  String reason =
                      redirect + " leads to no SPF record: " + inner.reason() + " (§6.1)";
                  events.add(new TraceEvent.TermResult(indent + 1, redirect.toString(), reason));
                  return new Verdict(SpfResult.PERMERROR, reason, List.of(step), null, null);
                }
                events.add(
                    new TraceEvent.TermResult(
                        indent + 1, redirect.toString(), "result " + inner.result().label()));
                // The target's exp= applies, not this record's (§6.2): inner carries its own.
                return inner.prefixed(step);
              });
    }

    // ---- mechanisms -------------------------------------------------------------------------

    private CompletableFuture<MechResult> mechanism(
        SpfTerm.Mechanism m, int indent, MacroExpander.Values v) {
      if (m instanceof SpfTerm.Include inc) {
        return include(inc, indent, v);
      }
      if (m instanceof SpfTerm.A a) {
        return target(a.domain(), v, indent)
            .thenCompose(t -> addresses(t, a.ip4Prefix(), a.ip6Prefix(), indent));
      }
      if (m instanceof SpfTerm.Mx mx) {
        return target(mx.domain(), v, indent)
            .thenCompose(t -> mx(t, mx.ip4Prefix(), mx.ip6Prefix(), indent));
      }
      if (m instanceof SpfTerm.Ptr ptr) {
        return target(ptr.domain(), v, indent).thenCompose(t -> ptr(t, indent));
      }
      if (m instanceof SpfTerm.Exists ex) {
        return target(ex.domain(), v, indent).thenCompose(t -> exists(t, indent));
      }
      throw new IllegalArgumentException("not a DNS mechanism: " + m);
    }

    /** The target-name of a mechanism: its expanded domain-spec, or the current domain. */
    private CompletableFuture<String> target(MacroString spec, MacroExpander.Values v, int indent) {
      if (spec == null) {
        return CompletableFuture.completedFuture(v.domain());
      }
      return expand(spec, v, indent);
    }

    private CompletableFuture<MechResult> include(
        SpfTerm.Include inc, int indent, MacroExpander.Values v) {
      return expand(inc.domain(), v, indent)
          .thenCompose(target -> checkHost(target, indent + 1, v.withDomain(target)))
          .thenApply(
              inner -> {
                switch (inner.result()) {
                  case PASS:
                    return new Match(inner.path());
                  case FAIL:
                  case SOFTFAIL:
                  case NEUTRAL:
                    return new NoMatch("included record gave " + inner.result().label());
                  case TEMPERROR:
                  case PERMERROR:
                    return new Error(inner.result(), inner.reason(), inner.path());
                  default:
                    return new Error(
                        SpfResult.PERMERROR,
                        inc + " found no SPF record: " + inner.reason() + " (§5.2)",
                        inner.path());
                }
              });
    }

    private CompletableFuture<MechResult> addresses(
        String target, int ip4Prefix, int ip6Prefix, int indent) {
      if (!DomainNames.queryable(target)) {
        return skipName(target, indent);
      }
      int type = ip4 ? Type.A : Type.AAAA;
      return query(target, type, indent + 1, true)
          .thenApply(
              answer -> {
                if (answer instanceof DnsAnswer.Failure f) {
                  return dnsError(target, f);
                }
                if (!(answer instanceof DnsAnswer.Records records)) {
                  return voidResult(target);
                }
                return contains(records, ip4 ? ip4Prefix : ip6Prefix)
                    ? new Match(List.of())
                    : new NoMatch("no address of " + target + " matches");
              });
    }

    private CompletableFuture<MechResult> mx(
        String target, int ip4Prefix, int ip6Prefix, int indent) {
      if (!DomainNames.queryable(target)) {
        return skipName(target, indent);
      }
      return query(target, Type.MX, indent + 1, true)
          .thenCompose(
              answer -> {
                if (answer instanceof DnsAnswer.Failure f) {
                  return CompletableFuture.completedFuture(dnsError(target, f));
                }
                if (!(answer instanceof DnsAnswer.Records records)) {
                  return CompletableFuture.completedFuture(voidResult(target));
                }
                List<MXRecord> mxs = records.ofType(MXRecord.class);
                if (mxs.size() > options.nameLimit()) {
                  return CompletableFuture.<MechResult>completedFuture(
                      new Error(
                          SpfResult.PERMERROR,
                          target
                              + " has "
                              + mxs.size()
                              + " MX records; an mx mechanism may look up at most "
                              + options.nameLimit()
                              + " (§4.6.4)",
                          List.of()));
                }
                List<String> hosts = new ArrayList<>();
                for (MXRecord r : mxs) {
                  String host = DomainNames.stripDot(r.getTarget().toString(true));
                  // A null MX (RFC 7505, target ".") names no host to look up.
                  if (!host.isEmpty() && DomainNames.queryable(host)) {
                    hosts.add(host);
                  }
                }
                int prefix = ip4 ? ip4Prefix : ip6Prefix;
                return inOrder(
                    hosts,
                    indent + 1,
                    (host, a) -> {
                      if (a instanceof DnsAnswer.Failure f) {
                        return dnsError(host, f);
                      }
                      if (a instanceof DnsAnswer.Records rs && contains(rs, prefix)) {
                        return new Match(List.of());
                      }
                      return null;
                    },
                    new NoMatch("no address of the MX hosts of " + target + " matches"));
              });
    }

    private CompletableFuture<MechResult> ptr(String target, int indent) {
      if (!DomainNames.queryable(target)) {
        return skipName(target, indent);
      }
      return validatedNames(indent, true)
          .thenApply(
              names -> {
                if (names == null) {
                  return voids.get() > options.voidLimit()
                      ? voidExceeded()
                      : new NoMatch("no PTR records for " + addr(request.ip()));
                }
                for (String n : names) {
                  if (DomainNames.isSubdomainOrSame(n, target)) {
                    return new Match(List.of());
                  }
                }
                return new NoMatch("no validated name of the client is within " + target);
              });
    }

    private CompletableFuture<MechResult> exists(String target, int indent) {
      if (!DomainNames.queryable(target)) {
        return skipName(target, indent);
      }
      // Always an A query, even for an IPv6 client (§5.7).
      return query(target, Type.A, indent + 1, true)
          .thenApply(
              answer -> {
                if (answer instanceof DnsAnswer.Failure f) {
                  return dnsError(target, f);
                }
                if (!(answer instanceof DnsAnswer.Records)) {
                  return voidResult(target);
                }
                return new Match(List.of());
              });
    }

    private CompletableFuture<MechResult> skipName(String target, int indent) {
      // RFC 7208 leaves a malformed target-name undefined; the suite accepts "no match", which
      // keeps a typo in one term from breaking the whole record.
      events.add(
          new TraceEvent.Note(
              indent + 1, "'" + target + "' is not a valid domain name: treated as not existing"));
      return CompletableFuture.completedFuture(new NoMatch("invalid domain name"));
    }

    private MechResult dnsError(String name, DnsAnswer.Failure f) {
      return new Error(
          SpfResult.TEMPERROR,
          f.typeName() + " lookup of " + name + " failed: " + f.describe() + " (§5)",
          List.of());
    }

    private MechResult voidResult(String target) {
      if (voids.get() > options.voidLimit()) {
        return voidExceeded();
      }
      return new NoMatch(target + " has no such records");
    }

    private MechResult voidExceeded() {
      return new Error(
          SpfResult.PERMERROR,
          "more than " + options.voidLimit() + " void DNS lookups (§4.6.4)",
          List.of());
    }

    // ---- ptr and %{p} ---------------------------------------------------------------------

    /**
     * The client's validated names (§5.5): PTR names, at most {@code nameLimit} of them, whose
     * addresses include the client. Null when the PTR lookup found nothing (a void lookup when
     * {@code countVoid}); an empty list when it failed or nothing validated.
     */
    private CompletableFuture<List<String>> validatedNames(int indent, boolean countVoid) {
      String reverse = MacroExpander.reverseName(request.ip());
      return query(reverse, Type.PTR, indent + 1, countVoid)
          .thenCompose(
              answer -> {
                if (answer instanceof DnsAnswer.Failure) {
                  // A failed PTR lookup makes ptr not match; it is not a temperror (§5.5).
                  return CompletableFuture.completedFuture(List.<String>of());
                }
                if (!(answer instanceof DnsAnswer.Records records)) {
                  return CompletableFuture.completedFuture((List<String>) null);
                }
                List<String> names = new ArrayList<>();
                for (PTRRecord r : records.ofType(PTRRecord.class)) {
                  String n = DomainNames.stripDot(r.getTarget().toString(true));
                  if (names.size() < options.nameLimit() && DomainNames.queryable(n)) {
                    names.add(n);
                  }
                }
                if (records.ofType(PTRRecord.class).size() > options.nameLimit()) {
                  events.add(
                      new TraceEvent.Note(
                          indent + 1,
                          "only the first "
                              + options.nameLimit()
                              + " PTR names are used (§4.6.4)"));
                }
                List<String> validated = new ArrayList<>();
                return inOrder(
                        names,
                        indent + 1,
                        (name, a) -> {
                          // A failed address lookup skips that name (§5.5).
                          if (a instanceof DnsAnswer.Records rs && contains(rs, ip4 ? 32 : 128)) {
                            validated.add(name);
                          }
                          return null;
                        },
                        null)
                    .thenApply(ignored -> validated);
              });
    }

    /** The {@code %{p}} value for the current domain (§7.3): "unknown" when none validates. */
    private CompletableFuture<String> ptrName(String domain, int indent) {
      return validatedNames(indent, false)
          .thenApply(
              names -> {
                if (names == null || names.isEmpty()) {
                  return "unknown";
                }
                for (String n : names) {
                  if (n.equalsIgnoreCase(domain)) {
                    return n;
                  }
                }
                for (String n : names) {
                  if (DomainNames.isSubdomainOrSame(n, domain)) {
                    return n;
                  }
                }
                return names.get(0);
              });
    }

    /**
     * Asks for the client's address type at each name at once, then judges the answers in order:
     * {@code judge} returns a result to stop with, or null to go on.
     */
    private <T> CompletableFuture<T> inOrder(
        List<String> names,
        int indent,
        java.util.function.BiFunction<String, DnsAnswer, T> judge,
        T otherwise) {
      int type = ip4 ? Type.A : Type.AAAA;
      List<CompletableFuture<DnsAnswer>> answers = new ArrayList<>();
      for (String n : names) {
        answers.add(dns.query(n, type));
      }
      return CompletableFuture.allOf(answers.toArray(new CompletableFuture<?>[0]))
          .thenApply(
              ignored -> {
                for (int k = 0; k < names.size(); k++) {
                  DnsAnswer a = answers.get(k).join();
                  log(a, indent, false);
                  T r = judge.apply(names.get(k), a);
                  if (r != null) {
                    return r;
                  }
                }
                return otherwise;
              });
    }

    // ---- macros and exp ------------------------------------------------------------------

    /** Expands a domain-spec, looking up {@code %{p}} first when it is used. */
    private CompletableFuture<String> expand(MacroString spec, MacroExpander.Values v, int indent) {
      CompletableFuture<MacroExpander.Values> values =
          spec.uses('p')
              ? ptrName(v.domain(), indent).thenApply(v::withPtr)
              : CompletableFuture.completedFuture(v);
      return values.thenApply(
          vals -> {
            String out = MacroExpander.expandDomain(spec, vals);
            if (spec.hasMacros()) {
              events.add(new TraceEvent.Note(indent + 1, spec + " expands to " + out));
            }
            return out;
          });
    }

    /**
     * The explanation of a fail (§6.2), or null: any DNS problem, no record, several records, a
     * syntax error or non-ASCII text means there is none. Its lookups count toward no limit.
     */
    private CompletableFuture<String> explanation(SpfTerm.Explanation exp, MacroExpander.Values v) {
      return expand(exp.domain(), v, 0)
          .thenCompose(
              name -> {
                if (!DomainNames.queryable(name)) {
                  return CompletableFuture.completedFuture((String) null);
                }
                return query(name, Type.TXT, 1, false)
                    .thenCompose(
                        answer -> {
                          if (!(answer instanceof DnsAnswer.Records records)
                              || records.txt().size() != 1) {
                            events.add(new TraceEvent.Note(0, exp + " gives no explanation"));
                            return CompletableFuture.completedFuture((String) null);
                          }
                          SpfParser.ExplanationParse parsed =
                              SpfParser.parseExplanation(records.txt().get(0));
                          if (!(parsed instanceof SpfParser.ExplanationParse.Parsed ok)) {
                            events.add(
                                new TraceEvent.Note(0, exp + " text has a syntax error: ignored"));
                            return CompletableFuture.completedFuture((String) null);
                          }
                          CompletableFuture<MacroExpander.Values> vals =
                              ok.text().uses('p')
                                  ? ptrName(v.domain(), 1).thenApply(v::withPtr)
                                  : CompletableFuture.completedFuture(v);
                          return vals.thenApply(
                              x -> {
                                String text = MacroExpander.expand(ok.text(), x);
                                if (!text.chars().allMatch(c -> c >= 0x20 && c < 0x7f)) {
                                  events.add(
                                      new TraceEvent.Note(0, exp + " text is not ASCII: ignored"));
                                  return null;
                                }
                                events.add(new TraceEvent.Note(0, "explanation: " + text));
                                return text;
                              });
                        });
              });
    }

    // ---- DNS --------------------------------------------------------------------------------

    private CompletableFuture<DnsAnswer> query(
        String name, int type, int indent, boolean countVoid) {
      return dns.query(name, type).thenApply(a -> log(a, indent, countVoid));
    }

    /** Adds the answer to the trace and counts it as void when it is NXDOMAIN or NODATA. */
    private DnsAnswer log(DnsAnswer a, int indent, boolean countVoid) {
      boolean isVoid =
          countVoid && (a instanceof DnsAnswer.NxDomain || a instanceof DnsAnswer.NoData);
      int v = isVoid ? voids.incrementAndGet() : voids.get();
      events.add(new TraceEvent.Lookup(indent, a.name(), a.typeName(), summary(a), isVoid, v));
      return a;
    }

    private boolean ipMatches(SpfTerm.Mechanism m) {
      if (m instanceof SpfTerm.Ip4 t) {
        return ip4 && Cidr.matches(t.address().getAddress(), request.ip().getAddress(), t.prefix());
      }
      if (m instanceof SpfTerm.Ip6 t) {
        return !ip4
            && Cidr.matches(t.address().getAddress(), request.ip().getAddress(), t.prefix());
      }
      return false;
    }

    private boolean contains(DnsAnswer.Records records, int prefix) {
      byte[] client = request.ip().getAddress();
      for (Record r : records.records()) {
        InetAddress a = null;
        if (r instanceof ARecord ar) {
          a = ar.getAddress();
        } else if (r instanceof AAAARecord aaaa) {
          a = aaaa.getAddress();
        }
        if (a != null && Cidr.matches(a.getAddress(), client, prefix)) {
          return true;
        }
      }
      return false;
    }
  }

  private static String addr(InetAddress ip) {
    return com.google.common.net.InetAddresses.toAddrString(ip);
  }

  private static String normalise(String domain) {
    String d = DomainNames.stripDot(domain.trim());
    if (d.chars().anyMatch(c -> c > 0x7f)) {
      try {
        return IDN.toASCII(d, IDN.ALLOW_UNASSIGNED);
      } catch (IllegalArgumentException e) {
        return d;
      }
    }
    return d;
  }

  /** A short, one-line rendering of an answer for the trace. */
  static String summary(DnsAnswer a) {
    String via =
        a.cnameChain().isEmpty() ? "" : " (via CNAME " + String.join(" -> ", a.cnameChain()) + ")";
    if (a instanceof DnsAnswer.NxDomain) {
      return "NXDOMAIN" + via;
    }
    if (a instanceof DnsAnswer.NoData) {
      return "NODATA" + via;
    }
    if (a instanceof DnsAnswer.Failure f) {
      return f.describe() + via;
    }
    DnsAnswer.Records records = (DnsAnswer.Records) a;
    List<String> parts = new ArrayList<>();
    if (a.type() == Type.TXT) {
      for (String t : records.txt()) {
        parts.add("\"" + t + "\"");
      }
    } else {
      for (Record r : records.records()) {
        if (r.getType() == a.type()) {
          parts.add(r.rdataToString());
        }
      }
    }
    String text = String.join(", ", parts);
    if (text.length() > 300) {
      text = text.substring(0, 300) + "... (" + parts.size() + " records)";
    }
    return text + via;
  }
}
