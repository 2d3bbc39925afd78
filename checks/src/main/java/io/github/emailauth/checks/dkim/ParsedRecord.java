package io.github.emailauth.checks.dkim;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One TXT record found at a selector, read as a DKIM key record (RFC 6376 §3.6.1). Three outcomes,
 * kept apart because they mean different things to a verifier and to the user:
 *
 * <ul>
 *   <li>{@link KeyRecord}: a well-formed key record (its key may still be unusable, see {@link
 *       PublishedKey});
 *   <li>{@link Malformed}: meant as a key record but broken, so verifiers ignore it (§6.1.2);
 *   <li>{@link NotAKey}: some other TXT, typically from a wildcard such as {@code *.example.com TXT
 *       "v=spf1 -all"} (§6.1.2 NOTE): not a DKIM key at all, not a syntax error.
 * </ul>
 */
sealed interface ParsedRecord {
  /** The TXT text as published, strings joined raw. */
  String text();

  /** A well-formed key record. {@code tags} keeps the published order and the raw values. */
  record KeyRecord(String text, Map<String, String> tags) implements ParsedRecord {
    public KeyRecord {
      tags = Collections.unmodifiableMap(new LinkedHashMap<>(tags));
      if (!tags.containsKey("p")) {
        throw new IllegalArgumentException("a key record has a p= tag");
      }
    }

    /** The p= value with all whitespace removed (§3.6.1: whitespace in base64 is ignored). */
    String publicKeyBase64() {
      return KeyRecordParser.stripWhitespace(tags.get("p"));
    }

    /** Empty {@code p=}: the key was revoked (§3.6.1). */
    boolean revoked() {
      return publicKeyBase64().isEmpty();
    }

    /** The k= value as published, or null when absent (which means rsa). */
    String keyTypeRaw() {
      return tags.get("k");
    }

    /**
     * The key type in lower case; {@code rsa} when k= is absent. ABNF literals are case-insensitive
     * (RFC 5234) although §3.2 calls values case-sensitive, so {@code k=ED25519} is read as ed25519
     * and reported as a compatibility warning elsewhere.
     */
    String keyType() {
      String k = keyTypeRaw();
      return k == null ? "rsa" : k.toLowerCase(Locale.ROOT);
    }

    /** The h= algorithms, or null when absent (all algorithms allowed). */
    List<String> hashAlgorithms() {
      return tags.containsKey("h") ? colonList(tags.get("h")) : null;
    }

    /** The s= service types; {@code *} when absent. */
    List<String> serviceTypes() {
      return tags.containsKey("s") ? colonList(tags.get("s")) : List.of("*");
    }

    /** The t= flags; empty when absent. */
    List<String> flags() {
      return tags.containsKey("t") ? colonList(tags.get("t")) : List.of();
    }

    /** {@code t=y}: the domain is testing DKIM; verifiers treat mail as unsigned (§3.6.1). */
    boolean testing() {
      return flags().stream().anyMatch(f -> f.equalsIgnoreCase("y"));
    }

    /** False when h= lists no algorithm a verifier may still use (RFC 8301 §3.1 bans sha1). */
    boolean hashUsable() {
      List<String> h = hashAlgorithms();
      return h == null || h.stream().anyMatch(a -> a.equalsIgnoreCase("sha256"));
    }

    /** False when s= names neither {@code email} nor {@code *} (§3.6.1). */
    boolean usableForEmail() {
      return serviceTypes().stream().anyMatch(s -> s.equals("*") || s.equalsIgnoreCase("email"));
    }

    private static List<String> colonList(String value) {
      List<String> out = new ArrayList<>();
      for (String part : value.split(":", -1)) {
        String item = KeyRecordParser.trimWhitespace(part);
        if (!item.isEmpty()) {
          out.add(item);
        }
      }
      return out;
    }
  }

  /** Meant as a key record (it has {@code p=} or starts {@code v=DKIM1}) but broken. */
  record Malformed(String text, String problem) implements ParsedRecord {}

  /** Not a DKIM key record: no {@code p=} and no {@code v=DKIM1}. */
  record NotAKey(String text) implements ParsedRecord {
    /** The first characters, for messages. */
    String excerpt() {
      return text.length() <= 60 ? text : text.substring(0, 57) + "...";
    }
  }
}
