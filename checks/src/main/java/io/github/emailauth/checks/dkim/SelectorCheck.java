package io.github.emailauth.checks.dkim;

import io.github.emailauth.checks.dkim.ParsedRecord.KeyRecord;
import io.github.emailauth.checks.dkim.ParsedRecord.Malformed;
import io.github.emailauth.checks.dkim.ParsedRecord.NotAKey;
import io.github.emailauth.checks.dns.DnsAnswer;
import io.github.emailauth.checks.engine.Finding;
import io.github.emailauth.checks.text.ZoneText;
import io.github.emailauth.policy.SourcePosition;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Judges the answer to one selector query. No I/O: the answer, the declaration and the key file
 * come in, findings go out.
 */
final class SelectorCheck {
  private final String domain;
  private final String name;
  private final DnsAnswer answer;

  /**
   * The name for messages about the record: with the CNAME target when the selector delegates to a
   * provider, so the user sees whose record it is.
   */
  private final String shown;

  /** The end of the selector's CNAME chain, which holds the record; null without a CNAME. */
  private final String target;

  /** Where the selector was declared: the location of findings that have no more exact one. */
  private final SourcePosition declaredAt;

  private final List<Finding> out = new ArrayList<>();

  private SelectorCheck(String domain, String name, DnsAnswer answer, SourcePosition declaredAt) {
    this.domain = domain;
    this.name = name;
    this.answer = answer;
    this.declaredAt = declaredAt;
    List<String> chain = answer.cnameChain();
    this.target = chain.isEmpty() ? null : chain.get(chain.size() - 1);
    this.shown = target == null ? name : name + " (CNAME to " + target + ")";
  }

  // ------------------------------------------------------------------ declared selectors

  /**
   * Findings for a declared selector.
   *
   * @param keyFile the declared key file as read, or null when none is declared
   */
  static List<Finding> declared(
      String domain, DeclaredSelector sel, DnsAnswer answer, KeyFile keyFile, LocalDate today) {
    SelectorCheck c = new SelectorCheck(domain, sel.dnsName(domain), answer, sel.at("selector"));
    c.checkDeclared(sel, keyFile, today);
    return c.out;
  }

  private void checkDeclared(DeclaredSelector sel, KeyFile keyFile, LocalDate today) {
    PublicKeyMaterial declaredKey = keyFile instanceof KeyFile.Loaded l ? l.key() : null;
    String expectedText =
        sel.selector().revoked()
            ? DkimRecordText.REVOKED
            : declaredKey == null ? null : DkimRecordText.of(declaredKey, sel.selector().testing());
    if (answer instanceof DnsAnswer.Failure f) {
      out.add(
          finding(DkimCheck.UNVERIFIABLE, sel.at("selector"))
              .message("could not look up the DKIM key at " + shown + ": " + f.describe())
              .actual(f.describe())
              .expected(expectedText)
              .remediation(
                  "run again; if it persists, check the name servers of "
                      + (target == null ? domain : target))
              .build());
      return;
    }
    if (!sel.mustBeAbsent(today)) {
      // a revoked or retired selector is judged on its key alone: generate writes its revocation
      // as a TXT record, so a CNAME declared for its active days no longer applies
      checkCname(sel);
    }
    List<ParsedRecord> parsed = parse();
    List<KeyRecord> keys = lintRecords(parsed);
    if (keys.isEmpty()) {
      boolean meantAsKeys = parsed.stream().anyMatch(p -> p instanceof Malformed);
      if (!sel.mustBeAbsent(today) && !meantAsKeys) {
        missing(sel, parsed, expectedText);
      }
      return;
    }
    for (KeyRecord key : keys) {
      checkDeclaredKey(sel, key, declaredKey, expectedText, today);
    }
  }

  private void checkCname(DeclaredSelector sel) {
    List<String> chain = answer.cnameChain();
    String declared = sel.selector().cname();
    if (declared != null) {
      String want = normalise(declared);
      String have = chain.isEmpty() ? null : normalise(chain.get(0));
      if (!want.equals(have)) {
        out.add(
            finding(DkimCheck.CNAME_DRIFT, sel.at("cname"))
                .message(
                    have == null
                        ? name + " is not a CNAME; declared a CNAME to " + want
                        : name + " is a CNAME to " + have + ", declared " + want)
                .expected(name + " CNAME " + want + ".")
                .actual(have == null ? "no CNAME" : name + " CNAME " + have + ".")
                .remediation(
                    "publish "
                        + name
                        + " CNAME "
                        + want
                        + ". or, if the provider changed it, update cname: in the policy")
                .build());
      }
    } else if (!chain.isEmpty()) {
      out.add(
          finding(DkimCheck.CNAME_DELEGATED, sel.at("selector"))
              .message(
                  name
                      + " is delegated by CNAME to "
                      + chain.get(0)
                      + "; declare cname: "
                      + chain.get(0)
                      + " to notice when it changes")
              .actual(name + " CNAME " + String.join(" -> ", chain))
              .remediation("add cname: " + chain.get(0) + " to " + sel.describe())
              .build());
    }
  }

