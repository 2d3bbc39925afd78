package io.github.emailauth.checks.mtasts;

import java.util.List;
import java.util.TreeSet;

/**
 * Our MTA-STS verdicts for the conformance harness (docs/conformance.md), in the vocabulary both
 * sides share. Parsers only: the DNS and HTTPS paths are covered by the module's own tests.
 */
public final class MtaStsConformanceProbe {
  private MtaStsConformanceProbe() {}

  /**
   * What a sender makes of the TXT RRset at {@code _mta-sts.<domain>} (each record already joined),
   * selected the way {@code MtaStsModule} selects it: {@code id:<id>}, {@code none} (no record, or
   * an invalid one: both mean no MTA-STS) or {@code multiple}.
   */
  public static String txt(List<String> records) {
    List<String> candidates = StsRecord.select(records);
    if (candidates.isEmpty()) {
      return "none";
    }
    if (candidates.size() > 1) {
      return "multiple";
    }
    StsRecord.Parsed parsed = StsRecord.parse(candidates.get(0));
    return parsed.valid() ? "id:" + parsed.record().id() : "none";
  }

  /**
   * {@code invalid}, or {@code <mode> <max_age> <sorted distinct mx patterns>} for a policy body a
   * sender would use.
   */
  public static String policy(String body) {
    StsPolicyFile p = StsPolicyFile.parse(body);
    if (!p.valid()) {
      return "invalid";
    }
    TreeSet<String> mx = new TreeSet<>();
    p.mx().forEach(m -> mx.add(m.text()));
    return p.mode().word() + " " + p.maxAge() + " " + String.join(",", mx);
  }

  /** {@code invalid-policy}, {@code match} or {@code no-match} for MX host {@code host}. */
  public static String match(String body, String host) {
    StsPolicyFile p = StsPolicyFile.parse(body);
    if (!p.valid()) {
      return "invalid-policy";
    }
    return p.mx().stream().anyMatch(m -> m.matches(host)) ? "match" : "no-match";
  }
}
