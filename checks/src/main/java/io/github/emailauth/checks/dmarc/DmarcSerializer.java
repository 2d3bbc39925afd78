package io.github.emailauth.checks.dmarc;

import io.github.emailauth.policy.DmarcPolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Writes the canonical DMARC record of a declaration: {@code v=DMARC1; p=reject; sp=...; rua=...}.
 * Tags follow the tag table's order with v then p first (RFC 7489 §6.3 requires that order, and RFC
 * 9989 parsers accept any), each separated by {@code "; "}. Only what is declared is written, so a
 * record never spells out a default the user did not ask for; {@code t} is written only when it is
 * y because t=n is the default and says nothing.
 */
final class DmarcSerializer {
  private DmarcSerializer() {}

  static String canonical(DmarcPolicy d) {
    List<String> parts = new ArrayList<>();
    parts.add("v=DMARC1");
    parts.add("p=" + (d.policy() == null ? "none" : d.policy().tag()));
    if (d.subdomainPolicy() != null) {
      parts.add("sp=" + d.subdomainPolicy().tag());
    }
    if (d.nonExistentPolicy() != null) {
      parts.add("np=" + d.nonExistentPolicy().tag());
    }
    if (d.dkimAlignment() != null) {
      parts.add("adkim=" + d.dkimAlignment().tag());
    }
    if (d.spfAlignment() != null) {
      parts.add("aspf=" + d.spfAlignment().tag());
    }
    if (Boolean.TRUE.equals(d.testing())) {
      parts.add("t=y");
    }
    if (d.psd() != null) {
      parts.add("psd=" + d.psd().toLowerCase(Locale.ROOT));
    }
    if (d.rua() != null && !d.rua().isEmpty()) {
      parts.add("rua=" + uriList(d.rua()));
    }
    if (d.ruf() != null && !d.ruf().isEmpty()) {
      parts.add("ruf=" + uriList(d.ruf()));
    }
    if (d.failureOptions() != null) {
      parts.add("fo=" + d.failureOptions());
    }
    return String.join("; ", parts);
  }

  /**
   * URIs joined by commas. A comma inside a URI would split it in two (RFC 7489 §6.2), so it is
   * %-encoded; a {@code !} is kept because the user writes it to give a size limit.
   */
  private static String uriList(List<String> uris) {
    List<String> out = new ArrayList<>();
    for (String u : uris) {
      out.add(u.strip().replace(",", "%2C"));
    }
    return String.join(",", out);
  }
}
