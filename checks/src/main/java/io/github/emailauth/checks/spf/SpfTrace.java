package io.github.emailauth.checks.spf;

import java.util.ArrayList;
import java.util.List;

/** The steps of one check_host() evaluation, in the order they happened. */
public record SpfTrace(List<TraceEvent> events) {
  public SpfTrace {
    events = List.copyOf(events);
  }

  /** One line per step, indented two spaces per include/redirect level. */
  public List<String> lines() {
    List<String> out = new ArrayList<>(events.size());
    for (TraceEvent e : events) {
      out.add("  ".repeat(e.depth()) + e);
    }
    return out;
  }

  /** {@link #lines()} joined with newlines. */
  public String format() {
    return String.join("\n", lines());
  }
}
