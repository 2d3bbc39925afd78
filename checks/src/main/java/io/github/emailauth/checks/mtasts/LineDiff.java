package io.github.emailauth.checks.mtasts;

import java.util.ArrayList;
import java.util.List;

/**
 * A minimal line diff (longest common subsequence) for drift messages: {@code " "} for a common
 * line, {@code "-"} for a declared line the served file lacks, {@code "+"} for a served line that
 * is not declared. Inputs are capped so a hostile 64 KiB body of empty lines stays cheap.
 */
final class LineDiff {
  static final int MAX_LINES = 200;

  private LineDiff() {}

  static List<String> diff(List<String> expected, List<String> actual) {
    List<String> a = cap(expected);
    List<String> b = cap(actual);
    int n = a.size();
    int m = b.size();
    int[][] lcs = new int[n + 1][m + 1];
    for (int i = n - 1; i >= 0; i--) {
      for (int j = m - 1; j >= 0; j--) {
        lcs[i][j] =
            a.get(i).equals(b.get(j))
                ? lcs[i + 1][j + 1] + 1
                : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
      }
    }
    List<String> out = new ArrayList<>();
    int i = 0;
    int j = 0;
    while (i < n && j < m) {
      if (a.get(i).equals(b.get(j))) {
        out.add(" " + a.get(i));
        i++;
        j++;
      } else if (lcs[i + 1][j] >= lcs[i][j + 1]) {
        out.add("-" + a.get(i++));
      } else {
        out.add("+" + b.get(j++));
      }
    }
    while (i < n) {
      out.add("-" + a.get(i++));
    }
    while (j < m) {
      out.add("+" + b.get(j++));
    }
    if (expected.size() > MAX_LINES || actual.size() > MAX_LINES) {
      out.add(" ... (diff limited to the first " + MAX_LINES + " lines)");
    }
    return out;
  }

  /** The lines of a policy body, CRLF or LF, without the line endings. */
  static List<String> lines(String text) {
    List<String> out = new ArrayList<>();
    for (String line : text.split("\n", -1)) {
      out.add(line.endsWith("\r") ? line.substring(0, line.length() - 1) : line);
    }
    if (!out.isEmpty() && out.get(out.size() - 1).isEmpty()) {
      out.remove(out.size() - 1);
    }
    return out;
  }

  private static List<String> cap(List<String> lines) {
    List<String> out = new ArrayList<>();
    for (String line : lines.subList(0, Math.min(lines.size(), MAX_LINES))) {
      out.add(StsPolicyFile.abbreviate(line));
    }
    return out;
  }
}
