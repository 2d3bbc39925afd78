package io.github.emailauth.checks.spf;

import static io.github.emailauth.checks.async.Futures.unwrap;

import io.github.emailauth.checks.dns.DnsAnswer;
import io.github.emailauth.checks.dns.DnsClient;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Type;

/**
 * Flattens an SPF record: its includes, redirect, {@code a} and {@code mx} terms are resolved
 * through DNS into ip4 and ip6 networks, merged, sorted, and split across the record at the domain
 * and {@code _spf1.<domain>}, {@code _spf2.<domain>}, ... which it includes, so that every TXT
 * string is at most 255 octets, every record at most 450 (RFC 7208 §3.4) and a receiver needs at
 * most 10 DNS-querying terms (§4.6.4).
 *
 * <p>The flattened chain gives every address the same result as the record did (pass, fail,
 * softfail or neutral), computed by evaluating the record over sets of addresses instead of one
 * address: each term takes from the addresses still undecided those it matches, in order, exactly
 * as check_host() does for one. Only the lookup and void-lookup limits are not applied: lifting
 * them is the point of flattening.
 *
 * <p>What cannot be flattened without changing its meaning is published as it is, in its place,
 * with the reason: {@code exists} and {@code ptr} (decided per message), macros other than {@code
 * %{d}} (they depend on the sender, the client or HELO), includes of records that contain such
 * terms, and includes whose evaluation ends in permerror (no record, several records, a syntax
 * error, a loop, an {@code mx} with more than 10 names). A DNS failure stops the flattening: a
 * record is never built from an answer that did not come.
 *
 * <p>The output depends only on the meaning: the same sets give the same bytes, whatever the order
 * and spelling of the source records or the order of DNS answers.
 */
public final class SpfFlattener {
  /** RFC 1035 §3.3: octets in one TXT character-string. */
  static final int MAX_STRING = 255;

  /** RFC 7208 §3.4: keep a record under 450 octets so that the answer fits a 512-octet datagram. */
  static final int MAX_RECORD = 450;

  /** RFC 7208 §4.6.4: DNS-querying terms per evaluation. */
  static final int MAX_LOOKUPS = 10;

  /** SPF records one flattening may fetch; real provider chains use a dozen. */
  static final int MAX_RECORDS = 200;

  /**
   * Distinct DNS questions one flattening may ask. Real provider chains need a few dozen; a record
   * may hold thousands of a or mx terms, each one or more questions.
   */
  static final int MAX_QUERIES = 1000;

  /** RFC 7208 §4.6.4: MX names per {@code mx} term before permerror. */
  static final int MAX_MX_NAMES = 10;

  private static final InetAddress UNUSED_IP = IpSet.toAddress(java.math.BigInteger.ZERO, true);

  /** Results in the order a record lists networks of each: the exceptions first. */
  private static final List<SpfResult> ORDER =
      List.of(SpfResult.FAIL, SpfResult.SOFTFAIL, SpfResult.NEUTRAL, SpfResult.PASS);

  private final DnsClient dns;

  public SpfFlattener(DnsClient dns) {
    this.dns = Objects.requireNonNull(dns, "dns");
  }

  /** The name of the {@code n}-th sub-record of {@code domain}: {@code _spf1.example.com}. */
  public static String subRecordName(String domain, int n) {
    return "_spf" + n + "." + domain;
  }

  /**
   * Flattens {@code record}, the SPF record declared (or published) at {@code domain}. Never
   * completes exceptionally for a DNS problem: that is {@link Flattening.Unresolved}.
   */
  public CompletableFuture<Flattening> flatten(String domain, SpfRecord record) {
    Objects.requireNonNull(record, "record");
    return new Walk(normalise(domain)).run(record);
  }

  static String normalise(String domain) {
    return DomainNames.stripDot(domain.trim()).toLowerCase(Locale.ROOT);
  }

  // ---- what DNS said, per record ---------------------------------------------------------------

  /** A step of a record's evaluation, resolved. */
  private sealed interface Step {
    SpfTerm term();
  }

  /** A term that matches a fixed set of addresses: ip4, ip6, all, and a or mx once resolved. */
  private record Net(SpfTerm term, IpSet set) implements Step {}

  /** An include (or the redirect) of a record fetched separately. */
  private record Sub(SpfTerm term, String target) implements Step {}

  /** A term that must stay as it is, and why. */
  private record Hold(SpfTerm term, String reason) implements Step {}

