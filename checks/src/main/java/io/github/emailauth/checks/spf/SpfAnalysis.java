package io.github.emailauth.checks.spf;

import io.github.emailauth.checks.dns.DnsAnswer;
import io.github.emailauth.checks.dns.DnsClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.xbill.DNS.Type;

/**
 * The worst-case shape of a domain's SPF evaluation, for lint findings: every include and redirect
 * followed as if no mechanism matched (RFC 7208 §4.6.4 counts those terms across the whole
 * recursion). Terms after the first {@code all} are never evaluated, so they are not counted, and a
 * redirect next to an {@code all} is ignored (§6.1). Targets written with macros depend on the
 * message and are not followed.
 */
final class SpfAnalysis {
  /** Deeper than this the lookup limit is long exceeded; stop walking. */
  private static final int MAX_DEPTH = 12;

  /**
   * Records walked per analysis. The walk is a tree, not a graph (each include costs its lookups
   * again wherever it appears), so a few hostile records that each include several others grow it
   * exponentially: six records per level, eight levels deep, is 1.7 million nodes. Past this many
   * the limit of 10 is far behind and the count is reported as a lower bound.
   */
  static final int MAX_RECORDS = 200;

  /**
   * a/mx targets probed for void lookups per analysis (each costs one or two queries). A record may
   * hold thousands of terms; past the limit of 10 lookups and 2 voids more probing proves nothing.
   */
  static final int MAX_VOID_PROBES = 50;

  /** What one analysis may still spend: records walked, a/mx targets probed. */
  private record Budget(AtomicInteger records, AtomicInteger probes) {
    Budget() {
      this(new AtomicInteger(), new AtomicInteger());
    }
  }

  private SpfAnalysis() {}

  enum Status {
    OK,
    NXDOMAIN,
    NO_RECORD,
    SEVERAL,
    SYNTAX,
    FAILED,
    LOOP,
    MACRO,
    TOO_DEEP,
    TRUNCATED
  }

  /**
   * One record in the tree.
   *
   * @param via the term that led here ("include:_spf.vendor.net"), null for the root
   * @param detail why the status is not OK, or the record text when it is
   * @param ownLookups DNS-querying terms of this record that would be evaluated, includes and the
   *     redirect among them
   * @param voidNames targets of this record's a/mx terms that have no records
   */
  record Node(
      String domain,
      String via,
      Status status,
      String detail,
      SpfRecord record,
      int ownLookups,
      List<String> voidNames,
      List<Node> children) {
    Node {
      voidNames = List.copyOf(voidNames);
      children = List.copyOf(children);
    }

    static Node leaf(String domain, String via, Status status, String detail) {
      return new Node(domain, via, status, detail, null, 0, List.of(), List.of());
    }

    /** DNS-querying terms of this record and everything below it. */
    int totalLookups() {
      int n = ownLookups;
      for (Node c : children) {
        n += c.totalLookups();
      }
      return n;
    }

    /** Lookups that would find nothing: empty a/mx targets and dead include targets. */
    int totalVoids() {
      int n = voidNames.size();
      for (Node c : children) {
        n += c.totalVoids();
        if (c.status == Status.NXDOMAIN || c.status == Status.NO_RECORD) {
          n++;
        }
      }
      return n;
    }

    /** Whether the walk stopped somewhere below this node, so that the counts are lower bounds. */
    boolean incomplete() {
      for (Node c : children) {
        if (c.status == Status.TOO_DEEP || c.status == Status.TRUNCATED || c.incomplete()) {
          return true;
        }
      }
      return false;
    }

    /**
     * The cost of each DNS-querying term of this record (an include or redirect: 1 plus its
     * subtree), costliest first (equal costs in the record's order), and whether it could give way
     * to ip4/ip6 networks: not exists or ptr (decided per message), no macros in its target, and
     * for an include or redirect a {@link #fixed()} tree.
     */
    List<TermCost> costs() {
      List<TermCost> out = new ArrayList<>();
      if (record == null) {
        return out;
      }
      int child = 0;
      for (SpfTerm t : evaluated(record)) {
        if (t instanceof SpfTerm.Include || t instanceof SpfTerm.Redirect) {
          Node c = children.get(child++);
          out.add(new TermCost(t.toString(), 1 + c.totalLookups(), c.fixed()));
        } else if (t instanceof SpfTerm.A a) {
          out.add(new TermCost(t.toString(), 1, fixedSpec(a.domain())));
        } else if (t instanceof SpfTerm.Mx mx) {
          out.add(new TermCost(t.toString(), 1, fixedSpec(mx.domain())));
        } else if (t instanceof SpfTerm.Mechanism m && m.countsLookup()) {
          out.add(new TermCost(t.toString(), 1, false));
        }
      }
      out.sort(java.util.Comparator.comparingInt(TermCost::lookups).reversed());
      return out;
    }

    /**
     * Whether this record and everything it reaches stand for fixed address sets, so that they
     * could be written as ip4/ip6 networks: a usable record, no exists or ptr, no macros.
     */
    boolean fixed() {
      if (status != Status.OK || record == null) {
        return false;
      }
      for (SpfTerm t : evaluated(record)) {
        if (t instanceof SpfTerm.Exists
            || t instanceof SpfTerm.Ptr
            || t instanceof SpfTerm.A a && !fixedSpec(a.domain())
            || t instanceof SpfTerm.Mx mx && !fixedSpec(mx.domain())) {
          return false;
        }
      }
      return children.stream().allMatch(Node::fixed);
    }

    private static boolean fixedSpec(MacroString spec) {
      return spec == null || !spec.hasMacros();
    }

    /** Every node below this one (not this one), depth first. */
    List<Node> descendants() {
      List<Node> out = new ArrayList<>();
      for (Node c : children) {
        out.add(c);
        out.addAll(c.descendants());
      }
      return out;
    }

    /**
     * The cost of each DNS-querying term of this record, an include or redirect with its whole
     * subtree in parentheses: {@code "a 1, include:_spf.vendor.net 3 (include:x.vendor.net 1)"}.
     */
    String breakdown() {
      if (record == null) {
        return "";
      }
      List<String> parts = new ArrayList<>();
      int child = 0;
      for (SpfTerm t : evaluated(record)) {
        if (!(t instanceof SpfTerm.Mechanism m && m.countsLookup())
            && !(t instanceof SpfTerm.Redirect)) {
          continue;
        }
        if (t instanceof SpfTerm.Include || t instanceof SpfTerm.Redirect) {
          Node c = children.get(child++);
          String inner = c.breakdown();
          parts.add(
              t
                  + " "
                  + (1 + c.totalLookups())
                  + (inner.isEmpty() ? "" : " (" + inner + ")")
                  + (c.status == Status.OK
                      ? ""
                      : " [" + c.status.name().toLowerCase(Locale.ROOT) + "]"));
        } else {
          parts.add(t + " 1");
        }
      }
      return String.join(", ", parts);
    }
  }

