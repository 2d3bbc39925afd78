package io.github.emailauth.checks.mx;

import io.github.emailauth.policy.MxHost;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.xbill.DNS.MXRecord;

/**
 * One MX as compared: preference and exchange, the exchange lower case without the trailing dot
 * ({@code "."} for the null MX), so that case and the trailing dot are never drift.
 */
record Mx(int preference, String host) implements Comparable<Mx> {
  static final String ROOT = ".";
  private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
  private static final Comparator<Mx> ORDER =
      Comparator.comparingInt(Mx::preference).thenComparing(Mx::host);

  static Mx of(int preference, String host) {
    String h = host.strip().toLowerCase(Locale.ROOT);
    if (!h.equals(ROOT) && h.endsWith(".")) {
      h = h.substring(0, h.length() - 1);
    }
    return new Mx(preference, h.isEmpty() ? ROOT : h);
  }

  static Mx of(MXRecord r) {
    return of(r.getPriority(), r.getTarget().toString());
  }

  static Mx of(MxHost h) {
    return of(h.preference(), h.host());
  }

  boolean isNull() {
    return host.equals(ROOT);
  }

  /**
   * True when the exchange is an address, not a name: {@code 192.0.2.1} or an IPv6 literal. MX
   * exchanges must be host names (RFC 5321 §5.1); such a "name" resolves to nothing.
   */
  boolean isIpLiteral() {
    String h =
        host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    return IPV4.matcher(h).matches() || h.contains(":");
  }

  /** As in a zone file: {@code 10 mx1.example.com.} or {@code 0 .}. */
  @Override
  public String toString() {
    return preference + " " + (isNull() ? ROOT : host + ".");
  }

  @Override
  public int compareTo(Mx o) {
    return ORDER.compare(this, o);
  }

  /** What one set lacks and the other has too many of, each sorted. */
  record Difference(List<Mx> missing, List<Mx> extra) {
    boolean isEmpty() {
      return missing.isEmpty() && extra.isEmpty();
    }
  }

  /** Order-insensitive comparison; duplicates collapse (DNS holds a set). */
  static Difference compare(List<Mx> declared, List<Mx> published) {
    var want = new LinkedHashSet<>(declared);
    var have = new LinkedHashSet<>(published);
    List<Mx> missing = new ArrayList<>(want);
    missing.removeAll(have);
    List<Mx> extra = new ArrayList<>(have);
    extra.removeAll(want);
    missing.sort(null);
    extra.sort(null);
    return new Difference(missing, extra);
  }

  /** RFC 7505 §3: a null MX must be the only MX and have preference 0. Null when valid. */
  static String nullMxProblem(List<Mx> set) {
    boolean hasNull = set.stream().anyMatch(Mx::isNull);
    if (!hasNull) {
      return null;
    }
    if (set.size() > 1) {
      return "a null MX (\".\") is mixed with other MX records; RFC 7505 §3 says a domain with a"
          + " null MX must publish no other MX, and senders may treat the set as broken";
    }
    if (set.get(0).preference() != 0) {
      return "the null MX has preference " + set.get(0).preference() + "; RFC 7505 §3 requires 0";
    }
    return null;
  }

  /**
   * The records to delete (or publish) to make a broken null MX set valid. When the policy says
   * which way the domain goes (a null MX or real hosts) the fix follows it; undeclared, both ways
   * are named, since only the owner knows whether the domain receives mail.
   */
  static String nullMxFix(String domain, List<Mx> set, Boolean declaredNull) {
    List<Mx> nulls = set.stream().filter(Mx::isNull).toList();
    List<Mx> others = set.stream().filter(m -> !m.isNull()).toList();
    List<String> keepNull = new ArrayList<>();
    others.forEach(m -> keepNull.add("delete " + domain + " MX " + m));
    nulls.stream()
        .filter(m -> m.preference() != 0)
        .forEach(m -> keepNull.add("delete " + domain + " MX " + m));
    if (nulls.stream().noneMatch(m -> m.preference() == 0)) {
      keepNull.add("publish " + domain + " MX 0 .");
    }
    String dropNull =
        String.join("; ", nulls.stream().map(m -> "delete " + domain + " MX " + m).toList());
    if (others.isEmpty() || Boolean.TRUE.equals(declaredNull)) {
      return String.join("; ", keepNull);
    }
    if (Boolean.FALSE.equals(declaredNull)) {
      return dropNull;
    }
    return "if "
        + domain
        + " receives mail: "
        + dropNull
        + "; if it accepts none: "
        + String.join("; ", keepNull);
  }
}
