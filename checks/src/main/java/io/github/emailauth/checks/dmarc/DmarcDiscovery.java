package io.github.emailauth.checks.dmarc;

import io.github.emailauth.checks.dmarc.TreeWalk.Step;
import io.github.emailauth.checks.dns.DnsAnswer;
import io.github.emailauth.checks.dns.DnsClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;
import org.xbill.DNS.Type;

/**
 * Finds the DMARC record that governs a domain, both ways receivers do it: the RFC 9989 DNS Tree
 * Walk and the RFC 7489 Public Suffix List lookup. All DNS goes through the run's caching client,
 * so the walks of many subdomains of one organization share their queries.
 */
final class DmarcDiscovery {
  /** A TXT record that is not valid DMARC but was evidently meant to be (to report it). */
  private static final Pattern ATTEMPT =
      Pattern.compile("(?is)^\\s*[\"'\u201c\u2018]?\\s*v\\s*=.*|.*dmarc.*");

  private final DnsClient dns;
  private final SuffixList suffixes;

  DmarcDiscovery(DnsClient dns, SuffixList suffixes) {
    this.dns = dns;
    this.suffixes = suffixes;
  }

  /**
   * The TXT records at {@code _dmarc.<domain>}.
   *
   * @param records the valid DMARC records (first tag v=DMARC1)
   * @param attempts TXT records meant as DMARC that receivers discard
   */
  record Lookup(
      String domain, DnsAnswer answer, List<DmarcRecord> records, List<DmarcRecord> attempts) {
    String name() {
      return "_dmarc." + domain;
    }

    Optional<DnsAnswer.Failure> failure() {
      return answer instanceof DnsAnswer.Failure f ? Optional.of(f) : Optional.empty();
    }

    Step step() {
      if (answer instanceof DnsAnswer.Failure f) {
        return new Step.Failed(domain, f.describe());
      }
      return switch (records.size()) {
        case 0 -> new Step.None(domain);
        case 1 -> new Step.Found(domain, records.get(0));
        default -> new Step.Several(domain, records.size());
      };
    }

    /** "_dmarc.example.com -> example-com.dmarc.vendor.net" or the plain name. */
    String chain() {
      return answer.cnameChain().isEmpty()
          ? name()
          : name() + " -> " + String.join(" -> ", answer.cnameChain());
    }
  }

  CompletableFuture<Lookup> lookup(String domain) {
    return dns.query("_dmarc." + domain, Type.TXT).thenApply(a -> classify(domain, a));
  }

  static Lookup classify(String domain, DnsAnswer answer) {
    List<DmarcRecord> records = new ArrayList<>();
    List<DmarcRecord> attempts = new ArrayList<>();
    if (answer instanceof DnsAnswer.Records r) {
      for (String txt : r.txt()) {
        DmarcRecord parsed = DmarcRecord.parse(txt);
        if (parsed.isDmarc()) {
          records.add(parsed);
        } else if (txt.length() > DmarcRecord.MAX_LENGTH || ATTEMPT.matcher(txt).matches()) {
          // an oversized record is reported unread: matching it against a pattern is not needed
          attempts.add(parsed);
        }
      }
    }
    return new Lookup(domain, answer, records, attempts);
  }

  /**
   * The result of the RFC 9989 walk.
   *
   * @param lookups every query made, in order
   * @param failure the first failed query, after which nothing can be concluded
   * @param outcome the discovered policy, or null when a query failed
   */
  record Walk(List<Lookup> lookups, Optional<Lookup> failure, TreeWalk.Outcome outcome) {
    List<Step> steps() {
      return lookups.stream().map(Lookup::step).toList();
    }
  }

  /** The RFC 9989 DNS Tree Walk from {@code domain}, whose own lookup is already done. */
  CompletableFuture<Walk> walk(String domain, Lookup own) {
    List<String> names = TreeWalk.names(domain);
    List<Lookup> done = new ArrayList<>();
    return walkFrom(names, 0, own, done);
  }