  /** What one DNS-querying term of a record costs, and whether networks could replace it. */
  record TermCost(String term, int lookups, boolean replaceable) {
    @Override
    public String toString() {
      return term + " (" + lookups + (lookups == 1 ? " lookup)" : " lookups)");
    }
  }

  /** The terms check_host() can reach: up to the first all, and the redirect when there is none. */
  static List<SpfTerm> evaluated(SpfRecord record) {
    List<SpfTerm> out = new ArrayList<>();
    for (SpfTerm t : record.terms()) {
      if (t instanceof SpfTerm.Mechanism) {
        out.add(t);
        if (t instanceof SpfTerm.All) {
          return out;
        }
      }
    }
    record.redirect().ifPresent(out::add);
    return out;
  }

  /** Walks the record of {@code domain}; never completes exceptionally for DNS problems. */
  static CompletableFuture<Node> analyse(DnsClient dns, String domain) {
    return walk(dns, domain, null, List.of(), new Budget());
  }

  /** Walks an already fetched and parsed record of {@code domain}. */
  static CompletableFuture<Node> analyse(
      DnsClient dns, String domain, SpfRecord record, String text) {
    return expand(dns, domain, null, record, text, List.of(domain), new Budget());
  }

  private static CompletableFuture<Node> walk(
      DnsClient dns, String domain, String via, List<String> path, Budget walked) {
    if (path.stream().anyMatch(p -> p.equalsIgnoreCase(domain))) {
      return done(Node.leaf(domain, via, Status.LOOP, String.join(" -> ", path) + " -> " + domain));
    }
    if (path.size() >= MAX_DEPTH) {
      return done(
          Node.leaf(domain, via, Status.TOO_DEEP, "nested more than " + MAX_DEPTH + " deep"));
    }
    if (!DomainNames.validCheckHostDomain(domain)) {
      return done(Node.leaf(domain, via, Status.NO_RECORD, "not a valid domain name"));
    }
    if (walked.records().incrementAndGet() > MAX_RECORDS) {
      return done(
          Node.leaf(
              domain,
              via,
              Status.TRUNCATED,
              "not followed: more than " + MAX_RECORDS + " records"));
    }
    List<String> here = new ArrayList<>(path);
    here.add(domain);
    return dns.query(domain, Type.TXT)
        .thenCompose(
            answer -> {
              if (answer instanceof DnsAnswer.Failure f) {
                return done(Node.leaf(domain, via, Status.FAILED, f.describe()));
              }
              if (answer instanceof DnsAnswer.NxDomain) {
                return done(Node.leaf(domain, via, Status.NXDOMAIN, "the name does not exist"));
              }
              if (!(answer instanceof DnsAnswer.Records records)) {
                return done(Node.leaf(domain, via, Status.NO_RECORD, "no TXT records"));
              }
              SpfSelection sel = SpfSelection.select(records.txt());
              if (sel instanceof SpfSelection.NoRecord) {
                return done(Node.leaf(domain, via, Status.NO_RECORD, "no v=spf1 record"));
              }
              if (sel instanceof SpfSelection.Several s) {
                return done(
                    Node.leaf(domain, via, Status.SEVERAL, s.texts().size() + " v=spf1 records"));
              }
              String text = ((SpfSelection.One) sel).text();
              SpfParse parse = SpfParser.parse(text);
              if (parse instanceof SpfParse.Invalid bad) {
                return done(Node.leaf(domain, via, Status.SYNTAX, bad.describe()));
              }
              return expand(
                  dns, domain, via, ((SpfParse.Parsed) parse).record(), text, here, walked);
            });
  }

