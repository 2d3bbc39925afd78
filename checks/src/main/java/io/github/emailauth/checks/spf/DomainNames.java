package io.github.emailauth.checks.spf;

import java.util.Locale;

/** Domain-name rules check_host() applies to names before asking DNS (RFC 7208 §4.3, §7.3). */
final class DomainNames {
  static final int MAX_NAME = 253;
  static final int MAX_LABEL = 63;

  private DomainNames() {}

  /** {@code name} without one trailing dot. */
  static String stripDot(String name) {
    return name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
  }

  /**
   * Drops labels from the left until the name is at most 253 characters (§7.3: applies to every
   * macro-expanded domain used in a query).
   */
  static String truncate(String name) {
    // Walk an index instead of cutting a substring per label: a 64 KB record of one-letter
    // labels would otherwise copy the name once per label, quadratic in the record's size.
    int start = 0;
    while (name.length() - start > MAX_NAME) {
      int dot = name.indexOf('.', start);
      if (dot < 0) {
        break;
      }
      start = dot + 1;
    }
    return name.substring(start);
  }

  /** True when every label is 1-63 characters and the whole name at most 253 (RFC 1035). */
  static boolean queryable(String name) {
    if (name.isEmpty() || name.length() > MAX_NAME) {
      return false;
    }
    int start = 0;
    while (true) {
      int dot = name.indexOf('.', start);
      int end = dot < 0 ? name.length() : dot;
      int len = end - start;
      if (len < 1 || len > MAX_LABEL) {
        return false;
      }
      if (dot < 0) {
        return true;
      }
      start = dot + 1;
    }
  }

  /**
   * The check_host() {@code <domain>} rule (§4.3): a fully qualified name of at least two labels,
   * none empty or longer than 63, not an address literal such as {@code [192.0.2.1]}.
   */
  static boolean validCheckHostDomain(String name) {
    return queryable(name)
        && name.indexOf('.') > 0
        && name.indexOf('[') < 0
        && name.indexOf(']') < 0
        && !name.chars().allMatch(c -> c == '.' || (c >= '0' && c <= '9'));
  }

  /** Case-insensitive "equal or a subdomain of" (the ptr mechanism's test, §5.5). */
  static boolean isSubdomainOrSame(String name, String of) {
    String n = stripDot(name).toLowerCase(Locale.ROOT);
    String o = stripDot(of).toLowerCase(Locale.ROOT);
    return n.equals(o) || n.endsWith("." + o);
  }
}
