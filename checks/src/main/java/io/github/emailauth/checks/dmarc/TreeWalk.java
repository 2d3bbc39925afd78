package io.github.emailauth.checks.dmarc;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The pure half of RFC 9989's DNS Tree Walk (§4.10): which names to query, and what the answers
 * mean. The queries themselves are made by {@link DmarcDiscovery}.
 */
final class TreeWalk {
  /** RFC 9989 §4.10: at most 8 queries. */
  static final int MAX_QUERIES = 8;

  private TreeWalk() {}

  /**
   * The domains whose {@code _dmarc} record the walk asks for, in order: the domain itself, then,
   * when it has more than 8 labels, straight to its last 7, then one label fewer each step down to
   * the top-level domain.
   */
  static List<String> names(String domain) {
    String[] labels = domain.split("\\.");
    List<String> out = new ArrayList<>();
    out.add(domain);
    int next = labels.length > MAX_QUERIES ? MAX_QUERIES - 1 : labels.length - 1;
    for (int k = next; k >= 1; k--) {
      out.add(suffix(labels, k));
    }
    return out;
  }

  static String suffix(String[] labels, int count) {
    return String.join(
        ".", java.util.Arrays.copyOfRange(labels, labels.length - count, labels.length));
  }

  static int labels(String domain) {
    return domain.split("\\.").length;
  }

  /** What one {@code _dmarc} query of the walk found. */
  sealed interface Step {
    String domain();

    /** Exactly one DMARC record. */
    record Found(String domain, DmarcRecord record) implements Step {}

    /** No DMARC record (NXDOMAIN, NODATA, or only TXT records that are not DMARC). */
    record None(String domain) implements Step {}

    /** Several DMARC records: RFC 9989 discards them all and walks on. */
    record Several(String domain, int count) implements Step {}

    /** The query failed: what it would have found is unknown. */
    record Failed(String domain, String reason) implements Step {}
  }

  /** True when the walk stops after this step: a single record with psd=y or psd=n. */
  static boolean stops(Step step) {
    return step instanceof Step.Found f
        && f.record().validValue(DmarcTag.PSD).map(v -> !v.equalsIgnoreCase("u")).orElse(false);
  }

  /**
   * The organizational domain by RFC 9989 §4.10.2, from the steps of a walk that started at {@code
   * steps.get(0)}: among the names with a record, longest first, psd=n makes that name the
   * organizational domain and psd=y (other than at the start) the name one label below it;
   * otherwise it is the name with the fewest labels that has a record; with no record at all, the
   * domain itself.
   */
  static String orgDomain(List<Step> steps) {
    String start = steps.get(0).domain();
    String fewest = null;
    for (Step s : steps) {
      if (!(s instanceof Step.Found f)) {
        continue;
      }
      String psd =
          f.record().validValue(DmarcTag.PSD).orElse("u").toLowerCase(java.util.Locale.ROOT);
      if (psd.equals("n")) {
        return f.domain();
      }
      if (psd.equals("y") && !f.domain().equals(start)) {
        String[] labels = start.split("\\.");
        return suffix(labels, labels(f.domain()) + 1);
      }
      fewest = f.domain();
    }
    return fewest == null ? start : fewest;
  }

  /** Which tag of the governing record applies to the domain (RFC 9989 §4.10.1, §3.2.13). */
  enum Applies {
    P,
    SP,
    NP;

    String tag() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /**
   * The outcome of policy discovery.
   *
   * @param governing the step whose record governs the domain, or empty when none does
   * @param orgDomain the organizational domain the walk found
   * @param psd true when the governing record is a public suffix domain's (psd=y) record
   */
  record Outcome(Optional<Step.Found> governing, String orgDomain, boolean psd) {}

  /**
   * Policy discovery over a finished walk: the domain's own single record; else the record of the
   * organizational domain; else the record with psd=y above it (RFC 9989 §4.10.1: author domain,
   * then organizational domain, then public suffix domain). Callers must not pass a walk that had a
   * {@link Step.Failed} step.
   */
  static Outcome discover(List<Step> steps) {
    Step first = steps.get(0);
    String org = orgDomain(steps);
    if (first instanceof Step.Found own) {
      return new Outcome(Optional.of(own), org, false);
    }
    Optional<Step.Found> orgRecord = found(steps, org);
    if (orgRecord.isPresent()) {
      return new Outcome(orgRecord, org, false);
    }
    for (Step s : steps) {
      if (s instanceof Step.Found f
          && f.record().validValue(DmarcTag.PSD).map(v -> v.equalsIgnoreCase("y")).orElse(false)) {
        return new Outcome(Optional.of(f), org, true);
      }
    }
    return new Outcome(Optional.empty(), org, false);
  }

  static Optional<Step.Found> found(List<Step> steps, String domain) {
    for (Step s : steps) {
      if (s instanceof Step.Found f && f.domain().equals(domain)) {
        return Optional.of(f);
      }
    }
    return Optional.empty();
  }

  /**
   * p for the domain's own record; for a record of a parent, sp when the domain exists and np when
   * it does not (NXDOMAIN: NODATA means the name exists, RFC 8020).
   */
  static Applies applies(String domain, String recordDomain, boolean domainExists) {
    if (domain.equals(recordDomain)) {
      return Applies.P;
    }
    return domainExists ? Applies.SP : Applies.NP;
  }
}
