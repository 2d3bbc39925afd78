package io.github.emailauth.checks.engine;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Every check id a run can report: the engine's own and those of every protocol module. Ids are
 * unique; a duplicate is a programming error and fails at construction, before any domain is
 * checked.
 */
public final class CheckCatalog {
  private final Map<String, CheckDefinition> byId;

  private CheckCatalog(Map<String, CheckDefinition> byId) {
    this.byId = byId;
  }

  /** The engine's checks plus those of {@code modules}. */
  public static CheckCatalog of(Collection<? extends ProtocolModule> modules) {
    List<CheckDefinition> all = new ArrayList<>(List.of(EngineCheck.values()));
    for (ProtocolModule module : modules) {
      all.addAll(module.checks());
    }
    return ofDefinitions(all);
  }

  /** The catalogue of the default modules ({@link ProtocolModules#all()}). */
  public static CheckCatalog standard() {
    return of(ProtocolModules.all());
  }

  static CheckCatalog ofDefinitions(Collection<? extends CheckDefinition> definitions) {
    Map<String, CheckDefinition> byId = new LinkedHashMap<>();
    List<CheckDefinition> sorted = new ArrayList<>(definitions);
    sorted.sort(Comparator.comparing(CheckDefinition::id));
    for (CheckDefinition d : sorted) {
      CheckDefinition previous = byId.putIfAbsent(d.id(), d);
      if (previous != null && previous != d) {
        throw new IllegalStateException(
            "check id "
                + d.id()
                + " is declared twice: by "
                + describe(previous)
                + " and by "
                + describe(d));
      }
    }
    return new CheckCatalog(java.util.Collections.unmodifiableMap(byId));
  }

  private static String describe(CheckDefinition d) {
    return d.getClass().getName() + (d instanceof Enum<?> e ? "." + e.name() : "");
  }

  /** All definitions, sorted by id. */
  public List<CheckDefinition> all() {
    return List.copyOf(byId.values());
  }

  public Optional<CheckDefinition> find(String id) {
    return Optional.ofNullable(byId.get(id));
  }

  public boolean contains(String id) {
    return byId.containsKey(id);
  }

  /**
   * The known id closest to {@code unknown}, for "did you mean": case is ignored, and only an id
   * within a few edits counts, so a wild guess gets no suggestion.
   */
  public Optional<String> suggest(String unknown) {
    String wanted = unknown.toUpperCase(Locale.ROOT);
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String id : byId.keySet()) {
      int d = editDistance(wanted, id);
      if (d < bestDistance) {
        best = id;
        bestDistance = d;
      }
    }
    int limit = Math.max(2, wanted.length() / 3);
    return bestDistance <= limit ? Optional.ofNullable(best) : Optional.empty();
  }

  /** Levenshtein distance; ids are short, so the quadratic table is fine. */
  static int editDistance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitution, Math.min(previous[j] + 1, current[j - 1] + 1));
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }
}
