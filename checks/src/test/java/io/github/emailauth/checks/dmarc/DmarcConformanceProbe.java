package io.github.emailauth.checks.dmarc;

import io.github.emailauth.checks.dns.DnsClient;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The DMARC verdicts the conformance harness (package {@code checks.conformance}) compares with
 * another implementation, read from our package-private discovery and parser: RFC 7489 §6.6.3
 * discovery over the whole Public Suffix List, and the values the governing record gives the
 * domain.
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
