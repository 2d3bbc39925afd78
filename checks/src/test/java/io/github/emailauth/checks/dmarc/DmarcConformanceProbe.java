package io.github.emailauth.checks.dmarc;

import io.github.emailauth.checks.dns.DnsClient;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The DMARC verdicts the conformance harness (package {@code checks.conformance}) compares with
 * another implementation, read from our package-private discovery and parser: which record governs
 * a domain (RFC 9989 DNS Tree Walk, or RFC 7489 Public Suffix List discovery) and the values it
 * gives the domain.
 */
public final class DmarcConformanceProbe {
  private DmarcConformanceProbe() {}

  /**
   * {@code record}: the domain whose {@code _dmarc} record governs, {@code -} for none, {@code
   * temperror} when a query failed; {@code policy}: p for the domain's own record, sp for the
   * organizational domain's, {@code no-dmarc} when the record has no usable policy; {@code pct},
   * {@code adkim}, {@code aspf}: effective values; {@code detail}: the record text or the reason.
   */
  public static CompletableFuture<Map<String, String>> rfc7489(DnsClient dns, String domain) {
    DmarcDiscovery discovery = new DmarcDiscovery(dns, SuffixList.PUBLIC);
    return discovery
        .lookup(domain)
        .thenCompose(own -> discovery.psl(domain, own))
        .thenApply(psl -> verdict(domain, psl));
  }

  /**
   * RFC 9989 §4.10 discovery as {@code verify} does it for a domain: {@code record}, {@code
   * policy}, {@code adkim}, {@code aspf} as in {@link #rfc7489}; {@code policy} is p for the
   * domain's own record, else sp when the domain exists and np when it does not; {@code org}: the
   * organizational domain (§4.10.2), given only when the record is not the domain's own (the only
   * case in which emailauth uses it); {@code t}: y or n.
   */
  public static CompletableFuture<Map<String, String>> rfc9989(DnsClient dns, String domain) {
    DmarcDiscovery discovery = new DmarcDiscovery(dns, SuffixList.PUBLIC);
    return discovery
        .lookup(domain)
        .thenCompose(own -> discovery.walk(domain, own))
        .thenCombine(discovery.exists(domain), (walk, exists) -> verdict(domain, walk, exists));
  }

  private static Map<String, String> verdict(
      String domain, DmarcDiscovery.Walk walk, java.util.Optional<Boolean> exists) {
    Map<String, String> out = new LinkedHashMap<>();
    if (walk.failure().isPresent()) {
      out.put("record", "temperror");
      out.put("detail", walk.failure().get().name());
      return out;
    }
    var governing = walk.outcome().governing();
    if (governing.isEmpty()) {
      out.put("record", "-");
      out.put("detail", "no record");
      return out;
    }
    TreeWalk.Step.Found found = governing.get();
    DmarcValues v = DmarcValues.of(found.record());
    TreeWalk.Applies applies = TreeWalk.applies(domain, found.domain(), exists.orElse(true));
    String policy =
        switch (applies) {
          case P -> v.p();
          case SP -> v.sp();
          case NP -> v.np();
        };
    out.put("record", found.domain());
    out.put("org", found.domain().equals(domain) ? "-" : walk.outcome().orgDomain());
    out.put("policy", policy.startsWith("\"") ? "no-dmarc" : policy);
    out.put("adkim", v.adkim());
    out.put("aspf", v.aspf());
    out.put("t", v.t());
    out.put("detail", found.record().text());
    return out;
  }

  private static Map<String, String> verdict(String domain, DmarcDiscovery.Psl psl) {
    Map<String, String> out = new LinkedHashMap<>();
    if (psl.failure().isPresent()) {
      out.put("record", "temperror");
      out.put("detail", psl.failure().get().failure().map(f -> f.describe()).orElse(""));
      return out;
    }
    if (psl.governing().isEmpty()) {
      out.put("record", "-");
      out.put("detail", psl.reason());
      return out;
    }
    DmarcDiscovery.Lookup l = psl.governing().get();
    DmarcRecord r = l.records().get(0);
    DmarcValues v = DmarcValues.of(r);
    String policy = l.domain().equals(domain) ? v.p() : v.sp();
    out.put("record", l.domain());
    out.put("policy", policy.startsWith("\"") ? "no-dmarc" : policy);
    out.put("pct", v.pct());
    out.put("adkim", v.adkim());
    out.put("aspf", v.aspf());
    out.put("detail", r.text());
    return out;
  }
}
