package io.github.emailauth.checks.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.emailauth.checks.mtasts.MtaStsConformanceProbe;
import java.util.ArrayList;
import java.util.List;

/** Runs one MTA-STS case through our TXT-record, policy-file or MX-pattern parser. */
final class MtaStsOurs {
  private MtaStsOurs() {}

  static ObjectNode run(JsonNode c) {
    String verdict =
        switch (c.get("group").asText()) {
          case "txt" -> {
            List<String> records = new ArrayList<>();
            for (JsonNode r : c.get("txt")) {
              StringBuilder b = new StringBuilder();
              r.forEach(s -> b.append(s.asText()));
              records.add(b.toString());
            }
            yield MtaStsConformanceProbe.txt(records);
          }
          case "policy" -> MtaStsConformanceProbe.policy(c.get("body").asText());
          case "match" ->
              MtaStsConformanceProbe.match(c.get("body").asText(), c.get("host").asText());
          default -> throw new IllegalArgumentException(c.get("group").asText());
        };
    ObjectNode r = JsonNodeFactory.instance.objectNode();
    r.put("id", c.get("id").asText());
    r.put("verdict", verdict);
    return r;
  }
}
