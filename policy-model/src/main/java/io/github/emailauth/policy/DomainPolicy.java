package io.github.emailauth.policy;

import java.util.List;
import java.util.Map;

/**
 * The effective declaration of one domain, after {@code defaults} were merged in and a {@code
 * parked} profile was expanded. A null section was not declared: that protocol is linted on the
 * live side but not compared.
 *
 * @param name the domain, lower case, A-labels, no trailing dot
 * @param senders names of the {@link Sender}s this domain uses (all exist in the policy)
 * @param dkim selectors by name, in declared order
 */
public record DomainPolicy(
    String name,
    SourcePosition position,
    Profile profile,
    List<String> senders,
    MxPolicy mx,
    SpfPolicy spf,
    Map<String, DkimSelector> dkim,
    DmarcPolicy dmarc,
    MtaStsPolicy mtaSts,
    TlsRptPolicy tlsRpt,
    BimiPolicy bimi) {
  public DomainPolicy {
    senders = List.copyOf(senders);
    dkim = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(dkim));
  }

  public boolean parked() {
    return profile == Profile.PARKED;
  }
}
