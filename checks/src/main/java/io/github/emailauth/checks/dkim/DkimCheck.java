package io.github.emailauth.checks.dkim;

import io.github.emailauth.checks.engine.CheckDefinition;
import io.github.emailauth.checks.engine.CheckSpec;
import io.github.emailauth.checks.engine.Kind;
import io.github.emailauth.checks.engine.Protocol;
import io.github.emailauth.checks.engine.Severity;

/** Every DKIM check id. Each has a {@code ### ID} section in docs/checks.md under "DKIM". */
public enum DkimCheck implements CheckDefinition {
  // --- the declaration against what is published
  KEY_MISSING(
      "DKIM-KEY-MISSING", Kind.DRIFT, Severity.ERROR, "A declared selector publishes no key"),
  KEY_MISMATCH(
      "DKIM-KEY-MISMATCH",
      Kind.DRIFT,
      Severity.ERROR,
      "The published key differs from the declared key file"),
  KEY_REVOKED(
      "DKIM-KEY-REVOKED",
      Kind.DRIFT,
      Severity.ERROR,
      "A selector declared active publishes a revoked key (empty p=)"),
  REVOKED_KEY_PUBLISHED(
      "DKIM-REVOKED-KEY-PUBLISHED",
      Kind.DRIFT,
      Severity.ERROR,
      "A selector declared revoked still publishes a key"),
  RETIRED_KEY_PUBLISHED(
      "DKIM-RETIRED-KEY-PUBLISHED",
      Kind.DRIFT,
      Severity.ERROR,
      "A key is still published after its retireAfter date"),
  KEY_RETIRING(
      "DKIM-KEY-RETIRING",
      Kind.DRIFT,
      Severity.NOTICE,
      "A key reaches its retireAfter date within 30 days"),
  TESTING_FLAG(
      "DKIM-TESTING-FLAG",
      Kind.DRIFT,
      Severity.WARNING,
      "The t=y testing flag differs from the declaration"),
  CNAME_DRIFT(
      "DKIM-CNAME-DRIFT",
      Kind.DRIFT,
      Severity.ERROR,
      "The selector's CNAME differs from the declared cname"),
  CNAME_DELEGATED(
      "DKIM-CNAME-DELEGATED",
      Kind.DRIFT,
      Severity.NOTICE,
      "A selector is delegated by CNAME but no cname is declared"),
  UNDECLARED_KEY(
      "DKIM-UNDECLARED-KEY",
      Kind.DRIFT,
      Severity.NOTICE,
      "A live key at a common selector the policy does not declare"),
  WILDCARD_KEY(
      "DKIM-WILDCARD-KEY",
      Kind.WEAK,
      Severity.NOTICE,
      "A wildcard answers every selector with a key; discovery is off"),
  DISCOVERY_INCOMPLETE(
      "DKIM-DISCOVERY-INCOMPLETE",
      Kind.UNVERIFIABLE,
      Severity.NOTICE,
      "Selector discovery could not complete"),
  UNVERIFIABLE(
      "DKIM-UNVERIFIABLE",
      Kind.UNVERIFIABLE,
      Severity.WARNING,
      "A declared selector could not be looked up"),
  // --- what is published against RFC 6376, RFC 8301 and RFC 8463
  MULTIPLE_RECORDS(
      "DKIM-MULTIPLE-RECORDS",
      Kind.INVALID,
      Severity.ERROR,
      "More than one TXT record at a selector"),
  RECORD_SYNTAX(
      "DKIM-RECORD-SYNTAX", Kind.INVALID, Severity.ERROR, "The key record's tag-list is malformed"),
  KEY_MALFORMED(
      "DKIM-KEY-MALFORMED",
      Kind.INVALID,
      Severity.ERROR,
      "p= is not valid base64 or not a key of the type k= names"),
  KEY_TYPE_UNKNOWN(
      "DKIM-KEY-TYPE-UNKNOWN", Kind.INVALID, Severity.ERROR, "k= names an unknown key type"),
  KEY_TOO_SMALL(
      "DKIM-KEY-TOO-SMALL",
      Kind.INVALID,
      Severity.ERROR,
      "An RSA key under 1024 bits, which verifiers must reject"),
  KEY_WEAK(
      "DKIM-KEY-WEAK",
      Kind.WEAK,
      Severity.WARNING,
      "An RSA key smaller than the declared minBits (default 2048)"),
  KEY_TOO_LARGE(
      "DKIM-KEY-TOO-LARGE",
      Kind.WEAK,
      Severity.WARNING,
      "An RSA key over 4096 bits, which some verifiers cannot handle"),
  KEY_ENCODING(
      "DKIM-KEY-ENCODING",
      Kind.WEAK,
      Severity.WARNING,
      "A key encoding that only some verifiers accept"),
  HASH_UNUSABLE(
      "DKIM-HASH-UNUSABLE",
      Kind.INVALID,
      Severity.ERROR,
      "h= allows no usable hash algorithm (sha1 only)"),
  SERVICE_UNUSABLE(
      "DKIM-SERVICE-UNUSABLE",
      Kind.INVALID,
      Severity.ERROR,
      "s= excludes email, so the key cannot verify mail"),
  // --- the declaration itself (lint)
  KEY_FILE_INVALID(
      "DKIM-KEY-FILE-INVALID",
      Kind.INVALID,
      Severity.ERROR,
      "A declared key file cannot be read as an RSA or Ed25519 key"),
  KEY_FILE_PRIVATE(
      "DKIM-KEY-FILE-PRIVATE",
      Kind.WEAK,
      Severity.WARNING,
      "A declared key file holds a private key"),
  SELECTOR_SYNTAX(
      "DKIM-SELECTOR-SYNTAX",
      Kind.INVALID,
      Severity.ERROR,
      "A declared selector is not a valid DNS name");

  private final CheckSpec spec;

  DkimCheck(String id, Kind kind, Severity severity, String title) {
    this.spec = new CheckSpec(id, Protocol.DKIM, kind, severity, title);
  }

  @Override
  public CheckSpec spec() {
    return spec;
  }
}