  private void missing(DeclaredSelector sel, List<ParsedRecord> parsed, String expectedText) {
    String why;
    String actual;
    List<String> chain = answer.cnameChain();
    String via = chain.isEmpty() ? "" : " (CNAME to " + String.join(" -> ", chain) + ")";
    if (answer instanceof DnsAnswer.NxDomain) {
      why =
          chain.isEmpty()
              ? "the name does not exist (NXDOMAIN)"
              : "it is a CNAME to " + chain.get(chain.size() - 1) + ", which does not exist";
      actual = "NXDOMAIN" + via;
    } else if (parsed.isEmpty()) {
      why = "the name has no TXT record" + via;
      actual = "no TXT record" + via;
    } else {
      NotAKey other = (NotAKey) parsed.get(0);
      why =
          "only a TXT record that is not a DKIM key answers (\""
              + other.excerpt()
              + "\"), probably from a wildcard"
              + via;
      actual = other.text();
    }
    out.add(
        finding(DkimCheck.KEY_MISSING, sel.at("selector"))
            .message("no DKIM key at " + name + ": " + why)
            .expected(expectedText == null ? "a v=DKIM1 key record" : expectedText)
            .actual(actual)
            .remediation(
                sel.selector().cname() != null
                    ? "publish "
                        + name
                        + " CNAME "
                        + normalise(sel.selector().cname())
                        + ". (the provider publishes the key there)"
                    : expectedText != null
                        ? publish(expectedText)
                        : sel.sender() != null
                            ? "publish the key of sender "
                                + sel.sender()
                                + " at "
                                + name
                                + " (see the provider's DKIM set-up), or remove the sender"
                            : "publish the key for "
                                + sel.describe()
                                + ", or remove the selector from the policy")
            .build());
  }

