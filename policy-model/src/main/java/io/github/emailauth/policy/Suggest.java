package io.github.emailauth.policy;

import java.util.Collection;
import java.util.Locale;
import java.util.stream.Collectors;

/** "Did you mean" for keys and words: the closest candidate by edit distance, if close enough. */
final class Suggest {
  /** Longer strings are not typos of a key; skipping them keeps hostile input cheap. */
  private static final int MAX_LENGTH = 64;

  /**
   * Past this many candidates (thousands of senders, say) a suggestion is skipped: a file full of
   * misspelt references must not cost candidates times references edit distances.
   */
  private static final int MAX_CANDIDATES = 200;

  private Suggest() {}

  /** The candidate closest to {@code word}, or null when none is plausibly what was meant. */
  static String closest(String word, Collection<String> candidates) {
    if (word.length() > MAX_LENGTH || candidates.size() > MAX_CANDIDATES) {
      return null;
    }
    String lower = word.toLowerCase(Locale.ROOT);
    // An abbreviation of exactly one candidate ("warn" for "warning", "quar" for "quarantine") is
    // what was meant, however many letters it leaves out.
    if (lower.length() >= 3) {
      String only = null;
      for (String candidate : candidates) {
        if (candidate.toLowerCase(Locale.ROOT).startsWith(lower)) {
          if (only != null) {
            only = null;
            break;
          }
          only = candidate;
        }
      }
      if (only != null) {
        return only;
      }
    }
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String candidate : candidates) {
      int d = distance(lower, candidate.toLowerCase(Locale.ROOT));
      if (d < bestDistance) {
        best = candidate;
        bestDistance = d;
      }
    }
    if (best == null) {
      return null;
    }
    // One edit per three characters, between one and three: "polcy" -> "policy", "rejct" ->
    // "reject". The comparison ignores case, so "Policy" -> "policy" is always found.
    int allowed = Math.max(1, Math.min(3, Math.max(word.length(), best.length()) / 3));
    return bestDistance <= allowed ? best : null;
  }

  /** "did you mean `policy`?" or, without a close match, the list of valid choices. */
  static String didYouMean(String word, Collection<String> candidates) {
    String best = closest(word, candidates);
    if (best != null) {
      return "did you mean `" + best + "`?";
    }
    return candidates.isEmpty() || candidates.size() > MAX_CANDIDATES
        ? null
        : "valid here: " + list(candidates);
  }

  /** "did you mean `reject`? (one of none, quarantine, reject)" for a closed set of words. */
  static String oneOf(String word, Collection<String> candidates) {
    String best = closest(word, candidates);
    String all = "one of " + list(candidates);
    return best == null ? "use " + all : "did you mean `" + best + "`? (" + all + ")";
  }

  static String list(Collection<String> candidates) {
    return candidates.stream().collect(Collectors.joining(", "));
  }

  /** Optimal string alignment distance: Levenshtein plus adjacent transpositions ("polciy"). */
  static int distance(String a, String b) {
    int[][] d = new int[a.length() + 1][b.length() + 1];
    for (int i = 0; i <= a.length(); i++) {
      d[i][0] = i;
    }
    for (int j = 0; j <= b.length(); j++) {
      d[0][j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
        if (i > 1
            && j > 1
            && a.charAt(i - 1) == b.charAt(j - 2)
            && a.charAt(i - 2) == b.charAt(j - 1)) {
          d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
      }
    }
    return d[a.length()][b.length()];
  }
}
