package io.github.emailauth.checks.dmarc;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The DMARC tag table: one row per tag of RFC 7489 §6.3 and RFC 9989 §4.7. Validation, drift
 * messages, the canonical serializer's order and the tag table in docs/dmarc.md all read it (a test
 * keeps the docs table in step), so a protocol fact is written down once.
 */
enum DmarcTag {
  V(
      "v",
      null,
      "`DMARC1` (case-sensitive), the first tag",
      "Version. A record whose first tag is not v=DMARC1 is not a DMARC record and is ignored.",
      "§6.3",
      "§4.7",
      Generation.BOTH,
      null),
  P(
      "p",
      "none",
      "none, quarantine, reject",
      "What receivers do with mail from the domain that fails DMARC.",
      "§6.3",
      "§4.7",
      Generation.BOTH,
      "policy"),
  SP(
      "sp",
      "the value of p",
      "none, quarantine, reject",
      "Policy for existing subdomains; only read on an organizational domain's record.",
      "§6.3",
      "§4.7",
      Generation.BOTH,
      "subdomainPolicy"),
  NP(
      "np",
      "the value of sp, else p",
      "none, quarantine, reject",
      "Policy for subdomains that do not exist (NXDOMAIN, RFC 8020).",
      "-",
      "§4.7",
      Generation.BIS_ONLY,
      "nonExistentPolicy"),
  ADKIM(
      "adkim",
      "r",
      "r (relaxed), s (strict)",
      "DKIM alignment: s needs d= equal to the From domain, r the same organizational domain.",
      "§6.3",
      "§4.7",
      Generation.BOTH,
      "alignment"),
  ASPF(
      "aspf",
      "r",
      "r (relaxed), s (strict)",
      "SPF alignment of the MAIL FROM domain with the From domain.",
      "§6.3",
      "§4.7",
      Generation.BOTH,
      "alignment"),
  PCT(
      "pct",
      "100",
      "an integer 0-100",
      "RFC 7489 sampling: the policy applies to pct% of failing mail, the rest gets the next lower"
          + " policy. Removed by RFC 9989.",
      "§6.3, §6.6.4",
      "removed (App. A.6)",
      Generation.REMOVED_BY_BIS,
      null),
  T(
      "t",
      "n",
      "y, n",
      "Test mode: y applies the policy one level lower (reject as quarantine, quarantine as"
          + " none).",
      "-",
      "§4.7",
      Generation.BIS_ONLY,
      "testing"),
  PSD(
      "psd",
      "u",
      "y, n, u",
      "y: the domain is a public suffix domain; n: it is an organizational domain; u: unknown,"
          + " found by the tree walk.",
      "-",
      "§4.7",
      Generation.BIS_ONLY,
      "psd"),
  RUA(
      "rua",
      "(none: no aggregate reports)",
      "comma-separated URIs, mailto: required; !size suffix obsolete in RFC 9989",
      "Where receivers send aggregate reports.",
      "§6.3",
      "§4.7",
      Generation.BOTH,
      "rua"),
  RUF(
      "ruf",
      "(none: no failure reports)",
      "comma-separated URIs, mailto: required",
      "Where receivers send failure (forensic) reports.",
      "§6.3",
      "§4.7",
      Generation.BOTH,
      "ruf"),
  FO(
      "fo",
      "0",
      "0, 1, d, s joined by `:`, each once, not 0 with 1",
      "When to send failure reports: 0 all mechanisms fail, 1 any fails, d DKIM fails, s SPF"
          + " fails. Ignored without ruf.",
      "§6.3",
      "§4.7",
      Generation.BOTH,
      "failureOptions"),
  RF(
      "rf",
      "afrf",
      "keywords joined by `:`",
      "Failure report format. Removed by RFC 9989.",
      "§6.3",
      "removed",
      Generation.REMOVED_BY_BIS,
      null),
  RI(
      "ri",
      "86400",
      "seconds, a 32-bit unsigned integer",
      "Requested aggregate report interval. Removed by RFC 9989.",
      "§6.3",
      "removed",
      Generation.REMOVED_BY_BIS,
      null);

  /** Which specification generation defines a tag. */
  enum Generation {
    BOTH,
    BIS_ONLY,
    REMOVED_BY_BIS
  }

  private static final Pattern KEYWORD = Pattern.compile("[A-Za-z][A-Za-z0-9]*");
  private static final Pattern PCT_VALUE = Pattern.compile("[0-9]{1,3}");
  private static final Pattern RI_VALUE = Pattern.compile("[0-9]{1,10}");

  final String tag;
  final String defaultValue;
  final String allowed;
  final String meaning;
  final String rfc7489;
  final String rfc9989;
  final Generation generation;

