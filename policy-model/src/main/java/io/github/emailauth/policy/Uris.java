package io.github.emailauth.policy;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Report and logo URIs: {@code mailto:} with a real address, {@code https:} with a host name. */
final class Uris {
  /** DMARC's obsolete size limit suffix, {@code !10m} (RFC 7489 §6.2). */
  private static final Pattern SIZE_SUFFIX = Pattern.compile("![0-9]{1,15}[kmgtKMGT]?$");

  /** Dot-atom local part (RFC 5322 §3.4.1), with URI percent-escapes allowed for any character. */
  private static final Pattern LOCAL_PART =
      Pattern.compile(
          "(?:[A-Za-z0-9!#$&'*+/=^_`{|}~-]|%[0-9A-Fa-f]{2})+"
              + "(?:\\.(?:[A-Za-z0-9!#$&'*+/=^_`{|}~-]|%[0-9A-Fa-f]{2})+)*");

  private Uris() {}

  /**
   * A {@code mailto:} URI naming one address with a domain. Returns it with the domain normalised.
   * {@code sizeSuffix}: DMARC URIs may end in {@code !10m}.
   */
  static String mailto(String raw, boolean sizeSuffix) throws Names.Invalid {
    if (!raw.regionMatches(true, 0, "mailto:", 0, 7)) {
      throw new Names.Invalid("it does not start with `mailto:`");
    }
    String rest = raw.substring(7);
    String suffix = "";
    Matcher m = SIZE_SUFFIX.matcher(rest);
    if (sizeSuffix && m.find()) {
      suffix = rest.substring(m.start()).toLowerCase(Locale.ROOT);
      rest = rest.substring(0, m.start());
    }
    if (rest.contains("?")) {
      throw new Names.Invalid("header fields (`?subject=...`) are not allowed here");
    }
    if (rest.contains(",")) {
      throw new Names.Invalid("one address per URI; a `,` must be written %2C");
    }
    int at = rest.lastIndexOf('@');
    if (at < 0) {
      throw new Names.Invalid("it needs an address with a domain, like mailto:reports@example.com");
    }
    String local = rest.substring(0, at);
    String domain = rest.substring(at + 1);
    if (local.isEmpty() || !LOCAL_PART.matcher(local).matches()) {
      throw new Names.Invalid("`" + local + "` is not a valid address local part");
    }
    if (domain.isEmpty()) {
      throw new Names.Invalid("the address has no domain after `@`");
    }
    String host;
    try {
      host = Names.hostName(domain);
    } catch (Names.Invalid e) {
      throw new Names.Invalid(
          "the address domain `" + domain + "` is not valid: " + e.getMessage());
    }
    return "mailto:" + local + "@" + host + suffix;
  }

  /** An {@code https:} URL with a host name (not an IP address) and no user info. */
  static String https(String raw) throws Names.Invalid {
    URI uri;
    try {
      uri = new URI(raw);
    } catch (URISyntaxException e) {
      throw new Names.Invalid("not a URI: " + e.getReason());
    }
    String scheme = uri.getScheme();
    if (scheme == null) {
      throw new Names.Invalid("it has no scheme; write https://...");
    }
    if (!scheme.equalsIgnoreCase("https")) {
      throw new Names.Invalid("the scheme is `" + scheme + "`, https is required");
    }
    if (uri.getRawUserInfo() != null) {
      throw new Names.Invalid("user info (`user@`) is not allowed");
    }
    String host = uri.getHost();
    if (host == null) {
      throw new Names.Invalid("it has no host name");
    }
    if (host.startsWith("[") || Names.isIpv4(host)) {
      throw new Names.Invalid("the host is an IP address, a host name is required");
    }
    try {
      Names.hostName(host);
    } catch (Names.Invalid e) {
      throw new Names.Invalid("the host `" + host + "` is not valid: " + e.getMessage());
    }
    return raw;
  }

  /** A TLS-RPT {@code rua}: {@code mailto:} or {@code https:} (RFC 8460 §3). */
  static String reportUri(String raw) throws Names.Invalid {
    if (raw.regionMatches(true, 0, "mailto:", 0, 7)) {
      return mailto(raw, false);
    }
    if (raw.regionMatches(true, 0, "https:", 0, 6)) {
      return https(raw);
    }
    throw new Names.Invalid("TLS-RPT accepts `mailto:` and `https:` URIs");
  }
}