  private void checkDeclaredKey(
      DeclaredSelector sel,
      KeyRecord key,
      PublicKeyMaterial declaredKey,
      String expectedText,
      LocalDate today) {
    PublishedKey decoded = PublishedKey.decode(key);
    String published = describePublished(decoded);
    if (sel.selector().revoked()) {
      if (!key.revoked()) {
        out.add(
            finding(DkimCheck.REVOKED_KEY_PUBLISHED, sel.at("revoked"))
                .message(
                    sel.describe()
                        + " is declared revoked but "
                        + shown
                        + " still publishes "
                        + published)
                .expected(DkimRecordText.REVOKED)
                .actual(key.text())
                .remediation(revoke() + " (or delete it)")
                .build());
      }
      return; // a key on its way out is not judged on its quality
    }
    LocalDate retireAfter = sel.selector().retireAfter();
    if (retireAfter != null && !key.revoked()) {
      if (sel.retired(today)) {
        out.add(
            finding(DkimCheck.RETIRED_KEY_PUBLISHED, sel.at("retireAfter"))
                .message(
                    shown
                        + " still publishes "
                        + published
                        + ", to be retired after "
                        + retireAfter)
                .expected(DkimRecordText.REVOKED)
                .actual(key.text())
                .remediation("revoke it: " + revoke() + " and declare revoked: true")
                .build());
        return;
      }
      long days = ChronoUnit.DAYS.between(today, retireAfter);
      if (days <= DeclaredSelector.RETIRE_NOTICE_DAYS) {
        out.add(
            finding(DkimCheck.KEY_RETIRING, sel.at("retireAfter"))
                .message(
                    "the key at "
                        + shown
                        + " is to be retired after "
                        + retireAfter
                        + (days == 0
                            ? " (today)"
                            : " (in " + days + (days == 1 ? " day)" : " days)"))
                        + "; move signing to its successor before then")
                .actual(key.text())
                .remediation(
                    "publish the next key under a new selector, switch signing to it, then "
                        + revoke()
                        + " and declare revoked: true")
                .build());
      }
    }
    if (key.revoked()) {
      if (!sel.retired(today)) {
        out.add(
            finding(DkimCheck.KEY_REVOKED, sel.at("selector"))
                .message(
                    "the key at "
                        + shown
                        + " is revoked (empty p=), but the policy declares "
                        + sel.describe()
                        + " active")
                .expected(expectedText == null ? "a v=DKIM1 key record with a key" : expectedText)
                .actual(key.text())
                .remediation(
                    expectedText == null
                        ? "publish the key again, or declare revoked: true"
                        : publish(expectedText) + ", or declare revoked: true")
                .build());
      }
      return;
    }
    boolean matchesFile = false;
    if (decoded instanceof PublishedKey.Decoded d && declaredKey != null) {
      String difference = declaredKey.difference(d.key());
      String file = sel.selector().publicKey();
      if (difference == null) {
        matchesFile = true;
      } else {
        out.add(
            finding(DkimCheck.KEY_MISMATCH, sel.at("publicKey"))
                .message(
                    "the key at "
                        + shown
                        + " differs from "
                        + file
                        + ": "
                        + difference
                        + "; published "
                        + d.key().fingerprint()
                        + ", declared "
                        + declaredKey.fingerprint())
                .expected(
                    declaredKey.fingerprint() + " (" + declaredKey.describe() + ", " + file + ")")
                .actual(d.key().fingerprint() + " (" + d.key().describe() + ", published)")
                .remediation(
                    target == null
                        ? publish(expectedText)
                            + " (emailauth:generate writes it), or replace "
                            + file
                            + " if the key was rotated on purpose"
                        : publish(expectedText)
                            + ", or replace "
                            + file
                            + " if the provider rotated the key")
                .build());
      }
    }
    // A key equal to the declared file was judged on its size by lint, at the file.
    keyQuality(
        key,
        decoded,
        sel.minBits(),
        sel.selector().minBits() != null,
        !matchesFile,
        sel.at("selector"));
    if (key.testing() != sel.selector().testing()) {
      out.add(
          finding(DkimCheck.TESTING_FLAG, sel.at("testing"))
              .message(
                  key.testing()
                      ? "the key at "
                          + shown
                          + " has t=y (testing), but "
                          + sel.describe()
                          + " is declared production: verifiers may treat its signatures as"
                          + " absent (RFC 6376 §3.6.1)"
                      : sel.describe()
                          + " is declared testing: true, but the key at "
                          + shown
                          + " has no t=y")
              .expected(expectedText)
              .actual(key.text())
              .remediation(
                  key.testing()
                      ? "remove t=y from " + holder() + ", or declare testing: true"
                      : "add t=y to " + holder() + ", or remove testing: true")
              .build());
    }
  }

  // ------------------------------------------------------------------ discovered selectors

  /**
   * Findings for a built-in selector the policy does not declare: a notice for a live key, plus
   * what is invalid about what is published there (DESIGN: a broken record is still invalid).
   */
  static List<Finding> discovered(
      String domain, String selector, DnsAnswer answer, boolean parked) {
    String name = (selector + "._domainkey." + domain).toLowerCase(Locale.ROOT);
    SelectorCheck c = new SelectorCheck(domain, name, answer, null);
    if (answer instanceof DnsAnswer.Records) {
      List<KeyRecord> keys = c.lintRecords(c.parse());
      for (KeyRecord key : keys) {
        if (key.revoked()) {
          continue;
        }
        PublishedKey decoded = PublishedKey.decode(key);
        List<String> chain = answer.cnameChain();
        c.out.add(
            c.finding(DkimCheck.UNDECLARED_KEY, null)
                .message(
                    "undeclared DKIM key at "
                        + name
                        + " ("
                        + summary(decoded)
                        + (chain.isEmpty() ? "" : ", CNAME to " + chain.get(0))
                        + ")"
                        + (parked ? "; a parked domain sends no mail, so it needs no key" : ""))
                .actual(key.text())
                .remediation(
                    parked
                        ? "revoke it: " + c.revoke()
                        : "declare selector "
                            + selector
                            + " under dkim: (or its sender), or revoke the key if nothing"
                            + " signs with it")
                .build());
        c.keyQuality(key, decoded, DeclaredSelector.DEFAULT_MIN_BITS, false, true, null);
      }
    }
    return c.out;
  }

  // ------------------------------------------------------------------ shared

  private List<ParsedRecord> parse() {
    List<ParsedRecord> parsed = new ArrayList<>();
    if (answer instanceof DnsAnswer.Records r) {
      for (String txt : r.txt()) {
        parsed.add(KeyRecordParser.parse(txt));
      }
    }
    return parsed;
  }