  private CompletableFuture<Walk> walkFrom(
      List<String> names, int index, Lookup current, List<Lookup> done) {
    done.add(current);
    if (current.failure().isPresent()) {
      return CompletableFuture.completedFuture(new Walk(done, Optional.of(current), null));
    }
    Step step = current.step();
    boolean ownRecord = index == 0 && step instanceof Step.Found;
    if (ownRecord || TreeWalk.stops(step) || index + 1 >= names.size()) {
      return finish(done);
    }
    return lookup(names.get(index + 1)).thenCompose(next -> walkFrom(names, index + 1, next, done));
  }

  /**
   * Ends a walk. When psd=y made a name the walk jumped over the organizational domain (a start
   * with more than 8 labels), that name was never asked; it is asked now, because its own record
   * would take precedence over the public suffix domain's.
   */
  private CompletableFuture<Walk> finish(List<Lookup> done) {
    List<Step> steps = done.stream().map(Lookup::step).toList();
    String org = TreeWalk.orgDomain(steps);
    boolean asked = done.stream().anyMatch(l -> l.domain().equals(org));
    if (asked) {
      return CompletableFuture.completedFuture(
          new Walk(done, Optional.empty(), TreeWalk.discover(steps)));
    }
    return lookup(org)
        .thenApply(
            extra -> {
              List<Lookup> all = new ArrayList<>(done);
              // keep the list ordered longest name first, as the walk would have asked it
              int at = 0;
              while (at < all.size()
                  && TreeWalk.labels(all.get(at).domain()) > TreeWalk.labels(org)) {
                at++;
              }
              all.add(at, extra);
              if (extra.failure().isPresent()) {
                return new Walk(all, extra.failure().map(f -> extra), null);
              }
              List<Step> withOrg = all.stream().map(Lookup::step).toList();
              return new Walk(all, Optional.empty(), TreeWalk.discover(withOrg));
            });
  }

  /**
   * The result of RFC 7489 §6.6.3 discovery.
   *
   * @param orgDomain the organizational domain by the Public Suffix List
   * @param governing the lookup whose single record applies, if any
   * @param failure a failed query, when the result is unknown
   * @param reason why no record applies, for messages ("several records at _dmarc.x")
   */
  record Psl(
      String orgDomain, Optional<Lookup> governing, Optional<Lookup> failure, String reason) {}

  /** RFC 7489 discovery: the domain's own record, else exactly one at its PSL org domain. */
  CompletableFuture<Psl> psl(String domain, Lookup own) {
    String org = suffixes.orgDomain(domain);
    if (own.failure().isPresent()) {
      return CompletableFuture.completedFuture(
          new Psl(org, Optional.empty(), Optional.of(own), ""));
    }
    if (own.records().size() == 1) {
      return CompletableFuture.completedFuture(
          new Psl(org, Optional.of(own), Optional.empty(), ""));
    }
    if (own.records().size() > 1) {
      return CompletableFuture.completedFuture(
          new Psl(
              org,
              Optional.empty(),
              Optional.empty(),
              "several records at " + own.name() + " stop RFC 7489 discovery"));
    }
    if (org.equals(domain)) {
      return CompletableFuture.completedFuture(
          new Psl(org, Optional.empty(), Optional.empty(), "no record at " + own.name()));
    }
    return lookup(org)
        .thenApply(
            l -> {
              if (l.failure().isPresent()) {
                return new Psl(org, Optional.empty(), Optional.of(l), "");
              }
              if (l.records().size() == 1) {
                return new Psl(org, Optional.of(l), Optional.empty(), "");
              }
              return new Psl(
                  org,
                  Optional.empty(),
                  Optional.empty(),
                  l.records().isEmpty()
                      ? "no record at " + own.name() + " nor " + l.name()
                      : "several records at " + l.name());
            });
  }

  /** Whether a name exists, by RFC 8020: only NXDOMAIN means it does not. Empty when unknown. */
  CompletableFuture<Optional<Boolean>> exists(String domain) {
    return dns.query(domain, Type.TXT)
        .thenApply(
            a -> {
              if (a instanceof DnsAnswer.NxDomain) {
                return Optional.of(false);
              }
              if (a instanceof DnsAnswer.Failure) {
                return Optional.<Boolean>empty();
              }
              return Optional.of(true);
            });
  }

  String orgDomain(String domain) {
    return suffixes.orgDomain(domain);
  }

  static String lower(String s) {
    return s.toLowerCase(Locale.ROOT);
  }
}
