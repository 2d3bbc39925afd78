package io.github.emailauth.checks.output;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.emailauth.checks.engine.Finding;
import io.github.emailauth.policy.SourcePosition;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The one JSON style of every file we write: two-space indent, LF, a final newline. */
final class Json {
  static final ObjectMapper MAPPER = new ObjectMapper();

  // The default pretty printer uses the platform's line separator and writes "key" : value; files
  // must be the same bytes on every machine, and read like the examples in docs/.
  private static final ObjectWriter WRITER =
      MAPPER
          .writer(
              new DefaultPrettyPrinter()
                  .withSeparators(
                      Separators.createDefaultInstance()
                          .withObjectFieldValueSpacing(Separators.Spacing.AFTER))
                  .withObjectIndenter(new DefaultIndenter("  ", "\n"))
                  .withArrayIndenter(new DefaultIndenter("  ", "\n")))
          .without(JsonGenerator.Feature.AUTO_CLOSE_TARGET);

  private Json() {}

  static byte[] bytes(Object tree) {
    try {
      String text = WRITER.writeValueAsString(tree) + "\n";
      return text.getBytes(StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static ObjectNode object() {
    return MAPPER.createObjectNode();
  }

  /** Puts {@code value} unless it is null: the contract omits null fields. */
  static void putIfPresent(ObjectNode node, String field, String value) {
    if (value != null) {
      node.put(field, value);
    }
  }

  /** A finding as in report.json: the domain is the enclosing object's, so it is not repeated. */
  static ObjectNode finding(Finding f) {
    ObjectNode n = object();
    n.put("checkId", f.checkId());
    n.put("severity", f.severity().label());
    n.put("kind", f.kind().label());
    n.put("protocol", f.protocol().id());
    putIfPresent(n, "subject", f.subject());
    n.put("message", f.message());
    putIfPresent(n, "expected", f.expected());
    putIfPresent(n, "actual", f.actual());
    putIfPresent(n, "remediation", f.remediation());
    if (f.location() != null) {
      n.set("location", location(f.location()));
    }
    return n;
  }

  /** Line and column are left out for a position that was not read from a file (line 0). */
  static ObjectNode location(SourcePosition p) {
    ObjectNode n = object();
    n.put("file", p.file());
    if (p.line() > 0) {
      n.put("line", p.line());
      if (p.column() > 0) {
        n.put("column", p.column());
      }
    }
    return n;
  }
}