  /** Reports several records and malformed ones; returns the well-formed key records. */
  private List<KeyRecord> lintRecords(List<ParsedRecord> parsed) {
    List<KeyRecord> keys = new ArrayList<>();
    long dkimLike = parsed.stream().filter(p -> !(p instanceof NotAKey)).count();
    if (parsed.size() > 1 && dkimLike > 0) {
      String hint = splitKeyHint(parsed);
      out.add(
          finding(DkimCheck.MULTIPLE_RECORDS, null)
              .message(
                  shown
                      + " has "
                      + parsed.size()
                      + " TXT records; a selector holds one key record, and verifiers may pick"
                      + " any (RFC 6376 §3.6.2.2)"
                      + (hint == null ? "" : "; " + hint))
              .actual(String.join(" | ", parsed.stream().map(ParsedRecord::text).toList()))
              .remediation(
                  hint != null
                      ? "publish one TXT record whose several strings join to the key record"
                      : "delete all but one record at " + holder())
              .build());
    }
    for (ParsedRecord p : parsed) {
      if (p instanceof Malformed m) {
        out.add(
            finding(DkimCheck.RECORD_SYNTAX, null)
                .message("the DKIM key record at " + shown + " is malformed: " + m.problem())
                .actual(m.text())
                .remediation("fix the record at " + holder() + "; verifiers ignore it as it is")
                .build());
      } else if (p instanceof KeyRecord k) {
        keys.add(k);
      }
    }
    return keys;
  }

  /**
   * When two TXT records are one key cut in two (a DNS console that made two records instead of two
   * strings), joining them yields a usable key.
   */
  private static String splitKeyHint(List<ParsedRecord> parsed) {
    if (parsed.size() > 4) {
      return null;
    }
    for (ParsedRecord a : parsed) {
      for (ParsedRecord b : parsed) {
        if (a != b
            && KeyRecordParser.parse(a.text() + b.text()) instanceof KeyRecord joined
            && PublishedKey.decode(joined) instanceof PublishedKey.Decoded) {
          return "they look like one key split into two records instead of two strings";
        }
      }
    }
    return null;
  }

  /**
   * The key's own validity against RFC 6376, 8301 and 8463.
   *
   * @param minBitsDeclared the minimum was written in the policy (for the message)
   * @param sizeChecks false when the key equals a declared key file, which lint judged already
   */
  private void keyQuality(
      KeyRecord key,
      PublishedKey decoded,
      int minBits,
      boolean minBitsDeclared,
      boolean sizeChecks,
      SourcePosition location) {
    if (decoded instanceof PublishedKey.UnknownType u) {
      out.add(
          finding(DkimCheck.KEY_TYPE_UNKNOWN, location)
              .message(
                  "k="
                      + u.keyType()
                      + " at "
                      + shown
                      + " is not a known key type (rsa, ed25519), so verifiers cannot use the"
                      + " key")
              .actual(key.text())
              .remediation("publish k=rsa or k=ed25519 with a matching key")
              .build());
    } else if (decoded instanceof PublishedKey.Undecodable u) {
      out.add(
          finding(DkimCheck.KEY_MALFORMED, location)
              .message("the key at " + shown + " cannot be used: " + u.problem())
              .actual(key.text())
              .remediation("publish the key again from its key file (emailauth:generate)")
              .build());
    } else if (decoded instanceof PublishedKey.Decoded d) {
      for (String note : d.notes()) {
        out.add(
            finding(DkimCheck.KEY_ENCODING, location)
                .message("the key at " + shown + ": " + note)
                .actual(key.text())
                .remediation(publish(DkimRecordText.of(d.key(), key.testing())))
                .build());
      }
      if (sizeChecks && d.key() instanceof PublicKeyMaterial.Rsa rsa) {
        sizeFindings(
                rsa,
                "the RSA key at " + shown,
                minBits,
                minBitsDeclared,
                location == null ? declaredAt : location)
            .forEach(b -> out.add(b.actual(key.text()).build()));
      }
    }
    List<String> h = key.hashAlgorithms();
    if (!key.hashUsable()) {
      boolean sha1Only = h.stream().allMatch(a -> a.equalsIgnoreCase("sha1"));
      out.add(
          finding(DkimCheck.HASH_UNUSABLE, location)
              .message(
                  "h="
                      + String.join(":", h)
                      + " at "
                      + shown
                      + (sha1Only
                          ? " allows only sha1, which RFC 8301 §3.1 forbids: no signature made with"
                              + " this key verifies"
                          : " lists no hash algorithm verifiers implement (sha256)"))
              .actual(key.text())
              .remediation("remove h= (all algorithms) or publish h=sha256")
              .build());
    }
    if (!key.usableForEmail()) {
      out.add(
          finding(DkimCheck.SERVICE_UNUSABLE, location)
              .message(
                  "s="
                      + String.join(":", key.serviceTypes())
                      + " at "
                      + shown
                      + " excludes email, so mail verifiers ignore the key (RFC 6376 §3.6.1)")
              .actual(key.text())
              .remediation("remove s= or publish s=email")
              .build());
    }
  }