  private static CompletableFuture<Node> expand(
      DnsClient dns,
      String domain,
      String via,
      SpfRecord record,
      String text,
      List<String> here,
      Budget walked) {
    List<SpfTerm> terms = evaluated(record);
    int own = 0;
    List<CompletableFuture<Node>> children = new ArrayList<>();
    List<CompletableFuture<String>> voids = new ArrayList<>();
    for (SpfTerm t : terms) {
      if (t instanceof SpfTerm.Mechanism m && m.countsLookup() || t instanceof SpfTerm.Redirect) {
        own++;
      }
      MacroString target = null;
      if (t instanceof SpfTerm.Include inc) {
        target = inc.domain();
      } else if (t instanceof SpfTerm.Redirect r) {
        target = r.domain();
      }
      if (target != null) {
        if (target.hasMacros()) {
          children.add(
              done(
                  Node.leaf(
                      target.toString(), t.toString(), Status.MACRO, "depends on the message")));
        } else {
          children.add(
              walk(dns, DomainNames.stripDot(target.toString()), t.toString(), here, walked));
        }
      } else if (t instanceof SpfTerm.A a) {
        voids.add(
            walked.probes().incrementAndGet() > MAX_VOID_PROBES
                ? done(null)
                : voidA(dns, fixedTarget(a.domain(), domain)));
      } else if (t instanceof SpfTerm.Mx mx) {
        voids.add(
            walked.probes().incrementAndGet() > MAX_VOID_PROBES
                ? done(null)
                : voidMx(dns, fixedTarget(mx.domain(), domain)));
      }
    }
    int ownLookups = own;
    List<CompletableFuture<?>> all = new ArrayList<>(children);
    all.addAll(voids);
    return CompletableFuture.allOf(all.toArray(new CompletableFuture<?>[0]))
        .thenApply(
            ignored -> {
              List<Node> nodes = new ArrayList<>();
              children.forEach(c -> nodes.add(c.join()));
              List<String> voidNames = new ArrayList<>();
              voids.forEach(
                  v -> {
                    if (v.join() != null) {
                      voidNames.add(v.join());
                    }
                  });
              return new Node(domain, via, Status.OK, text, record, ownLookups, voidNames, nodes);
            });
  }

  /** The target of an a/mx term when it does not depend on the message, else null. */
  private static String fixedTarget(MacroString spec, String domain) {
    if (spec == null) {
      return domain;
    }
    return spec.hasMacros() ? null : DomainNames.stripDot(spec.toString());
  }

  /** {@code name} when it has neither A nor AAAA records (void for every client), else null. */
  private static CompletableFuture<String> voidA(DnsClient dns, String name) {
    if (name == null || !DomainNames.queryable(name)) {
      return done(null);
    }
    CompletableFuture<DnsAnswer> a = dns.query(name, Type.A);
    CompletableFuture<DnsAnswer> aaaa = dns.query(name, Type.AAAA);
    return a.thenCombine(aaaa, (x, y) -> isVoid(x) && isVoid(y) ? name : null);
  }

  private static CompletableFuture<String> voidMx(DnsClient dns, String name) {
    if (name == null || !DomainNames.queryable(name)) {
      return done(null);
    }
    return dns.query(name, Type.MX).thenApply(x -> isVoid(x) ? name : null);
  }

  private static boolean isVoid(DnsAnswer a) {
    return a instanceof DnsAnswer.NxDomain || a instanceof DnsAnswer.NoData;
  }

  private static <T> CompletableFuture<T> done(T value) {
    return CompletableFuture.completedFuture(value);
  }
}
