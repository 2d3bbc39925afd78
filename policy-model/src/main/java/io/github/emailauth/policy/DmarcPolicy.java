package io.github.emailauth.policy;

import java.util.List;

/**
 * The declared DMARC record of a domain. A null field was not declared and means the RFC default
 * when compared with the published record (DESIGN.md "What matches the declaration means").
 *
 * @param policy {@code p}, required
 * @param subdomainPolicy {@code sp}
 * @param nonExistentPolicy {@code np} (RFC 9989)
 * @param spfAlignment {@code aspf}
 * @param dkimAlignment {@code adkim}
 * @param rua aggregate report URIs
 * @param ruf failure report URIs
 * @param failureOptions {@code fo}, e.g. {@code 1} or {@code d:s}
 * @param testing {@code t=y} (RFC 9989)
 * @param psd {@code psd}: y, n or u (RFC 9989)
 * @param cname the expected CNAME target when {@code _dmarc} is delegated to a vendor
 */
public record DmarcPolicy(
    DmarcMode policy,
    DmarcMode subdomainPolicy,
    DmarcMode nonExistentPolicy,
    Alignment spfAlignment,
    Alignment dkimAlignment,
    List<String> rua,
    List<String> ruf,
    String failureOptions,
    Boolean testing,
    String psd,
    String cname,
    KeyPositions positions) {
  public DmarcPolicy {
    rua = rua == null ? null : List.copyOf(rua);
    ruf = ruf == null ? null : List.copyOf(ruf);
  }
}
