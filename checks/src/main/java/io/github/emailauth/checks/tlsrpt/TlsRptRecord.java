package io.github.emailauth.checks.tlsrpt;

import io.github.emailauth.checks.text.TagList;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A parsed {@code _smtp._tls} TXT record (RFC 8460 §3).
 *
 * @param rua the report URIs in published order
 */
record TlsRptRecord(List<String> rua) {
  static final String VERSION = "v=TLSRPTv1";

  private static final Pattern LABEL =
      Pattern.compile("[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?");

  TlsRptRecord {
    rua = List.copyOf(rua);
    if (rua.isEmpty()) {
      throw new IllegalArgumentException("rua is required");
    }
  }

  /** Records senders consider at all: those starting with the case-sensitive version. */
  static boolean isCandidate(String txt) {
    return TagList.isCandidate(txt, VERSION);
  }

  static String format(List<String> rua) {
    return VERSION + "; rua=" + String.join(",", rua);
  }

  record Parsed(TlsRptRecord record, List<String> errors, List<String> warnings) {
    Parsed {
      errors = TagList.capped(errors);
      warnings = TagList.capped(warnings);
    }
  }

  /** Parses one joined TXT string. No I/O. */
  static Parsed parse(String txt) {
    List<String> errors = new ArrayList<>();
    List<String> warnings = new ArrayList<>();
    String rest = TagList.afterVersion(txt, VERSION, "reporters", "RFC 8460 §3", errors);
    if (rest == null) {
      return new Parsed(null, errors, warnings);
    }
    List<String> rua = null;
    for (TagList.Field field : TagList.fields(rest, TlsRptRecord::abbreviate)) {
      if (field.error() != null) {
        errors.add(field.error());
        continue;
      }
      String name = field.name();
      String value = field.value();
      if (name.equals("rua")) {
        if (rua != null) {
          warnings.add("rua appears twice; reporters use the first");
          continue;
        }
        rua = new ArrayList<>();
        for (String uri : value.split(",", -1)) {
          String u = uri.strip();
          Optional<String> problem = uriProblem(u);
          if (problem.isPresent()) {
            errors.add(problem.get());
          } else {
            rua.add(u);
          }
        }
      } else {
        TagList.extension(name, value, "rua", TlsRptRecord::abbreviate, errors);
      }
    }
    if (rua == null && errors.isEmpty()) {
      errors.add("the rua field is required");
    }
    if (!errors.isEmpty() || rua == null || rua.isEmpty()) {
      if (errors.isEmpty()) {
        errors.add("rua lists no URI");
      }
      return new Parsed(null, errors, warnings);
    }
    return new Parsed(new TlsRptRecord(rua), errors, warnings);
  }

  /**
   * What is wrong with one rua URI (RFC 8460 §3: mailto or https; ",", "!" and ";" must be
   * percent-encoded), or empty when it is fine.
   */
  static Optional<String> uriProblem(String uri) {
    if (uri.isEmpty()) {
      return Optional.of("an empty rua URI (a stray ',')");
    }
    if (uri.contains("!") || uri.contains(" ")) {
      return Optional.of(
          "rua URI \"" + abbreviate(uri) + "\" contains '!' or a space, which must be %-encoded");
    }
    int colon = uri.indexOf(':');
    if (colon <= 0) {
      return Optional.of(
          "rua URI \"" + abbreviate(uri) + "\" has no scheme; use mailto: or https:");
    }
    String scheme = uri.substring(0, colon).toLowerCase(Locale.ROOT);
    URI parsed;
    try {
      parsed = new URI(uri);
    } catch (URISyntaxException e) {
      return Optional.of(
          "rua URI \"" + abbreviate(uri) + "\" is not a valid URI: " + e.getReason());
    }
    switch (scheme) {
      case "mailto" -> {
        String address = parsed.getSchemeSpecificPart();
        int q = address.indexOf('?');
        if (q >= 0) {
          address = address.substring(0, q);
        }
        int at = address.lastIndexOf('@');
        if (at <= 0 || at == address.length() - 1 || !validDomain(address.substring(at + 1))) {
          return Optional.of("rua URI \"" + abbreviate(uri) + "\" is not mailto:local-part@domain");
        }
        return Optional.empty();
      }
      case "https" -> {
        if (parsed.getHost() == null || parsed.getHost().isEmpty()) {
          return Optional.of("rua URI \"" + abbreviate(uri) + "\" has no host");
        }
        return Optional.empty();
      }
      case "http" -> {
        return Optional.of(
            "rua URI \"" + abbreviate(uri) + "\" uses http:; only https: and mailto: are allowed");
      }
      default -> {
        return Optional.of(
            "rua URI \""
                + abbreviate(uri)
                + "\" has scheme "
                + scheme
                + ":; only mailto: and https: are allowed");
      }
    }
  }

  private static boolean validDomain(String domain) {
    String d = domain.endsWith(".") ? domain.substring(0, domain.length() - 1) : domain;
    String[] labels = d.split("\\.", -1);
    if (labels.length < 2 || d.length() > 253) {
      return false;
    }
    for (String label : labels) {
      if (!LABEL.matcher(label).matches()) {
        return false;
      }
    }
    return true;
  }

  /**
   * The form two URIs are compared in: scheme, and for mailto the domain, and for https the host,
   * are case-insensitive; the rest is compared as written.
   */
  static String comparable(String uri) {
    int colon = uri.indexOf(':');
    if (colon <= 0) {
      return uri;
    }
    String scheme = uri.substring(0, colon).toLowerCase(Locale.ROOT);
    String rest = uri.substring(colon + 1);
    if (scheme.equals("mailto")) {
      int at = rest.lastIndexOf('@');
      if (at > 0) {
        rest = rest.substring(0, at + 1) + rest.substring(at + 1).toLowerCase(Locale.ROOT);
      }
    } else if (scheme.equals("https") && rest.startsWith("//")) {
      int end = rest.indexOf('/', 2);
      end = end < 0 ? rest.length() : end;
      rest = rest.substring(0, end).toLowerCase(Locale.ROOT) + rest.substring(end);
    }
    return scheme + ":" + rest;
  }

  static String abbreviate(String s) {
    return s.length() <= 64 ? s : s.substring(0, 61) + "...";
  }
}