  /** The evaluated terms of a record: mechanisms up to the first all, then the redirect or null. */
  private record Body(List<Step> steps, Step end) {}

  private sealed interface Node {}

  private record Found(String domain, Body body) implements Node {}

  /** A record whose evaluation ends in permerror for whoever reaches it. */
  private record Broken(String domain, String reason) implements Node {}

  // ---- what a record means -------------------------------------------------------------------

  private sealed interface Meaning {}

  /** Every address's result: the sets partition the whole address space. */
  private record Pure(EnumMap<SpfResult, IpSet> results) implements Meaning {
    IpSet get(SpfResult r) {
      return results.getOrDefault(r, IpSet.EMPTY);
    }
  }

  /** The record cannot be expressed as networks. */
  private record Held(String reason) implements Meaning {}

  /** A DNS answer that did not come. */
  private static final class DnsFailed extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final transient DnsAnswer.Failure failure;

    DnsFailed(DnsAnswer.Failure failure) {
      super(failure.subject() + ": " + failure.describe(), null, false, false);
      this.failure = failure;
    }
  }

  private static final class TooLarge extends RuntimeException {
    private static final long serialVersionUID = 1L;

    TooLarge(String message) {
      super(message, null, false, false);
    }
  }

  /** Addresses not decided yet, and those decided so far by result, in one part of a record. */
  private static final class Segment {
    IpSet remaining;
    final EnumMap<SpfResult, IpSet> decided = new EnumMap<>(SpfResult.class);

    Segment(IpSet start) {
      this.remaining = start;
    }

    void apply(SpfResult result, IpSet matches) {
      IpSet hit = remaining.intersect(matches);
      if (!hit.isEmpty()) {
        decided.merge(result, hit, IpSet::union);
        remaining = remaining.minus(hit);
      }
    }

    IpSet decidedAll() {
      IpSet out = IpSet.EMPTY;
      for (IpSet s : decided.values()) {
        out = out.union(s);
      }
      return out;
    }
  }

  /** One flattening: phase 1 fetches every reachable record, phase 2 computes and lays out. */
  private final class Walk {
    private final String apex;
    private final Map<String, CompletableFuture<Node>> nodes = new ConcurrentHashMap<>();
    private final AtomicInteger pending = new AtomicInteger(1);
    private final CompletableFuture<Void> settled = new CompletableFuture<>();
    private final AtomicReference<Throwable> problem = new AtomicReference<>();
    private final Set<String> asked = ConcurrentHashMap.newKeySet();

    private final Map<String, Meaning> meanings = new HashMap<>();
    private final Set<String> stack = new LinkedHashSet<>();
    private final Map<String, Integer> costs = new HashMap<>();
    private final Set<String> costStack = new LinkedHashSet<>();

    Walk(String apex) {
      this.apex = apex;
    }

    CompletableFuture<Flattening> run(SpfRecord record) {
      CompletableFuture<Body> root;
      try {
        root = track(body(apex, record));
      } finally {
        release();
      }
      return settled.thenApply(
          ignored -> {
            Throwable p = problem.get();
            if (p instanceof DnsFailed f) {
              return new Flattening.Unresolved(
                  f.failure.subject(),
                  f.failure.typeName()
                      + " lookup of "
                      + f.failure.name()
                      + " failed: "
                      + f.failure.describe());
            }
            if (p instanceof TooLarge t) {
              return new Flattening.Impossible(t.getMessage());
            }
            if (p != null) {
              throw new CompletionException(p);
            }
            return build(record, root.join());
          });
    }

    // ---- phase 1: fetch ------------------------------------------------------------------------

    /** Counts {@code f} as work in progress until it completes; its failure is the run's. */
    private <T> CompletableFuture<T> track(CompletableFuture<T> f) {
      pending.incrementAndGet();
      f.whenComplete(
          (v, e) -> {
            if (e != null) {
              problem.compareAndSet(null, unwrap(e));
            }
            release();
          });
      return f;
    }

    private void release() {
      if (pending.decrementAndGet() == 0) {
        settled.complete(null);
      }
    }

    /** Starts fetching {@code name}'s record unless that has started already. */
    private void node(String name) {
      CompletableFuture<Node> f = new CompletableFuture<>();
      if (nodes.putIfAbsent(name, f) != null) {
        return;
      }
      track(f);
      if (nodes.size() > MAX_RECORDS) {
        f.completeExceptionally(
            new TooLarge(
                "the record reaches more than " + MAX_RECORDS + " SPF records through includes"));
        return;
      }
      CompletableFuture<Node> fetched;
      try {
        fetched = fetch(name);
      } catch (RuntimeException e) {
        f.completeExceptionally(e);
        return;
      }
      fetched.whenComplete(
          (n, e) -> {
            if (e != null) {
              f.completeExceptionally(unwrap(e));
            } else {
              f.complete(n);
            }
          });
    }

    /** check_host() on an include or redirect target, as far as DNS goes (§4.3-§4.6). */
    private CompletableFuture<Node> fetch(String name) {
      if (!DomainNames.validCheckHostDomain(name)) {
        return CompletableFuture.completedFuture(
            new Broken(name, "'" + name + "' is not a valid domain name (§4.3)"));
      }
      return query(name, Type.TXT)
          .thenCompose(
              answer -> {
                if (answer instanceof DnsAnswer.NxDomain) {
                  return broken(name, name + " does not exist (NXDOMAIN)");
                }
                if (!(answer instanceof DnsAnswer.Records records)) {
                  return broken(name, name + " has no TXT record");
                }
                SpfSelection sel = SpfSelection.select(records.txt());
                if (sel instanceof SpfSelection.NoRecord) {
                  return broken(name, name + " has no v=spf1 record");
                }
                if (sel instanceof SpfSelection.Several several) {
                  return broken(
                      name, name + " has " + several.texts().size() + " SPF records (§4.5)");
                }
                SpfParse parse = SpfParser.parse(((SpfSelection.One) sel).text());
                if (parse instanceof SpfParse.Invalid bad) {
                  return broken(
                      name, "the SPF record of " + name + " has a syntax error " + bad.describe());
                }
                return body(name, ((SpfParse.Parsed) parse).record())
                    .thenApply(b -> (Node) new Found(name, b));
              });
    }

    private CompletableFuture<Node> broken(String name, String reason) {
      return CompletableFuture.completedFuture(new Broken(name, reason));
    }

    private CompletableFuture<Body> body(String domain, SpfRecord record) {
      List<CompletableFuture<Step>> steps = new ArrayList<>();
      for (SpfTerm.Mechanism m : record.mechanisms()) {
        steps.add(step(domain, m));
        if (m instanceof SpfTerm.All) {
          // terms after all are never evaluated, and it disables redirect (§5.1, §6.1)
          break;
        }
      }
      CompletableFuture<Step> end = CompletableFuture.completedFuture(null);
      if (record.all().isEmpty() && record.redirect().isPresent()) {
        SpfTerm.Redirect r = record.redirect().get();
        String target = target(domain, r.domain());
        if (target == null) {
          end = CompletableFuture.completedFuture(new Hold(r, macroReason(r, r.domain())));
        } else {
          node(target);
          end = CompletableFuture.completedFuture(new Sub(r, target));
        }
      }
      CompletableFuture<Step> last = end;
      List<CompletableFuture<?>> all = new ArrayList<>(steps);
      all.add(last);
      return CompletableFuture.allOf(all.toArray(new CompletableFuture<?>[0]))
          .thenApply(
              ignored ->
                  new Body(steps.stream().map(CompletableFuture::join).toList(), last.join()));
    }

    private CompletableFuture<Step> step(String domain, SpfTerm.Mechanism m) {
      if (m instanceof SpfTerm.Ip4 t) {
        return done(new Net(m, IpSet.of(t.address(), t.prefix())));
      }
      if (m instanceof SpfTerm.Ip6 t) {
        return done(new Net(m, IpSet.of(t.address(), t.prefix())));
      }
      if (m instanceof SpfTerm.All) {
        return done(new Net(m, IpSet.ALL));
      }
      if (m instanceof SpfTerm.Ptr) {
        return done(
            new Hold(
                m,
                "ptr matches by the connecting host's reverse DNS, which is known only per"
                    + " message (RFC 7208 §5.5 says not to use it)"));
      }
      if (m instanceof SpfTerm.Exists e) {
        return done(
            new Hold(
                m,
                e.domain().hasMacros()
                    ? "exists asks DNS about each message ("
                        + e.domain()
                        + " depends on "
                        + dependsOn(e.domain())
                        + ")"
                    : "exists is a switch its owner turns on and off in DNS; a flattened copy"
                        + " would freeze it"));
      }
      if (m instanceof SpfTerm.Include inc) {
        String target = target(domain, inc.domain());
        if (target == null) {
          return done(new Hold(m, macroReason(m, inc.domain())));
        }
        node(target);
        return done(new Sub(m, target));
      }
      if (m instanceof SpfTerm.A a) {
        String target = target(domain, a.domain());
        if (target == null) {
          return done(new Hold(m, macroReason(m, a.domain())));
        }
        return addresses(target, a.ip4Prefix(), a.ip6Prefix()).thenApply(s -> new Net(m, s));
      }
      if (m instanceof SpfTerm.Mx mx) {
        String target = target(domain, mx.domain());
        if (target == null) {
          return done(new Hold(m, macroReason(m, mx.domain())));
        }
        return mx(m, target, mx.ip4Prefix(), mx.ip6Prefix());
      }
      throw new IllegalArgumentException("unknown mechanism " + m);
    }

    private CompletableFuture<Step> done(Step s) {
      return CompletableFuture.completedFuture(s);
    }

    /** The addresses of {@code target} as networks of the given lengths (§5.3). */
    private CompletableFuture<IpSet> addresses(String target, int ip4Prefix, int ip6Prefix) {
      if (!DomainNames.queryable(target)) {
        // check_host() treats a malformed target-name as matching nothing
        return CompletableFuture.completedFuture(IpSet.EMPTY);
      }
      CompletableFuture<DnsAnswer> a = query(target, Type.A);
      CompletableFuture<DnsAnswer> aaaa = query(target, Type.AAAA);
      return a.thenCombine(
          aaaa,
          (four, six) -> {
            IpSet out = IpSet.EMPTY;
            if (four instanceof DnsAnswer.Records r) {
              for (ARecord rec : r.ofType(ARecord.class)) {
                out = out.union(IpSet.of(rec.getAddress(), ip4Prefix));
              }
            }
            if (six instanceof DnsAnswer.Records r) {
              for (AAAARecord rec : r.ofType(AAAARecord.class)) {
                // an IPv4-mapped AAAA comes back as IPv4 and never matches: clients in that
                // form are evaluated as IPv4 (§5), against A records
                if (rec.getAddress() instanceof Inet6Address six6) {
                  out = out.union(IpSet.of(six6, ip6Prefix));
                }
              }
            }
            return out;
          });
    }

    /** The addresses of the MX hosts of {@code target} (§5.4); no implicit MX. */
    private CompletableFuture<Step> mx(
        SpfTerm.Mechanism m, String target, int ip4Prefix, int ip6Prefix) {
      if (!DomainNames.queryable(target)) {
        return done(new Net(m, IpSet.EMPTY));
      }
      return query(target, Type.MX)
          .thenCompose(
              answer -> {
                if (!(answer instanceof DnsAnswer.Records records)) {
                  return done(new Net(m, IpSet.EMPTY));
                }
                List<MXRecord> mxs = records.ofType(MXRecord.class);
                if (mxs.size() > MAX_MX_NAMES) {
                  return done(
                      new Hold(
                          m,
                          target
                              + " has "
                              + mxs.size()
                              + " MX records, more than the "
                              + MAX_MX_NAMES
                              + " an mx term may look up: permerror (§4.6.4)"));
                }
                List<CompletableFuture<IpSet>> hosts = new ArrayList<>();
                for (MXRecord r : mxs) {
                  String host = normalise(r.getTarget().toString(true));
                  if (!host.isEmpty()) {
                    hosts.add(addresses(host, ip4Prefix, ip6Prefix));
                  }
                }
                return CompletableFuture.allOf(hosts.toArray(new CompletableFuture<?>[0]))
                    .thenApply(
                        ignored -> {
                          IpSet out = IpSet.EMPTY;
                          for (CompletableFuture<IpSet> h : hosts) {
                            out = out.union(h.join());
                          }
                          return (Step) new Net(m, out);
                        });
              });
    }

    private CompletableFuture<DnsAnswer> query(String name, int type) {
      if (asked.add(name.toLowerCase(java.util.Locale.ROOT) + "/" + type)
          && asked.size() > MAX_QUERIES) {
        return CompletableFuture.failedFuture(
            new TooLarge("the records need more than " + MAX_QUERIES + " DNS queries to flatten"));
      }
      return dns.query(name, type)
          .thenApply(
              a -> {
                if (a instanceof DnsAnswer.Failure f) {
                  throw new DnsFailed(f);
                }
                return a;
              });
    }

    // ---- phase 2: meaning ----------------------------------------------------------------------

    private Meaning meaning(String domain) {
      Meaning known = meanings.get(domain);
      if (known != null) {
        return known;
      }
      if (!stack.add(domain)) {
        List<String> loop = new ArrayList<>();
        boolean in = false;
        for (String d : stack) {
          in |= d.equals(domain);
          if (in) {
            loop.add(d);
          }
        }
        loop.add(domain);
        // every record on a loop loops, whichever way it is entered: safe to remember below
        return new Held("include loop " + String.join(" -> ", loop) + ": permerror");
      }
      Node n = nodes.get(domain).join();
      Meaning m =
          n instanceof Broken b
              ? new Held(b.reason() + ": permerror")
              : evaluate(((Found) n).body(), domain);
      stack.remove(domain);
      meanings.put(domain, m);
      return m;
    }

    /** check_host() over every address at once (§4.6.2, §4.7, §6.1). */
    private Meaning evaluate(Body body, String domain) {
      Segment seg = new Segment(IpSet.ALL);
      for (Step s : body.steps()) {
        if (seg.remaining.isEmpty()) {
          return pure(seg);
        }
        SpfResult result = ((SpfTerm.Mechanism) s.term()).qualifier().result();
        if (s instanceof Net n) {
          seg.apply(result, n.set());
        } else if (s instanceof Hold h) {
          return new Held(domain + " has " + h.term() + ": " + h.reason());
        } else {
          Sub sub = (Sub) s;
          Meaning inner = meaning(sub.target());
          if (inner instanceof Held h) {
            return new Held(via(domain, sub, h));
          }
          seg.apply(result, ((Pure) inner).get(SpfResult.PASS));
        }
      }
      if (!seg.remaining.isEmpty()) {
        Step end = body.end();
        if (end == null) {
          seg.apply(SpfResult.NEUTRAL, seg.remaining);
        } else if (end instanceof Hold h) {
          return new Held(domain + " has " + h.term() + ": " + h.reason());
        } else {
          Sub sub = (Sub) end;
          Meaning inner = meaning(sub.target());
          if (inner instanceof Held h) {
            return new Held(via(domain, sub, h));
          }
          IpSet reaching = seg.remaining;
          for (Map.Entry<SpfResult, IpSet> e : ((Pure) inner).results().entrySet()) {
            seg.apply(e.getKey(), reaching.intersect(e.getValue()));
          }
        }
      }
      return pure(seg);
    }

    private Pure pure(Segment seg) {
      return new Pure(new EnumMap<>(seg.decided));
    }

    private String via(String domain, Sub sub, Held inner) {
      return domain + " " + sub.term() + " -> " + inner.reason();
    }

    /** Worst-case DNS-querying terms below {@code domain}, for terms kept as they are. */
    private int cost(String domain) {
      Integer known = costs.get(domain);
      if (known != null) {
        return known;
      }
      if (!costStack.add(domain)) {
        // a loop ends in permerror whoever reaches it; count each term once, not forever
        return 0;
      }
      int total = 0;
      if (nodes.get(domain).join() instanceof Found f) {
        for (Step s : f.body().steps()) {
          total += stepCost(s);
        }
        if (f.body().end() != null) {
          total += stepCost(f.body().end());
        }
      }
      total = Math.min(total, 1000);
      costStack.remove(domain);
      costs.put(domain, total);
      return total;
    }

    private int stepCost(Step s) {
      if (s instanceof Sub sub) {
        return 1 + cost(sub.target());
      }
      if (s.term() instanceof SpfTerm.Mechanism m) {
        return m.countsLookup() ? 1 : 0;
      }
      return 1;
    }

    // ---- phase 2: the records ------------------------------------------------------------------

    private Flattening build(SpfRecord record, Body root) {
      List<FlattenedChain.Part> parts = new ArrayList<>();
      List<Map<SpfResult, IpSet>> listed = new ArrayList<>();
      List<FlattenedChain.Source> sources = new ArrayList<>();
      IpSet covered = IpSet.EMPTY;
      int keptCost = 0;
      // seg: the addresses that can get here; free: the same terms over every address. They agree
      // on the addresses that can get here, and free's sets are often fewer networks (a later
      // part need not cut out what an earlier part decided), so either may be published.
      Segment seg = new Segment(IpSet.ALL);
      Segment free = new Segment(IpSet.ALL);
      for (Step s : root.steps()) {
        if (seg.remaining.isEmpty()) {
          break;
        }
        SpfResult result = ((SpfTerm.Mechanism) s.term()).qualifier().result();
        FlattenedChain.Kept kept = null;
        if (s instanceof Net n) {
          seg.apply(result, n.set());
          free.apply(result, n.set());
          source(sources, s, result, n.set());
        } else if (s instanceof Hold h) {
          kept = new FlattenedChain.Kept(h.term().toString(), h.reason());
        } else {
          Sub sub = (Sub) s;
          Meaning inner = meaning(sub.target());
          if (inner instanceof Held h) {
            kept = new FlattenedChain.Kept(sub.term().toString(), h.reason());
          } else {
            IpSet pass = ((Pure) inner).get(SpfResult.PASS);
            seg.apply(result, pass);
            free.apply(result, pass);
            source(sources, s, result, pass);
          }
        }
        if (kept != null) {
          keptCost += stepCost(s);
          if (!seg.decided.isEmpty()) {
            parts.add(new FlattenedChain.Decided(seg.decided, false));
            listed.add(listing(seg, free));
          }
          covered = covered.union(seg.decidedAll());
          parts.add(kept);
          listed.add(null);
          seg = new Segment(IpSet.ALL.minus(covered));
          free = new Segment(IpSet.ALL);
        }
      }
      FlattenedChain.Kept finalKept = null;
      if (!seg.remaining.isEmpty()) {
        Step end = root.end();
        if (end == null) {
          seg.apply(SpfResult.NEUTRAL, seg.remaining);
          free.apply(SpfResult.NEUTRAL, free.remaining);
        } else if (end instanceof Hold h) {
          finalKept = new FlattenedChain.Kept(h.term().toString(), h.reason());
        } else {
          Sub sub = (Sub) end;
          Meaning inner = meaning(sub.target());
          if (inner instanceof Held h) {
            finalKept = new FlattenedChain.Kept(sub.term().toString(), h.reason());
          } else {
            Pure target = (Pure) inner;
            IpSet reaching = seg.remaining;
            IpSet reachingFree = free.remaining;
            for (Map.Entry<SpfResult, IpSet> e : target.results().entrySet()) {
              seg.apply(e.getKey(), reaching.intersect(e.getValue()));
              free.apply(e.getKey(), reachingFree.intersect(e.getValue()));
            }
            source(sources, end, SpfResult.PASS, reaching.intersect(target.get(SpfResult.PASS)));
          }
        }
        if (finalKept != null) {
          keptCost += stepCost(end);
        }
      }
      if (!seg.decided.isEmpty()) {
        parts.add(new FlattenedChain.Decided(seg.decided, finalKept == null));
        listed.add(listing(seg, free));
      }
      if (finalKept != null) {
        parts.add(finalKept);
        listed.add(null);
      }
      return layout(record, parts, listed, sources, keptCost);
    }

    /** Per result, whichever of the two equivalent sets takes fewer networks to write. */
    private Map<SpfResult, IpSet> listing(Segment seg, Segment free) {
      Map<SpfResult, IpSet> out = new EnumMap<>(SpfResult.class);
      seg.decided.forEach(
          (r, exact) -> {
            IpSet wider = free.decided.getOrDefault(r, IpSet.EMPTY);
            out.put(r, wider.networks().size() < exact.networks().size() ? wider : exact);
          });
      return out;
    }

    private void source(List<FlattenedChain.Source> sources, Step s, SpfResult result, IpSet set) {
      if (result == SpfResult.PASS && !set.isEmpty()) {
        sources.add(new FlattenedChain.Source(s.term().toString(), set));
      }
    }

    /**
     * Writes the parts as records. The pass networks go first into the apex record, as many as fit,
     * the rest into as few sub-records as hold them; networks with other results and the kept terms
     * must stay in the apex record (an include can only ever match, never fail).
     */
    private Flattening layout(
        SpfRecord record,
        List<FlattenedChain.Part> parts,
        List<Map<SpfResult, IpSet>> listed,
        List<FlattenedChain.Source> sources,
        int keptCost) {
      // per part: terms that must be in the apex, and the pass networks that may move
      List<List<String>> inline = new ArrayList<>();
      List<List<String>> movable = new ArrayList<>();
      String allTerm = null;
      SpfResult preferred = record.all().map(a -> a.qualifier().result()).orElse(null);
      for (int i = 0; i < parts.size(); i++) {
        FlattenedChain.Part p = parts.get(i);
        List<String> in = new ArrayList<>();
        List<String> mv = new ArrayList<>();
        if (p instanceof FlattenedChain.Kept k) {
          in.add(k.term());
        } else {
          FlattenedChain.Decided d = (FlattenedChain.Decided) p;
          Map<SpfResult, IpSet> sets = listed.get(i);
          SpfResult fallback = d.total() ? chooseDefault(sets, preferred) : null;
          for (SpfResult r : ORDER) {
            if (r == fallback) {
              continue;
            }
            for (IpSet.Network n : sets.getOrDefault(r, IpSet.EMPTY).networks()) {
              (r == SpfResult.PASS ? mv : in).add(n.term(qualifier(r)).toString());
            }
          }
          if (fallback != null
              && !(fallback == SpfResult.NEUTRAL
                  && record.all().isEmpty()
                  && record.redirect().isEmpty())) {
            allTerm = new SpfTerm.All(qualifier(fallback)).toString();
          }
        }
        inline.add(in);
        movable.add(mv);
      }
      List<String> tail = new ArrayList<>();
      if (allTerm != null) {
        tail.add(allTerm);
      }
      record.explanation().ifPresent(e -> tail.add(e.toString()));

      int fixed = "v=spf1".length();
      for (List<String> in : inline) {
        fixed += size(in);
      }
      fixed += size(tail);
      int budget = MAX_LOOKUPS - keptCost;
      if (budget < 0) {
        return new Flattening.Impossible(
            "the terms that cannot be flattened need "
                + keptCost
                + " DNS lookups on their own, more than "
                + MAX_LOOKUPS
                + " (§4.6.4)");
      }
      for (int n = 0; n <= budget; n++) {
        int apexSize = fixed;
        for (int k = 1; k <= n; k++) {
          apexSize += 1 + ("include:" + subRecordName(apex, k)).length();
        }
        if (apexSize > MAX_RECORD) {
          break;
        }
        FlattenedChain chain = fill(parts, sources, inline, movable, tail, apexSize, n, keptCost);
        if (chain != null) {
          return new Flattening.Flattened(chain);
        }
      }
      int networks = movable.stream().mapToInt(List::size).sum();
      if (fixed > MAX_RECORD) {
        return new Flattening.Impossible(
            "the terms that must stay in the record at "
                + apex
                + " (networks that do not pass and terms that cannot be flattened) take "
                + fixed
                + " octets, more than "
                + MAX_RECORD
                + " (§3.4)");
      }
      return new Flattening.Impossible(
          networks
              + " networks do not fit in the record at "
              + apex
              + " and the "
              + budget
              + " sub-records of "
              + MAX_RECORD
              + " octets that the limit of "
              + MAX_LOOKUPS
              + " lookups allows"
              + (keptCost > 0 ? " after the " + keptCost + " lookups of the kept terms" : "")
              + " (§4.6.4); send some mail from a subdomain, drop unused includes, or ask the"
              + " provider for fewer networks");
    }

    /**
     * The chain with {@code n} sub-records, or null when the networks need more: the apex takes
     * networks in order while they fit, then each sub-record takes them while they fit, a new one
     * starting where the part changes (a sub-record's include stands at its part's place).
     */
    private FlattenedChain fill(
        List<FlattenedChain.Part> parts,
        List<FlattenedChain.Source> sources,
        List<List<String>> inline,
        List<List<String>> movable,
        List<String> tail,
        int apexSize,
        int n,
        int keptCost) {
      int room = MAX_RECORD - apexSize;
      List<List<String>> inApex = new ArrayList<>();
      List<List<Integer>> subsOf = new ArrayList<>();
      List<List<String>> subs = new ArrayList<>();
      int subSize = 0;
      int subPart = -1;
      boolean apexOpen = true;
      for (int p = 0; p < parts.size(); p++) {
        List<String> here = new ArrayList<>();
        List<Integer> mine = new ArrayList<>();
        for (String term : movable.get(p)) {
          int cost = 1 + term.length();
          if (apexOpen && cost <= room) {
            here.add(term);
            room -= cost;
            continue;
          }
          apexOpen = false;
          if (subs.isEmpty() || subPart != p || subSize + cost > MAX_RECORD) {
            if (subs.size() == n) {
              return null;
            }
            subs.add(new ArrayList<>());
            mine.add(subs.size());
            subSize = "v=spf1".length();
            subPart = p;
          }
          subs.get(subs.size() - 1).add(term);
          subSize += cost;
        }
        inApex.add(here);
        subsOf.add(mine);
      }
      List<String> apexTerms = new ArrayList<>();
      for (int p = 0; p < parts.size(); p++) {
        apexTerms.addAll(inline.get(p));
        apexTerms.addAll(inApex.get(p));
        for (int k : subsOf.get(p)) {
          apexTerms.add("include:" + subRecordName(apex, k));
        }
      }
      apexTerms.addAll(tail);
      List<FlattenedChain.Record> records = new ArrayList<>();
      records.add(new FlattenedChain.Record(apex, text(apexTerms)));
      for (int k = 0; k < subs.size(); k++) {
        records.add(new FlattenedChain.Record(subRecordName(apex, k + 1), text(subs.get(k))));
      }
      return new FlattenedChain(apex, records, parts, sources, keptCost + subs.size());
    }
  }

  /**
   * The result the final {@code all} gives: the one that leaves the least to write out. Networks
   * that do not pass must stand in the apex record, which holds about 20, while passing ones can go
   * to sub-records, so each of the former weighs as much as a sub-record full of the latter. Ties
   * go to the declared {@code all}, then fail, softfail, neutral, pass.
   */
  private static SpfResult chooseDefault(Map<SpfResult, IpSet> sets, SpfResult preferred) {
    List<SpfResult> candidates = new ArrayList<>();
    if (preferred != null) {
      candidates.add(preferred);
    }
    candidates.addAll(ORDER);
    SpfResult best = null;
    long bestCost = Long.MAX_VALUE;
    for (SpfResult r : candidates) {
      if (!sets.containsKey(r)) {
        continue;
      }
      long cost = 0;
      for (Map.Entry<SpfResult, IpSet> e : sets.entrySet()) {
        if (e.getKey() != r) {
          int n = e.getValue().networks().size();
          cost += e.getKey() == SpfResult.PASS ? n : 25L * n;
        }
      }
      if (cost < bestCost) {
        best = r;
        bestCost = cost;
      }
    }
    return best;
  }

  private static Qualifier qualifier(SpfResult r) {
    for (Qualifier q : Qualifier.values()) {
      if (q.result() == r) {
        return q;
      }
    }
    throw new IllegalArgumentException("no qualifier gives " + r);
  }

  private static int size(List<String> terms) {
    int n = 0;
    for (String t : terms) {
      n += 1 + t.length();
    }
    return n;
  }

  private static String text(List<String> terms) {
    StringBuilder out = new StringBuilder("v=spf1");
    for (String t : terms) {
      out.append(' ').append(t);
    }
    return out.toString();
  }

  /**
   * The target of a domain-spec in a record at {@code domain}, or null when it uses a macro other
   * than {@code %{d}}: only the current domain is known before a message arrives.
   */
  private static String target(String domain, MacroString spec) {
    if (spec == null) {
      return domain;
    }
    for (MacroString.Part p : spec.parts()) {
      if (p instanceof MacroString.Macro m && m.letter() != 'd') {
        return null;
      }
    }
    MacroExpander.Values values =
        new MacroExpander.Values(
            "postmaster@" + domain, domain, UNUSED_IP, "", null, "unknown", 0L);
    return normalise(MacroExpander.expandDomain(spec, values));
  }

  private static String macroReason(SpfTerm term, MacroString spec) {
    return term + " depends on " + dependsOn(spec) + ", which is known only per message";
  }

  /** What the macros of {@code spec} depend on, in words. */
  private static String dependsOn(MacroString spec) {
    Set<String> what = new LinkedHashSet<>();
    for (MacroString.Part p : spec.parts()) {
      if (p instanceof MacroString.Macro m) {
        switch (m.letter()) {
          case 's', 'l', 'o' -> what.add("the sender (%{" + m.letter() + "})");
          case 'i', 'v' -> what.add("the connecting address (%{" + m.letter() + "})");
          case 'p' -> what.add("the connecting host's reverse DNS (%{p})");
          case 'h' -> what.add("the HELO name (%{h})");
          default -> {
            // d is known; c, r and t are not allowed in a domain-spec
          }
        }
      }
    }
    return what.isEmpty() ? "the message" : String.join(" and ", what);
  }
}
