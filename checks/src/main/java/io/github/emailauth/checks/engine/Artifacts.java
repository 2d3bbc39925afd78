package io.github.emailauth.checks.engine;

import java.util.ArrayList;
import java.util.List;

/**
 * Records and files that realise a declaration, and the findings of a module that could not produce
 * some of them (a flattened SPF chain whose includes did not resolve): generate reports those like
 * any other finding instead of failing the module.
 */
public record Artifacts(
    List<GeneratedRecord> records, List<GeneratedFile> files, List<Finding> findings) {
  public static final Artifacts EMPTY = new Artifacts(List.of(), List.of(), List.of());

  public Artifacts {
    records = List.copyOf(records);
    files = List.copyOf(files);
    findings = List.copyOf(findings);
  }

  public Artifacts(List<GeneratedRecord> records, List<GeneratedFile> files) {
    this(records, files, List.of());
  }

  public static Artifacts ofRecords(List<GeneratedRecord> records) {
    return new Artifacts(records, List.of());
  }

  /** Nothing generated, and why. */
  public static Artifacts ofFindings(List<Finding> findings) {
    return new Artifacts(List.of(), List.of(), findings);
  }

  public Artifacts plus(Artifacts other) {
    List<GeneratedRecord> r = new ArrayList<>(records);
    r.addAll(other.records);
    List<GeneratedFile> f = new ArrayList<>(files);
    f.addAll(other.files);
    List<Finding> n = new ArrayList<>(findings);
    n.addAll(other.findings);
    return new Artifacts(r, f, n);
  }
}
