package io.github.emailauth.checks.engine;

import java.util.ArrayList;
import java.util.List;

/** Records and files that realise a declaration. */
public record Artifacts(List<GeneratedRecord> records, List<GeneratedFile> files) {
  public static final Artifacts EMPTY = new Artifacts(List.of(), List.of());

  public Artifacts {
    records = List.copyOf(records);
    files = List.copyOf(files);
  }

  public static Artifacts ofRecords(List<GeneratedRecord> records) {
    return new Artifacts(records, List.of());
  }

  public Artifacts plus(Artifacts other) {
    List<GeneratedRecord> r = new ArrayList<>(records);
    r.addAll(other.records);
    List<GeneratedFile> f = new ArrayList<>(files);
    f.addAll(other.files);
    return new Artifacts(r, f);
  }
}
