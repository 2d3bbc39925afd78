package io.github.emailauth.checks.dkim;

import io.github.emailauth.checks.dkim.ParsedRecord.KeyRecord;
import io.github.emailauth.checks.dkim.ParsedRecord.Malformed;
import io.github.emailauth.checks.dns.DnsAnswer;
import io.github.emailauth.checks.dns.DnsClient;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.xbill.DNS.Type;

/**
 * The DKIM key-record verdict the conformance harness (package {@code checks.conformance}) compares
 * with another implementation, read from our package-private parser and decoder.
 */
public final class DkimConformanceProbe {
  private DkimConformanceProbe() {}

  /**
   * {@code verdict}: {@code rsa-<bits>} or {@code ed25519} when a verifier would use the key for an
   * rsa-sha256 or ed25519-sha256 email signature, {@code rsa-short} for an RSA key under 1024 bits
   * (RFC 8301 §3.2), {@code unusable} otherwise, {@code no-record} when there is no TXT, and {@code
   * temperror} when the query failed; {@code detail}: why.
   */
  public static CompletableFuture<Map<String, String>> verdict(DnsClient dns, String name) {
    return dns.query(name, Type.TXT).thenApply(DkimConformanceProbe::verdict);
  }

  private static Map<String, String> verdict(DnsAnswer answer) {
    Map<String, String> out = new LinkedHashMap<>();
    if (answer instanceof DnsAnswer.Failure f) {
      return put(out, "temperror", f.describe());
    }
    if (!(answer instanceof DnsAnswer.Records r) || r.txt().isEmpty()) {
      return put(out, "no-record", "no TXT record");
    }
    if (r.txt().size() > 1) {
      return put(out, "several", r.txt().size() + " TXT records");
    }
    ParsedRecord parsed = KeyRecordParser.parse(r.txt().get(0));
    if (parsed instanceof Malformed m) {
      return put(out, "unusable", "malformed: " + m.problem());
    }
    if (!(parsed instanceof KeyRecord key)) {
      return put(out, "unusable", "not a key record");
    }
    PublishedKey decoded = PublishedKey.decode(key);
    if (decoded instanceof PublishedKey.Revoked) {
      return put(out, "unusable", "revoked");
    }
    if (decoded instanceof PublishedKey.UnknownType u) {
      return put(out, "unusable", "unknown key type " + u.keyType());
    }
    if (decoded instanceof PublishedKey.Undecodable u) {
      return put(out, "unusable", u.problem());
    }
    if (!key.hashUsable()) {
      return put(out, "unusable", "h=" + key.tags().get("h") + " excludes sha256");
    }
    if (!key.usableForEmail()) {
      return put(out, "unusable", "s=" + key.tags().get("s") + " excludes email");
    }
    PublicKeyMaterial material = ((PublishedKey.Decoded) decoded).key();
    if (material instanceof PublicKeyMaterial.Rsa rsa) {
      return rsa.bits() < 1024
          ? put(out, "rsa-short", rsa.bits() + " bits")
          : put(
              out,
              "rsa-" + rsa.bits(),
              String.join("; ", ((PublishedKey.Decoded) decoded).notes()));
    }
    return put(out, "ed25519", String.join("; ", ((PublishedKey.Decoded) decoded).notes()));
  }

  private static Map<String, String> put(Map<String, String> out, String verdict, String detail) {
    out.put("verdict", verdict);
    out.put("detail", detail);
    return out;
  }
}
