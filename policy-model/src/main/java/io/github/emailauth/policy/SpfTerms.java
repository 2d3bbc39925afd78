package io.github.emailauth.policy;

import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A light check of the SPF terms a policy lists: the right shape of one mechanism or modifier per
 * entry. The full RFC 7208 grammar (macros, CIDR lengths) lives in the checks module, which parses
 * the generated record; here we catch the mistakes people make when writing YAML.
 */
final class SpfTerms {
  static final List<String> MECHANISMS =
      List.of("include", "a", "mx", "ptr", "ip4", "ip6", "exists", "all");

  private static final Pattern MECHANISM =
      Pattern.compile("([+\\-~?]?)([A-Za-z][A-Za-z0-9]*)([:/].*)?", Pattern.DOTALL);
  private static final Pattern MODIFIER =
      Pattern.compile("([A-Za-z][A-Za-z0-9_.-]*)=(.*)", Pattern.DOTALL);

  private SpfTerms() {}

  /** Returns the term, or throws with why it is not one and how to write it. */
  static String check(String term) throws Names.Invalid {
    if (term.isBlank()) {
      throw new Names.Invalid("an empty SPF term");
    }
    if (term.chars().anyMatch(Character::isWhitespace)) {
      throw new Names.Invalid(
          "`" + term + "` holds several terms; write one mechanism per list entry");
    }
    String lower = term.toLowerCase(Locale.ROOT);
    if (lower.startsWith("v=spf1")) {
      throw new Names.Invalid("`v=spf1` is written by the generator; list only the mechanisms");
    }
    Matcher modifier = MODIFIER.matcher(term);
    if (modifier.matches()) {
      String name = modifier.group(1).toLowerCase(Locale.ROOT);
      if (name.equals("redirect")) {
        throw new Names.Invalid("write the redirect with the `redirect:` key, not as a mechanism");
      }
      if (modifier.group(2).isEmpty() && name.equals("exp")) {
        throw new Names.Invalid("`exp=` needs a domain");
      }
      return term;
    }
    Matcher m = MECHANISM.matcher(term);
    if (!m.matches()) {
      throw new Names.Invalid("`" + term + "` is not an SPF mechanism or modifier");
    }
    String name = m.group(2).toLowerCase(Locale.ROOT);
    String rest = m.group(3) == null ? "" : m.group(3);
    if (!MECHANISMS.contains(name)) {
      String near = Suggest.closest(name, MECHANISMS);
      throw new Names.Invalid(
          "`"
              + m.group(2)
              + "` is not an SPF mechanism"
              + (near == null ? "" : "; did you mean `" + near + "`?"));
    }
    switch (name) {
      case "all" ->
          throw new Names.Invalid(
              "write `all` with the `all:` key (fail, softfail, neutral, pass)");
      case "include", "exists" -> {
        if (!rest.startsWith(":") || rest.length() == 1) {
          throw new Names.Invalid(
              "`" + name + "` needs a domain, as in `" + name + ":example.com`");
        }
      }
      case "ip4", "ip6" -> {
        if (!rest.startsWith(":") || rest.length() == 1) {
          throw new Names.Invalid(
              "`"
                  + name
                  + "` needs an address, as in `"
                  + name
                  + ":"
                  + (name.equals("ip4") ? "192.0.2.0/24" : "2001:db8::/32")
                  + "`");
        }
      }
      default -> {
        // a, mx, ptr: the domain and CIDR are optional.
      }
    }
    return term;
  }
}
