package io.github.emailauth.checks.spf;

import io.github.emailauth.checks.engine.Artifacts;
import io.github.emailauth.checks.engine.DomainContext;
import io.github.emailauth.checks.engine.Finding;
import io.github.emailauth.checks.engine.GeneratedRecord;
import io.github.emailauth.policy.SourcePosition;
import io.github.emailauth.policy.SpfPolicy;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * What {@code flatten: true} adds to the SPF module: {@code generate} writes the flattened chain,
 * and {@code verify} re-flattens the declaration from the live includes and compares it, by
 * meaning, with the chain that is published. A provider that added or dropped networks since the
 * chain was generated shows up as {@link SpfFlattenCheck#STALE}, naming those networks.
 */
final class FlattenedSpf {
  /** How many networks a message lists before "and N more". */
  private static final int LISTED = 8;

  private static final List<SpfResult> OTHER =
      List.of(SpfResult.FAIL, SpfResult.SOFTFAIL, SpfResult.NEUTRAL);

  private FlattenedSpf() {}

  /**
   * The chain's records; or no records and a finding saying why, when the declaration cannot be
   * flattened or its includes did not resolve: publishing the unflattened record or a half-resolved
   * chain instead would hide the problem.
   */
  static CompletableFuture<Artifacts> generate(DomainContext ctx, SpfRecord declared) {
    String domain = ctx.name();
    SourcePosition at = position(ctx.domain().spf());
    if (ctx.dns() == null) {
      return CompletableFuture.completedFuture(
          Artifacts.ofFindings(
              List.of(
                  Finding.of(SpfCheck.UNVERIFIABLE, domain)
                      .subject(domain + " TXT")
                      .message(
                          "flatten: true needs DNS to resolve the includes; no SPF record was"
                              + " generated")
                      .remediation("run generate with name servers (or zone files) available")
                      .location(at)
                      .build())));
    }
    return new SpfFlattener(ctx.dns())
        .flatten(domain, declared)
        .thenApply(
            f -> {
              if (f instanceof Flattening.Flattened ok) {
                return Artifacts.ofRecords(
                    ok.chain().generatedRecords(GeneratedRecord.DEFAULT_TTL));
              }
              if (f instanceof Flattening.Unresolved u) {
                return Artifacts.ofFindings(
                    List.of(
                        unverifiable(
                            domain, u, "resolve the includes, so no SPF record was generated")));
              }
              return Artifacts.ofFindings(
                  List.of(
                      Finding.of(SpfFlattenCheck.IMPOSSIBLE, domain)
                          .subject(domain + " TXT")
                          .message(
                              "cannot flatten the SPF record of "
                                  + domain
                                  + ": "
                                  + ((Flattening.Impossible) f).reason()
                                  + "; no SPF record was generated")
                          .remediation(
                              "move some senders to a subdomain, drop unused includes, or set"
                                  + " flatten: false")
                          .location(at)
                          .build()));
            });
  }

  /**
   * Staleness findings for a domain whose published record parsed: the declared record and the
   * published one are both flattened from live DNS and compared.
   */
  static CompletableFuture<List<Finding>> verify(
      DomainContext ctx, SpfRecord declared, SpfRecord published, String publishedText) {
    SpfFlattener flattener = new SpfFlattener(ctx.dns());
    String domain = ctx.name();
    return flattener
        .flatten(domain, declared)
        .thenCombine(
            flattener.flatten(domain, published),
            (fresh, live) -> findings(ctx, fresh, live, publishedText));
  }

  private static List<Finding> findings(
      DomainContext ctx, Flattening fresh, Flattening live, String publishedText) {
    String domain = ctx.name();
    String subject = domain + " TXT";
    SourcePosition at = position(ctx.domain().spf());
    List<Finding> out = new ArrayList<>();
    if (fresh instanceof Flattening.Unresolved u) {
      out.add(
          unverifiable(
              domain, u, "re-flatten the declared record to check the chain for staleness"));
      return out;
    }
    if (fresh instanceof Flattening.Impossible no) {
      out.add(
          Finding.of(SpfFlattenCheck.IMPOSSIBLE, domain)
              .subject(subject)
              .message("flatten: true, but the declared record cannot be flattened: " + no.reason())
              .actual(publishedText)
              .remediation(
                  "move some senders to a subdomain, drop unused includes, or set flatten: false")
              .location(at)
              .build());
      return out;
    }
    FlattenedChain chain = ((Flattening.Flattened) fresh).chain();
    for (FlattenedChain.Kept k : chain.kept()) {
      out.add(
          Finding.of(SpfFlattenCheck.PARTIAL, domain)
              .subject(subject)
              .message(k.term() + " stays as it is in the flattened record: " + k.reason())
              .expected(chain.apex().text())
              .remediation(
                  "nothing to do if the provider needs it; its lookups count toward the 10 ("
                      + chain.lookups()
                      + " in the flattened chain)")
              .location(at)
              .build());
    }
    if (live instanceof Flattening.Unresolved u) {
      out.add(unverifiable(domain, u, "resolve the published chain to check it for staleness"));
      return out;
    }
    if (live instanceof Flattening.Impossible no) {
      out.add(stale(domain, at, chain, publishedText, "the published chain: " + no.reason()));
      return out;
    }
    FlattenedChain publishedChain = ((Flattening.Flattened) live).chain();
    String difference = describe(chain, publishedChain);
    if (difference != null) {
      out.add(stale(domain, at, chain, publishedText, difference));
    }
    return out;
  }

  private static Finding unverifiable(String domain, Flattening.Unresolved u, String what) {
    return Finding.of(SpfCheck.UNVERIFIABLE, domain)
        .subject(u.subject())
        .message("could not " + what + ": " + u.reason())
        .remediation("retry; check the name servers of " + u.subject().split(" ")[0])
        .build();
  }

  private static Finding stale(
      String domain,
      SourcePosition at,
      FlattenedChain fresh,
      String publishedText,
      String difference) {
    return Finding.of(SpfFlattenCheck.STALE, domain)
        .subject(domain + " TXT")
        .message("the flattened SPF chain of " + domain + " is stale: " + difference)
        .expected(fresh.apex().text())
        .actual(publishedText)
        .remediation("run emailauth:generate and publish " + records(fresh))
        .location(at)
        .build();
  }

  /** {@code example.com TXT "v=spf1 ..."; _spf1.example.com TXT "v=spf1 ..."}. */
  static String records(FlattenedChain chain) {
    List<String> out = new ArrayList<>();
    for (FlattenedChain.Record r : chain.records()) {
      out.add(r.name() + " TXT \"" + r.text() + "\"");
    }
    return String.join("; ", out);
  }

  /**
   * What differs between a fresh flattening and the published chain, in words, or null when they
   * mean the same: the same kept terms, and between them the same addresses with the same results.
   */
  static String describe(FlattenedChain fresh, FlattenedChain published) {
    List<String> freshKept = fresh.kept().stream().map(FlattenedChain.Kept::term).toList();
    List<String> liveKept = published.kept().stream().map(FlattenedChain.Kept::term).toList();
    if (freshKept.equals(liveKept) && segments(fresh).equals(segments(published))) {
      return null;
    }
    List<String> parts = new ArrayList<>();
    IpSet added = fresh.authorized().minus(published.authorized());
    IpSet removed = published.authorized().minus(fresh.authorized());
    if (!added.isEmpty()) {
      parts.add("the declared includes now also authorise " + list(added, fresh));
    }
    if (!removed.isEmpty()) {
      parts.add(
          "they no longer authorise " + list(removed, null) + ", which the published chain does");
    }
    Map<SpfResult, IpSet> freshOther = totals(fresh);
    Map<SpfResult, IpSet> liveOther = totals(published);
    for (SpfResult r : OTHER) {
      IpSet now =
          freshOther
              .getOrDefault(r, IpSet.EMPTY)
              .minus(liveOther.getOrDefault(r, IpSet.EMPTY))
              .minus(removed);
      if (!now.isEmpty()) {
        parts.add(r.label() + " is now the result for " + list(now, null));
      }
    }
    if (!freshKept.equals(liveKept)) {
      for (FlattenedChain.Kept k : published.kept()) {
        if (!freshKept.contains(k.term())) {
          parts.add("the published chain has " + k.term() + " (" + k.reason() + ")");
        }
      }
      for (FlattenedChain.Kept k : fresh.kept()) {
        if (!liveKept.contains(k.term())) {
          parts.add("the published chain lacks " + k.term());
        }
      }
    }
    if (parts.isEmpty()) {
      parts.add(
          "the same addresses are decided in another order around the terms kept as they are ("
              + String.join(", ", freshKept)
              + ")");
    }
    return String.join("; ", parts);
  }

  /** The results of each stretch between kept terms. */
  private static List<Map<SpfResult, IpSet>> segments(FlattenedChain chain) {
    List<Map<SpfResult, IpSet>> out = new ArrayList<>();
    Map<SpfResult, IpSet> current = new EnumMap<>(SpfResult.class);
    for (FlattenedChain.Part p : chain.parts()) {
      if (p instanceof FlattenedChain.Decided d) {
        d.results().forEach((r, s) -> current.merge(r, s, IpSet::union));
      } else {
        out.add(new EnumMap<>(current));
        current.clear();
      }
    }
    out.add(new EnumMap<>(current));
    return out;
  }

  private static Map<SpfResult, IpSet> totals(FlattenedChain chain) {
    Map<SpfResult, IpSet> out = new EnumMap<>(SpfResult.class);
    for (Map<SpfResult, IpSet> seg : segments(chain)) {
      seg.forEach((r, s) -> out.merge(r, s, IpSet::union));
    }
    return out;
  }

  /**
   * The networks of {@code set}, each with the declared terms it comes from when {@code sources} is
   * given: {@code 203.0.113.0/24 (include:_spf.vendor.net)}.
   */
  private static String list(IpSet set, FlattenedChain sources) {
    List<IpSet.Network> networks = set.networks();
    List<String> out = new ArrayList<>();
    for (IpSet.Network n : networks.subList(0, Math.min(LISTED, networks.size()))) {
      String text = n.toString();
      if (sources != null) {
        IpSet one = IpSet.of(n.address(), n.prefix());
        List<String> from = new ArrayList<>();
        for (FlattenedChain.Source s : sources.sources()) {
          if (!s.authorized().intersect(one).isEmpty()) {
            from.add(s.term());
          }
        }
        if (!from.isEmpty()) {
          text += " (" + String.join(", ", from) + ")";
        }
      }
      out.add(text);
    }
    if (networks.size() > LISTED) {
      out.add("and " + (networks.size() - LISTED) + " more");
    }
    return String.join(", ", out);
  }

  private static SourcePosition position(SpfPolicy spf) {
    return spf == null || spf.positions() == null ? null : spf.positions().at("flatten");
  }
}