  /** The key under {@code dmarc:} in the policy file that declares this tag, or null. */
  final String policyKey;

  DmarcTag(
      String tag,
      String defaultValue,
      String allowed,
      String meaning,
      String rfc7489,
      String rfc9989,
      Generation generation,
      String policyKey) {
    this.tag = tag;
    this.defaultValue = defaultValue;
    this.allowed = allowed;
    this.meaning = meaning;
    this.rfc7489 = rfc7489;
    this.rfc9989 = rfc9989;
    this.generation = generation;
    this.policyKey = policyKey;
  }

  static Optional<DmarcTag> byName(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    for (DmarcTag t : values()) {
      if (t.tag.equals(lower)) {
        return Optional.of(t);
      }
    }
    return Optional.empty();
  }

  /** "RFC 7489 §6.3, RFC 9989 §4.7" for messages. */
  String sections() {
    List<String> s = new ArrayList<>();
    if (!rfc7489.equals("-")) {
      s.add("RFC 7489 " + rfc7489);
    }
    s.add("RFC 9989 " + rfc9989);
    return String.join(", ", s);
  }

  /** Problems with {@code value} (already stripped of surrounding spaces); empty when valid. */
  List<String> validate(String value) {
    List<String> errors = new ArrayList<>();
    switch (this) {
      case V -> {
        if (!value.equals("DMARC1")) {
          errors.add("v must be DMARC1");
        }
      }
      case P, SP, NP -> {
        if (mode(value) == null) {
          errors.add(
              tag
                  + "="
                  + value
                  + " is not none, quarantine or reject, so receivers read the whole record as"
                  + " p=none if rua holds a valid URI and ignore it otherwise ("
                  + (this == NP ? "RFC 9989 §4.10.1" : "RFC 7489 §6.6.3, RFC 9989 §4.10.1")
                  + ")");
        }
      }
      case ADKIM, ASPF -> {
        if (!value.equalsIgnoreCase("r") && !value.equalsIgnoreCase("s")) {
          errors.add(tag + "=" + value + " is not r or s");
        }
      }
      case T -> {
        if (!value.equalsIgnoreCase("y") && !value.equalsIgnoreCase("n")) {
          errors.add("t=" + value + " is not y or n");
        }
      }
      case PSD -> {
        if (!value.matches("(?i)[ynu]")) {
          errors.add("psd=" + value + " is not y, n or u");
        }
      }
      case PCT -> {
        if (!PCT_VALUE.matcher(value).matches() || Integer.parseInt(value) > 100) {
          errors.add("pct=" + value + " is not an integer from 0 to 100");
        }
      }
      case RI -> {
        if (!RI_VALUE.matcher(value).matches() || Long.parseLong(value) > 0xFFFFFFFFL) {
          errors.add("ri=" + value + " is not a 32-bit unsigned number of seconds");
        }
      }
      case RF -> {
        for (String k : value.split(":", -1)) {
          if (!KEYWORD.matcher(k.strip()).matches()) {
            errors.add("rf=" + value + " is not a list of format keywords such as afrf");
            break;
          }
        }
      }
      case FO -> errors.addAll(failureOptionErrors(value));
      case RUA, RUF -> errors.addAll(ReportUri.parseList(value).errors());
    }
    return errors;
  }

  static io.github.emailauth.policy.DmarcMode mode(String value) {
    for (var m : io.github.emailauth.policy.DmarcMode.values()) {
      if (m.tag().equalsIgnoreCase(value)) {
        return m;
      }
    }
    return null;
  }

  /** RFC 9989 §4.8 dmarc-fo: 0, 1, d, s joined by ":", each at most once, 0 and 1 exclusive. */
  private static List<String> failureOptionErrors(String value) {
    List<String> errors = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (String raw : value.split(":", -1)) {
      String o = raw.strip().toLowerCase(Locale.ROOT);
      if (!o.matches("[01ds]")) {
        errors.add("fo=" + value + ": `" + raw.strip() + "` is not 0, 1, d or s");
        return errors;
      }
      if (!seen.add(o)) {
        errors.add("fo=" + value + " lists " + o + " twice");
        return errors;
      }
    }
    if (seen.contains("0") && seen.contains("1")) {
      errors.add("fo=" + value + " combines 0 and 1, which exclude each other (RFC 9989 §4.8)");
    }
    return errors;
  }

  /** The normalised option set of a valid fo value: sorted, lower case, joined by ":". */
  static String normalizeFo(String value) {
    return java.util.Arrays.stream(value.split(":"))
        .map(s -> s.strip().toLowerCase(Locale.ROOT))
        .distinct()
        .sorted()
        .collect(java.util.stream.Collectors.joining(":"));
  }
}
