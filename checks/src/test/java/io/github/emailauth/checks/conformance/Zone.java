package io.github.emailauth.checks.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.common.net.InetAddresses;
import io.github.emailauth.checks.testing.Fault;
import io.github.emailauth.checks.testing.TestDnsServer;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.PTRRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * The zone data of a conformance case in the JSON form both implementations read: an array of
 * {@code {"name", "type", "data"}} records (TXT data is an array of character-strings, MX data is
 * {@code "10 mx.example.com"}, A, AAAA, PTR and CNAME data are plain text) and an array of {@code
 * {"name", "type", "fault"}} faults, where a fault is {@code servfail} or {@code timeout}.
 *
 * <p>The semantics both sides implement: names are case-insensitive and absolute; a CNAME is
 * followed for any other type; a name with records of other types, or with records below it (an
 * empty non-terminal), answers NODATA; any other name NXDOMAIN. There are no wildcards.
 */
final class Zone {
  private static final long TTL = 300;
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private final ArrayNode records = JSON.arrayNode();
  private final ArrayNode faults = JSON.arrayNode();

  /** One record; {@code data} is a String, or a List of character-strings for TXT. */
  Zone add(String name, String type, Object data) {
    // An RRset is a set (RFC 2181 §5): a record added twice is served once.
    for (JsonNode old : records) {
      if (old.get("name").asText().equalsIgnoreCase(name)
          && old.get("type").asText().equals(type)
          && old.get("data")
              .equals(
                  data instanceof List<?> l
                      ? JSON.arrayNode()
                          .addAll(l.stream().map(x -> JSON.textNode((String) x)).toList())
                      : JSON.textNode((String) data))) {
        return this;
      }
    }
    ObjectNode r = records.addObject();
    r.put("name", name.toLowerCase(Locale.ROOT));
    r.put("type", type);
    if (data instanceof List<?> strings) {
      ArrayNode a = r.putArray("data");
      strings.forEach(s -> a.add((String) s));
    } else {
      r.put("data", (String) data);
    }
    return this;
  }

  Zone txt(String name, String... strings) {
    return add(name, "TXT", List.of(strings));
  }

  Zone fault(String name, String type, String fault) {
    ObjectNode f = faults.addObject();
    f.put("name", name.toLowerCase(Locale.ROOT));
    f.put("type", type);
    f.put("fault", fault);
    return this;
  }

  /** True when some record is owned by {@code name}. */
  boolean has(String name) {
    for (JsonNode r : records) {
      if (r.get("name").asText().equalsIgnoreCase(name)) {
        return true;
      }
    }
    return false;
  }

  boolean has(String name, String type) {
    for (JsonNode r : records) {
      if (r.get("name").asText().equalsIgnoreCase(name) && r.get("type").asText().equals(type)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Adds zone lines of the form {@code name TYPE data}; TXT data is one or more double-quoted
   * strings ({@code \"} and {@code \\} escape), so hand-written cases read like a zone file.
   */
  Zone lines(String text) {
    for (String line : text.split("\n")) {
      String l = line.strip();
      if (l.isEmpty() || l.startsWith("#")) {
        continue;
      }
      String[] parts = l.split("\\s+", 3);
      if (parts.length < 3) {
        throw new IllegalArgumentException("zone line needs name, type and data: " + line);
      }
      String type = parts[1].toUpperCase(Locale.ROOT);
      switch (type) {
        case "TXT" -> add(parts[0], type, quoted(parts[2]));
        case "SERVFAIL", "TIMEOUT" -> fault(parts[0], parts[2], type.toLowerCase(Locale.ROOT));
        default -> add(parts[0], type, parts[2]);
      }
    }
    return this;
  }

  static List<String> quoted(String text) {
    List<String> out = new ArrayList<>();
    int i = 0;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (c == ' ' || c == '\t') {
        i++;
        continue;
      }
      if (c != '"') {
        throw new IllegalArgumentException("TXT data must be quoted: " + text);
      }
      StringBuilder s = new StringBuilder();
      i++;
      while (i < text.length() && text.charAt(i) != '"') {
        char d = text.charAt(i);
        if (d == '\\' && i + 1 < text.length()) {
          i++;
          d = text.charAt(i);
        }
        s.append(d);
        i++;
      }
      if (i >= text.length()) {
        throw new IllegalArgumentException("unterminated string: " + text);
      }
      i++;
      out.add(s.toString());
    }
    return out;
  }

  void writeTo(ObjectNode scenario) {
    scenario.set("zone", records.deepCopy());
    scenario.set("faults", faults.deepCopy());
  }

  /** Serves a scenario's {@code zone} and {@code faults} on {@code server}. */
  static void serve(JsonNode scenario, TestDnsServer server) {
    for (JsonNode r : scenario.get("zone")) {
      server.add(record(r));
    }
    for (JsonNode f : scenario.get("faults")) {
      Fault fault =
          switch (f.get("fault").asText()) {
            case "servfail" -> Fault.SERVFAIL;
            case "timeout" -> Fault.DROP;
            default -> throw new IllegalArgumentException("unknown fault " + f);
          };
      server.fault(f.get("name").asText(), Type.value(f.get("type").asText()), fault);
    }
  }

  private static Record record(JsonNode r) {
    Name owner = name(r.get("name").asText());
    String type = r.get("type").asText();
    JsonNode data = r.get("data");
    return switch (type) {
      case "A" -> new ARecord(owner, DClass.IN, TTL, InetAddresses.forString(data.asText()));
      case "AAAA" -> new AAAARecord(owner, DClass.IN, TTL, InetAddresses.forString(data.asText()));
      case "MX" -> {
        String[] mx = data.asText().split(" ");
        yield new MXRecord(owner, DClass.IN, TTL, Integer.parseInt(mx[0]), name(mx[1]));
      }
      case "PTR" -> new PTRRecord(owner, DClass.IN, TTL, name(data.asText()));
      case "CNAME" -> new CNAMERecord(owner, DClass.IN, TTL, name(data.asText()));
      case "TXT" -> {
        // From the wire form, so every byte (quotes, backslashes, UTF-8) arrives as written.
        ByteArrayOutputStream rdata = new ByteArrayOutputStream();
        for (JsonNode s : data) {
          byte[] b = s.asText().getBytes(StandardCharsets.UTF_8);
          if (b.length > 255) {
            throw new IllegalArgumentException("character-string over 255 octets: " + s);
          }
          rdata.write(b.length);
          rdata.write(b, 0, b.length);
        }
        yield Record.newRecord(owner, Type.TXT, DClass.IN, TTL, rdata.toByteArray());
      }
      default -> throw new IllegalArgumentException("unsupported type " + type);
    };
  }

  private static Name name(String text) {
    if (text.equals(".")) {
      return Name.root;
    }
    try {
      return Name.fromString(text.endsWith(".") ? text : text + ".");
    } catch (TextParseException e) {
      throw new IllegalArgumentException("bad name " + text, e);
    }
  }
}
