package io.github.emailauth.checks.dmarc;

import io.github.emailauth.policy.Alignment;
import io.github.emailauth.policy.DmarcMode;
import io.github.emailauth.policy.DmarcPolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The meaning of a DMARC record, tag by tag, with RFC defaults filled in: what a declaration and a
 * published record are compared by. Each field is the normalised text of one tag ({@code "reject"},
 * {@code "r"}, {@code "mailto:a@example.com,mailto:b@example.net"}), so that comparing and naming a
 * difference are the same operation.
 *
 * @param p the policy; for a published record with an invalid or missing p, or an invalid sp, the
 *     value receivers use ({@code none} when a valid rua exists, RFC 7489 §6.6.3, RFC 9989 §4.10.1)
 *     or the invalid text in quotes
 * @param sp explicit or inherited from p
 * @param np explicit, else sp, else p
 * @param fo normalised option set; compared only when a ruf is present
 * @param rua sorted normalised URIs joined by ",", empty for none
 */
record DmarcValues(
    String p,
    String sp,
    String np,
    String adkim,
    String aspf,
    String pct,
    String t,
    String psd,
    String fo,
    String rua,
    String ruf,
    List<ReportUri> ruaUris,
    List<ReportUri> rufUris) {

  DmarcValues {
    ruaUris = List.copyOf(ruaUris);
    rufUris = List.copyOf(rufUris);
  }

  /** The value of one comparable tag. */
  String get(DmarcTag tag) {
    return switch (tag) {
      case P -> p;
      case SP -> sp;
      case NP -> np;
      case ADKIM -> adkim;
      case ASPF -> aspf;
      case PCT -> pct;
      case T -> t;
      case PSD -> psd;
      case FO -> fo;
      case RUA -> rua;
      case RUF -> ruf;
      case V, RF, RI -> null;
    };
  }

  /** The tags compared between declaration and record, in message order. */
  static final List<DmarcTag> COMPARED =
      List.of(
          DmarcTag.P,
          DmarcTag.SP,
          DmarcTag.NP,
          DmarcTag.ADKIM,
          DmarcTag.ASPF,
          DmarcTag.PCT,
          DmarcTag.T,
          DmarcTag.PSD,
          DmarcTag.RUA,
          DmarcTag.RUF,
          DmarcTag.FO);

  /** p as a mode, or null when the record has no usable policy. */
  DmarcMode mode(DmarcTag tag) {
    return DmarcTag.mode(get(tag));
  }

  static DmarcValues of(DmarcPolicy d) {
    String p = d.policy() == null ? DmarcMode.NONE.tag() : d.policy().tag();
    String sp = d.subdomainPolicy() == null ? p : d.subdomainPolicy().tag();
    String np = d.nonExistentPolicy() == null ? sp : d.nonExistentPolicy().tag();
    List<ReportUri> rua = uris(d.rua());
    List<ReportUri> ruf = uris(d.ruf());
    String fo = "0";
    if (d.failureOptions() != null && DmarcTag.FO.validate(d.failureOptions()).isEmpty()) {
      fo = DmarcTag.normalizeFo(d.failureOptions());
    } else if (d.failureOptions() != null) {
      fo = d.failureOptions();
    }
    return new DmarcValues(
        p,
        sp,
        np,
        align(d.dkimAlignment()),
        align(d.spfAlignment()),
        "100",
        Boolean.TRUE.equals(d.testing()) ? "y" : "n",
        d.psd() == null ? "u" : d.psd().toLowerCase(Locale.ROOT),
        fo,
        joined(rua),
        joined(ruf),
        rua,
        ruf);
  }

  static DmarcValues of(DmarcRecord r) {
    List<ReportUri> rua =
        r.first(DmarcTag.RUA).map(t -> ReportUri.parseList(t.value()).uris()).orElse(List.of());
    List<ReportUri> ruf =
        r.first(DmarcTag.RUF).map(t -> ReportUri.parseList(t.value()).uris()).orElse(List.of());
    String p;
    String sp;
    String np;
    String unusable = unusablePolicy(r);
    if (unusable != null) {
      // RFC 7489 §6.6.3 step 6, RFC 9989 §4.10.1: a record without a valid p, or with an sp (RFC
      // 9989: or np) that is not valid, is read as "v=DMARC1; p=none" when rua holds a valid URI,
      // and is not applied at all otherwise. Either way sp and np of the record no longer count.
      p = usableRua(r) ? "none" : unusable;
      sp = p;
      np = p;
    } else {
      p = r.validValue(DmarcTag.P).map(v -> v.toLowerCase(Locale.ROOT)).orElse("none");
      sp = r.validValue(DmarcTag.SP).map(v -> v.toLowerCase(Locale.ROOT)).orElse(p);
      np = r.validValue(DmarcTag.NP).map(v -> v.toLowerCase(Locale.ROOT)).orElse(sp);
    }
    return new DmarcValues(
        p,
        sp,
        np,
        lower(r, DmarcTag.ADKIM, "r"),
        lower(r, DmarcTag.ASPF, "r"),
        r.validValue(DmarcTag.PCT).map(v -> String.valueOf(Integer.parseInt(v))).orElse("100"),
        lower(r, DmarcTag.T, "n"),
        lower(r, DmarcTag.PSD, "u"),
        r.validValue(DmarcTag.FO).map(DmarcTag::normalizeFo).orElse("0"),
        joined(rua),
        joined(ruf),
        rua,
        ruf);
  }

  /**
   * The invalid p, sp or np that makes the record's policy unusable, quoted ({@code "bogus"} for p,
   * {@code "sp=bogus"} for sp and np), or null when all are valid or absent. An absent p is not
   * invalid: RFC 9989 reads it as none. np counts as RFC 9989 §4.10.1 says, although RFC 7489
   * receivers ignore the tag.
   */
  private static String unusablePolicy(DmarcRecord r) {
    for (DmarcTag tag : List.of(DmarcTag.P, DmarcTag.SP, DmarcTag.NP)) {
      if (r.validValue(tag).isPresent()) {
        continue;
      }
      // "p=" with nothing after it is an invalid p, not a missing one
      Optional<String> invalid =
          r.first(tag).map(DmarcRecord.Tag::value).or(() -> r.unreadableValue(tag));
      if (invalid.isPresent()) {
        return "\"" + (tag == DmarcTag.P ? "" : tag.tag + "=") + invalid.get() + "\"";
      }
    }
    return null;
  }

  /** rua holds "at least one syntactically valid reporting URI" (RFC 7489 §6.6.3 step 6). */
  private static boolean usableRua(DmarcRecord r) {
    return r.first(DmarcTag.RUA).map(t -> ReportUri.anySyntacticallyValid(t.value())).orElse(false);
  }

  private static String lower(DmarcRecord r, DmarcTag tag, String dflt) {
    return r.validValue(tag).map(v -> v.toLowerCase(Locale.ROOT)).orElse(dflt);
  }

  private static String align(Alignment a) {
    return a == null ? "r" : a.tag();
  }

  private static List<ReportUri> uris(List<String> declared) {
    if (declared == null) {
      return List.of();
    }
    List<ReportUri> out = new ArrayList<>();
    for (String s : declared) {
      out.addAll(ReportUri.parseList(s).uris());
    }
    return out;
  }

  private static String joined(List<ReportUri> uris) {
    TreeSet<String> set = new TreeSet<>();
    uris.forEach(u -> set.add(u.normalized()));
    return String.join(",", set);
  }

  /** "(none)" for an empty list, for messages. */
  static String display(String value) {
    return value == null || value.isEmpty() ? "(none)" : value;
  }

  /** One tag whose meaning differs: {@code p is none, declared reject}. */
  record Difference(DmarcTag tag, String declared, String published) {
    String message() {
      return tag.tag + " is " + display(published) + ", declared " + display(declared);
    }
  }

  /**
   * The tags whose meaning differs between this declaration and a published record. fo is compared
   * only when either side has a ruf, since without one it has no effect (RFC 7489 §6.3). An sp that
   * equals p on both sides (and an np that equals sp) only follows the tag it defaults to, so its
   * difference is that tag's and is not named again: {@code p=none} against a declared reject is "p
   * is none, declared reject", not also "sp is none" for an sp nobody wrote.
   */
  List<Difference> differences(DmarcValues published) {
    List<Difference> out = new ArrayList<>();
    for (DmarcTag tag : COMPARED) {
      if (tag == DmarcTag.FO && ruf.isEmpty() && published.ruf.isEmpty()) {
        continue;
      }
      if (tag == DmarcTag.SP && sp.equals(p) && published.sp.equals(published.p)) {
        continue;
      }
      if (tag == DmarcTag.NP && np.equals(sp) && published.np.equals(published.sp)) {
        continue;
      }
      if (!get(tag).equals(published.get(tag))) {
        out.add(new Difference(tag, get(tag), published.get(tag)));
      }
    }
    return out;
  }

  /** A choice below best practice. */
  record Weakness(DmarcCheck check, DmarcTag tag, String message) {}

  /** The weak choices in these values (the same rules for a declaration and a live record). */
  List<Weakness> weaknesses() {
    List<Weakness> out = new ArrayList<>();
    DmarcMode pm = mode(DmarcTag.P);
    if ("none".equals(p)) {
      out.add(
          new Weakness(
              DmarcCheck.POLICY_NONE,
              DmarcTag.P,
              "p=none only monitors: receivers deliver mail that fails DMARC as usual"));
    }
    if (pm != null) {
      for (DmarcTag sub : List.of(DmarcTag.SP, DmarcTag.NP)) {
        DmarcMode m = mode(sub);
        // an np equal to sp follows sp: sp's warning already covers it
        boolean follows = sub == DmarcTag.NP && np.equals(sp);
        if (m != null && m.weakerThan(pm) && !follows) {
          out.add(
              new Weakness(
                  DmarcCheck.SUBDOMAIN_WEAKER,
                  sub,
                  sub.tag
                      + "="
                      + m.tag()
                      + " is weaker than p="
                      + pm.tag()
                      + (sub == DmarcTag.NP
                          ? ": names that do not exist can be spoofed"
                          : ": subdomains can be spoofed")));
        }
      }
    }
    if (ruaUris.stream().noneMatch(ReportUri::isMailto)) {
      out.add(
          new Weakness(
              DmarcCheck.NO_RUA,
              DmarcTag.RUA,
              ruaUris.isEmpty()
                  ? "no rua: nobody receives aggregate reports, so failures go unseen"
                  : "rua has no mailto: URI, the only scheme receivers must support"));
    }
    if ("y".equals(t)) {
      out.add(
          new Weakness(
              DmarcCheck.TESTING,
              DmarcTag.T,
              "t=y: RFC 9989 receivers apply the policy one level lower"
                  + (pm == null ? "" : " (" + pm.tag() + " as " + lowered(pm) + ")")));
    }
    if (!"100".equals(pct)) {
      out.add(
          new Weakness(
              DmarcCheck.PCT,
              DmarcTag.PCT,
              "pct="
                  + pct
                  + ": RFC 7489 receivers apply the policy to "
                  + pct
                  + "% of failing mail only"));
    }
    return out;
  }

  private static String lowered(DmarcMode m) {
    return switch (m) {
      case REJECT -> "quarantine";
      case QUARANTINE, NONE -> "none";
    };
  }
}
