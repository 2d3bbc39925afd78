package io.github.emailauth.checks.mtasts;

import io.github.emailauth.policy.StsMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A parsed {@code .well-known/mta-sts.txt} (RFC 8461 §3.2). A field that is missing or invalid is
 * null (or, for {@code mx}, left out) and explained in {@link #problems()}.
 *
 * @param version "STSv1" when present and valid
 * @param mode the first valid {@code mode}
 * @param maxAge the first valid {@code max_age}, in seconds
 * @param mx the valid {@code mx} patterns in order of appearance
 */
record StsPolicyFile(
    String version, StsMode mode, Long maxAge, List<MxPattern> mx, List<Problem> problems) {
  static final String VERSION = "STSv1";

  /** RFC 8461 §3.2: "max_age ... up to 31557600" (about one year). */
  static final long MAX_AGE_LIMIT = 31_557_600L;

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,31}");
  private static final Pattern DIGITS = Pattern.compile("[0-9]{1,10}");
  private static final List<String> KNOWN = List.of("version", "mode", "max_age", "mx");

  /** The most problems one file yields; a hostile body would otherwise give one per line. */
  static final int MAX_PROBLEMS = 20;

  StsPolicyFile {
    mx = List.copyOf(mx);
    if (problems.size() > MAX_PROBLEMS) {
      List<Problem> rest = problems.subList(MAX_PROBLEMS - 1, problems.size());
      List<Problem> kept = new ArrayList<>(problems.subList(0, MAX_PROBLEMS - 1));
      // an error among the dropped keeps the file invalid
      kept.add(
          new Problem(
              rest.get(0).line(),
              rest.stream().anyMatch(Problem::error),
              "... and " + rest.size() + " more problems from line " + rest.get(0).line()));
      problems = kept;
    }
    problems = List.copyOf(problems);
  }

  /**
   * One thing wrong with the file.
   *
   * @param line 1-based line number, 0 for the file as a whole
   * @param error true when it makes the policy invalid (senders ignore the policy); false for a
   *     warning (valid, but some senders or operators trip on it)
   */
  record Problem(int line, boolean error, String message) {
    @Override
    public String toString() {
      return (line > 0 ? "line " + line + ": " : "") + message;
    }
  }

  /** True when senders would accept the policy: no error-level problem. */
  boolean valid() {
    return problems.stream().noneMatch(Problem::error);
  }

  List<Problem> errors() {
    return problems.stream().filter(Problem::error).toList();
  }

  List<Problem> warnings() {
    return problems.stream().filter(p -> !p.error()).toList();
  }

  /** Parses a policy body. No I/O; linear in the length of {@code body}. */
  static StsPolicyFile parse(String body) {
    List<Problem> problems = new ArrayList<>();
    String text = body;
    if (text.startsWith("\uFEFF")) {
      problems.add(new Problem(1, false, "the file starts with a byte order mark; remove it"));
      text = text.substring(1);
    }
    String version = null;
    StsMode mode = null;
    Long maxAge = null;
    List<MxPattern> mx = new ArrayList<>();
    int versionLine = 0;
    int modeLine = 0;
    int maxAgeLine = 0;
    String[] lines = text.split("\n", -1);
    int count = lines.length;
    if (count > 0 && lines[count - 1].isEmpty()) {
      count--; // the final line ending
    }
    for (int i = 0; i < count; i++) {
      int n = i + 1;
      String line = lines[i];
      if (line.endsWith("\r")) {
        line = line.substring(0, line.length() - 1);
      }
      line = stripTrailing(line);
      if (line.isEmpty()) {
        problems.add(
            new Problem(n, false, "blank line: the grammar has none and strict senders reject it"));
        continue;
      }
      Optional<String> ctl = controlCharacter(line);
      if (ctl.isPresent()) {
        problems.add(new Problem(n, true, ctl.get()));
        continue;
      }
      int colon = line.indexOf(':');
      if (colon < 0) {
        problems.add(new Problem(n, true, "\"" + abbreviate(line) + "\" is not \"name: value\""));
        continue;
      }
      String name = line.substring(0, colon);
      String value = stripLeading(line.substring(colon + 1));
      if (!NAME.matcher(name).matches()) {
        problems.add(
            new Problem(n, true, "\"" + abbreviate(name) + "\" is not a valid field name"));
        continue;
      }
      switch (name) {
        case "version" -> {
          if (versionLine != 0) {
            problems.add(duplicate(n, name, versionLine));
          } else {
            versionLine = n;
            if (value.equals(VERSION)) {
              version = value;
            } else {
              problems.add(
                  new Problem(
                      n,
                      true,
                      "version is \""
                          + abbreviate(value)
                          + "\"; it must be STSv1 (case-sensitive)"));
            }
          }
        }
        case "mode" -> {
          if (modeLine != 0) {
            problems.add(duplicate(n, name, modeLine));
          } else {
            modeLine = n;
            mode = mode(value);
            if (mode == null) {
              problems.add(
                  new Problem(
                      n,
                      true,
                      "mode is \""
                          + abbreviate(value)
                          + "\"; it must be enforce, testing or none (lower case)"));
            }
          }
        }
        case "max_age" -> {
          if (maxAgeLine != 0) {
            problems.add(duplicate(n, name, maxAgeLine));
          } else {
            maxAgeLine = n;
            if (!DIGITS.matcher(value).matches()) {
              problems.add(
                  new Problem(
                      n,
                      true,
                      "max_age is \"" + abbreviate(value) + "\"; it must be 1 to 10 digits"));
            } else if (Long.parseLong(value) > MAX_AGE_LIMIT) {
              problems.add(
                  new Problem(
                      n, true, "max_age " + value + " is over the maximum of " + MAX_AGE_LIMIT));
            } else {
              maxAge = Long.parseLong(value);
            }
          }
        }
        case "mx" -> {
          Optional<String> problem = MxPattern.syntaxProblem(value);
          if (problem.isPresent()) {
            problems.add(new Problem(n, true, problem.get()));
          } else if (value.endsWith(".")) {
            // RFC 5321 Domain has no trailing dot, so the file does not match the grammar and
            // strict senders (mailauth's strict mode) discard the whole policy.
            problems.add(
                new Problem(
                    n,
                    true,
                    "mx \""
                        + abbreviate(value)
                        + "\" ends with a dot; senders that follow the grammar reject the policy:"
                        + " write the name without it"));
          } else {
            // Grammatical but useless (an IP address, a single label): the policy stays valid.
            MxPattern.oddity(value)
                .ifPresent(o -> problems.add(new Problem(n, false, o + "; it matches no MX host")));
            mx.add(new MxPattern(value));
          }
        }
        default -> {
          String lower = name.toLowerCase(Locale.ROOT);
          if (KNOWN.contains(lower)) {
            problems.add(
                new Problem(
                    n,
                    true,
                    "field names are case-sensitive: senders ignore \""
                        + name
                        + "\"; write \""
                        + lower
                        + "\""));
          }
          // other names are extensions, which senders ignore (RFC 8461 §3.2)
        }
      }
    }
    if (versionLine == 0) {
      problems.add(new Problem(0, true, "the version field is missing"));
    }
    if (modeLine == 0) {
      problems.add(new Problem(0, true, "the mode field is missing"));
    }
    if (maxAgeLine == 0) {
      problems.add(new Problem(0, true, "the max_age field is missing"));
    }
    if (mx.isEmpty() && (mode == StsMode.ENFORCE || mode == StsMode.TESTING)) {
      problems.add(
          new Problem(0, true, "mode " + mode.word() + " needs at least one valid mx pattern"));
    }
    return new StsPolicyFile(version, mode, maxAge, mx, problems);
  }

  private static StsMode mode(String value) {
    for (StsMode m : StsMode.values()) {
      if (m.word().equals(value)) {
        return m;
      }
    }
    return null;
  }

  private static Problem duplicate(int line, String name, int first) {
    return new Problem(
        line, false, name + " appears again (first on line " + first + "); senders use the first");
  }

  private static Optional<String> controlCharacter(String line) {
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if ((c < 0x20 && c != '\t') || c == 0x7F) {
        return Optional.of(String.format("control character U+%04X in the line", (int) c));
      }
    }
    return Optional.empty();
  }

  private static String stripTrailing(String s) {
    int end = s.length();
    while (end > 0 && (s.charAt(end - 1) == ' ' || s.charAt(end - 1) == '\t')) {
      end--;
    }
    return s.substring(0, end);
  }

  private static String stripLeading(String s) {
    int start = 0;
    while (start < s.length() && (s.charAt(start) == ' ' || s.charAt(start) == '\t')) {
      start++;
    }
    return s.substring(start);
  }

  /** Keeps hostile input out of messages: at most 64 characters. */
  static String abbreviate(String s) {
    return s.length() <= 64 ? s : s.substring(0, 61) + "...";
  }
}