  /** RSA size findings, shared with lint (which judges key files). Returns unfinished builders. */
  static List<Finding.Builder> sizeFindings(
      String domain,
      String subject,
      PublicKeyMaterial.Rsa rsa,
      String what,
      int minBits,
      boolean minBitsDeclared,
      SourcePosition location) {
    List<Finding.Builder> out = new ArrayList<>();
    int bits = rsa.bits();
    if (bits < 1024) {
      out.add(
          Finding.of(DkimCheck.KEY_TOO_SMALL, domain)
              .subject(subject)
              .location(location)
              .message(
                  what
                      + " has "
                      + bits
                      + " bits; verifiers must not accept signatures from keys under 1024 bits"
                      + " (RFC 8301 §3.2)")
              .remediation("make a new key of 2048 bits under a new selector and rotate to it"));
    } else if (bits < minBits) {
      out.add(
          Finding.of(DkimCheck.KEY_WEAK, domain)
              .subject(subject)
              .location(location)
              .message(
                  what
                      + " has "
                      + bits
                      + " bits, under the "
                      + (minBitsDeclared ? "declared minBits " : "recommended ")
                      + minBits
                      + (minBitsDeclared ? "" : " (RFC 8301 §3.2)"))
              .remediation(
                  "make a new key of at least "
                      + minBits
                      + " bits under a new selector and"
                      + " rotate to it"));
    }
    if (bits > 4096) {
      out.add(
          Finding.of(DkimCheck.KEY_TOO_LARGE, domain)
              .subject(subject)
              .location(location)
              .message(
                  what
                      + " has "
                      + bits
                      + " bits; verifiers need only handle up to 4096 (RFC 8301 §3.2) and some"
                      + " fail on larger keys")
              .remediation("use a key of 2048 to 4096 bits"));
    }
    return out;
  }

  private List<Finding.Builder> sizeFindings(
      PublicKeyMaterial.Rsa rsa,
      String what,
      int minBits,
      boolean minBitsDeclared,
      SourcePosition location) {
    return sizeFindings(domain, subject(), rsa, what, minBits, minBitsDeclared, location);
  }

  private static String describePublished(PublishedKey decoded) {
    if (decoded instanceof PublishedKey.Decoded d) {
      return "an " + d.key().describe() + " key (" + d.key().fingerprint() + ")";
    }
    if (decoded instanceof PublishedKey.UnknownType u) {
      return "a key of unknown type k=" + u.keyType();
    }
    return decoded instanceof PublishedKey.Revoked ? "a revoked key" : "an unusable key";
  }

  /** "RSA 2048-bit, sha256:...": a published key in a parenthesis. */
  private static String summary(PublishedKey decoded) {
    if (decoded instanceof PublishedKey.Decoded d) {
      return d.key().describe() + ", " + d.key().fingerprint();
    }
    return describePublished(decoded);
  }

  private String subject() {
    return name + " TXT";
  }

  /** The name that holds the record: the CNAME target, or the selector's own name. */
  private String holder() {
    return target == null ? name : target;
  }

  /** How to get {@code text} published where verifiers read it (no TXT can sit beside a CNAME). */
  private String publish(String text) {
    return target == null
        ? "publish " + name + " TXT " + ZoneText.quoted(text) + ZoneText.splitNote(text)
        : "have "
            + target
            + " (where "
            + name
            + " points by CNAME) publish TXT "
            + ZoneText.quoted(text)
            + ZoneText.splitNote(text);
  }

  /** How to revoke: a selector delegated by CNAME stops pointing at the provider's key. */
  private String revoke() {
    return target == null
        ? "publish " + name + " TXT \"" + DkimRecordText.REVOKED + "\""
        : "replace the CNAME at " + name + " by TXT \"" + DkimRecordText.REVOKED + "\"";
  }

  private Finding.Builder finding(DkimCheck check, SourcePosition location) {
    return Finding.of(check, domain)
        .subject(subject())
        .location(location == null ? declaredAt : location);
  }

  static String normalise(String host) {
    String h = host.trim().toLowerCase(Locale.ROOT);
    return h.endsWith(".") ? h.substring(0, h.length() - 1) : h;
  }
}
