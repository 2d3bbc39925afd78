package io.github.emailauth.checks.spf;

/**
 * One step of a check_host() evaluation, for the {@code explain} goal and for findings. {@code
 * depth} is the include/redirect nesting (0 for the domain asked about). {@link #toString()} is the
 * step as one line of text, without indentation.
 */
public sealed interface TraceEvent {
  int depth();

  /** The SPF record of {@code domain} was fetched and parsed, or why there is none. */
  record RecordFetched(int depth, String domain, String record) implements TraceEvent {
    @Override
    public String toString() {
      return "SPF record of " + domain + ": " + record;
    }
  }

  /**
   * A term is evaluated. {@code lookups} is the running count of DNS-querying terms after this one
   * was counted (§4.6.4), 0 for terms that do not count.
   */
  record TermStarted(int depth, String domain, String term, int lookups, int limit)
      implements TraceEvent {
    @Override
    public String toString() {
      return term + (lookups > 0 ? "  [lookup " + lookups + "/" + limit + "]" : "");
    }
  }

  /** A DNS question and its answer; {@code voids} is the running void-lookup count. */
  record Lookup(int depth, String name, String type, String answer, boolean isVoid, int voids)
      implements TraceEvent {
    @Override
    public String toString() {
      return "? " + name + " " + type + " -> " + answer + (isVoid ? "  [void " + voids + "]" : "");
    }
  }

  /** What a term came to: "match -> fail", "no match", "temperror: ...". */
  record TermResult(int depth, String term, String outcome) implements TraceEvent {
    @Override
    public String toString() {
      return "= " + term + ": " + outcome;
    }
  }

  /** Anything else worth a line: a skipped name, an ignored redirect, an explanation. */
  record Note(int depth, String text) implements TraceEvent {
    @Override
    public String toString() {
      return "# " + text;
    }
  }

  /** The result check_host() gave for {@code domain} at this depth, and why. */
  record Result(int depth, String domain, SpfResult result, String reason) implements TraceEvent {
    @Override
    public String toString() {
      return "=> " + domain + ": " + result.label() + " (" + reason + ")";
    }
  }
}
