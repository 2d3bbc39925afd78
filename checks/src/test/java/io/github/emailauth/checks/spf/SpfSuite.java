package io.github.emailauth.checks.spf;

import io.github.emailauth.checks.testing.Fault;
import io.github.emailauth.checks.testing.TestDnsServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
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
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The open-spf YAML suite format (see the header of rfc7208-tests.yml): scenarios of zone data and
 * test cases. {@link Scenario#serve} puts a scenario's zone data on a loopback DNS server.
 */
final class SpfSuite {
  private static final long TTL = 3600;

  /** The record types a TIMEOUT entry can make time out: everything check_host() asks for. */
  private static final int[] QUERY_TYPES = {
    Type.A, Type.AAAA, Type.MX, Type.PTR, Type.TXT, Type.SPF, Type.CNAME
  };

  private SpfSuite() {}

  /** One scenario: its description, zone data and test cases. */
  record Scenario(String file, int index, String description, Map<String, List<Object>> zone) {
    @Override
    public String toString() {
      return description;
    }

    /**
     * Serves the zone data. Follows the suite's reference driver (pyspf's testspf.py):
     *
     * <ul>
     *   <li>"auto-magic duplication": a name's SPF-type records are also served as TXT, unless the
     *       name has a TXT entry of its own ({@code TXT: NONE} counts as one and adds nothing). The
     *       "Selecting records" scenario relies on that exact rule, since its expected results need
     *       the duplicates wherever no TXT is given.
     *   <li>{@code TIMEOUT}: queries of the name time out (a DROP fault) for every type that has no
     *       record listed before the TIMEOUT entry.
     *   <li>a TXT or SPF list is one record of several strings; an empty list is a record with no
     *       strings; text is the bytes of the YAML string ({@code "\xEF"} is the octet 0xEF).
     * </ul>
     */
    void serve(TestDnsServer server) {
      for (Map.Entry<String, List<Object>> e : zone.entrySet()) {
        Name owner = name(e.getKey());
        boolean hasTxt = false;
        for (Object entry : e.getValue()) {
          if (entry instanceof Map<?, ?> m && m.containsKey("TXT")) {
            hasTxt = true;
          }
        }
        Set<Integer> answered = new HashSet<>();
        for (Object entry : e.getValue()) {
          if ("TIMEOUT".equals(entry)) {
            for (int type : QUERY_TYPES) {
              if (!answered.contains(type)) {
                server.fault(owner.toString(), type, Fault.DROP);
              }
            }
            break;
          }
          Map<?, ?> m = (Map<?, ?>) entry;
          if (m.size() != 1) {
            throw new IllegalArgumentException("zone entry with several keys: " + m);
          }
          String type = (String) m.keySet().iterator().next();
          Object value = m.get(type);
          if ("NONE".equals(value)) {
            continue;
          }
          for (Record r : records(owner, type, value, hasTxt)) {
            server.add(r);
            answered.add(r.getType());
          }
        }
      }
    }
  }

  /** One test case. {@code results}: any of them is acceptable; {@code explanation} may be null. */
  record Case(
      Scenario scenario,
      String name,
      String spec,
      String helo,
      String host,
      String mailFrom,
      List<String> results,
      String explanation) {
    InetAddress ip() {
      return com.google.common.net.InetAddresses.forString(host);
    }

    @Override
    public String toString() {
      return scenario.description() + " / " + name;
    }
  }

  /** Every case of the suite file at {@code resource}, in file order. */
  static List<Case> load(String resource) {
    Yaml yaml = new Yaml(new SafeConstructor(new LoaderOptions()));
    List<Case> cases = new ArrayList<>();
    try (InputStream in = SpfSuite.class.getResourceAsStream(resource)) {
      Objects.requireNonNull(in, resource);
      int index = 0;
      for (Object doc : yaml.loadAll(new String(in.readAllBytes(), StandardCharsets.UTF_8))) {
        Map<?, ?> d = (Map<?, ?>) doc;
        Map<String, List<Object>> zone = new LinkedHashMap<>();
        Map<?, ?> zd = (Map<?, ?>) d.get("zonedata");
        if (zd != null) {
          for (Map.Entry<?, ?> z : zd.entrySet()) {
            @SuppressWarnings("unchecked")
            List<Object> entries = (List<Object>) z.getValue();
            zone.put(String.valueOf(z.getKey()), entries);
          }
        }
        Scenario scenario =
            new Scenario(resource, index++, String.valueOf(d.get("description")).trim(), zone);
        Map<?, ?> tests = (Map<?, ?>) d.get("tests");
        for (Map.Entry<?, ?> t : tests.entrySet()) {
          Map<?, ?> c = (Map<?, ?>) t.getValue();
          Object result = c.get("result");
          List<String> results = new ArrayList<>();
          if (result instanceof List<?> l) {
            l.forEach(x -> results.add(String.valueOf(x).trim().toLowerCase(Locale.ROOT)));
          } else {
            results.add(String.valueOf(result).trim().toLowerCase(Locale.ROOT));
          }
          cases.add(
              new Case(
                  scenario,
                  String.valueOf(t.getKey()),
                  String.valueOf(c.get("spec")),
                  text(c.get("helo")),
                  text(c.get("host")),
                  text(c.get("mailfrom")),
                  results,
                  c.get("explanation") == null ? null : String.valueOf(c.get("explanation"))));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return cases;
  }

  private static String text(Object o) {
    if (o == null) {
      return "";
    }
    if (!(o instanceof String s)) {
      throw new IllegalArgumentException("expected a string in the suite, got " + o.getClass());
    }
    return s;
  }

  private static List<Record> records(Name owner, String type, Object value, boolean hasTxt) {
    switch (type) {
      case "A":
      case "AAAA":
        {
          InetAddress a = com.google.common.net.InetAddresses.forString(text(value));
          return List.of(
              type.equals("A")
                  ? new ARecord(owner, DClass.IN, TTL, a)
                  : new AAAARecord(owner, DClass.IN, TTL, a));
        }
      case "MX":
        {
          List<?> mx = (List<?>) value;
          String host = String.valueOf(mx.get(1));
          Name target = host.isEmpty() ? Name.root : name(host);
          return List.of(
              new MXRecord(owner, DClass.IN, TTL, ((Number) mx.get(0)).intValue(), target));
        }
      case "PTR":
        return List.of(new PTRRecord(owner, DClass.IN, TTL, name(text(value))));
      case "CNAME":
        return List.of(new CNAMERecord(owner, DClass.IN, TTL, name(text(value))));
      case "TXT":
        return List.of(text(owner, Type.TXT, value));
      case "SPF":
        // The SPF RR type (99) is served as such; check_host() never asks for it.
        return hasTxt
            ? List.of(text(owner, Type.SPF, value))
            : List.of(text(owner, Type.SPF, value), text(owner, Type.TXT, value));
      default:
        throw new IllegalArgumentException("record type the suite driver does not know: " + type);
    }
  }

  private static Record text(Name owner, int type, Object value) {
    List<String> strings = new ArrayList<>();
    if (value instanceof List<?> l) {
      l.forEach(x -> strings.add(String.valueOf(x)));
    } else {
      strings.add(text(value));
    }
    java.io.ByteArrayOutputStream rdata = new java.io.ByteArrayOutputStream();
    for (String s : strings) {
      byte[] b = octets(s);
      if (b.length > 255) {
        throw new IllegalArgumentException("TXT string over 255 octets in the suite: " + s);
      }
      rdata.write(b.length);
      rdata.write(b, 0, b.length);
    }
    return Record.newRecord(owner, type, DClass.IN, TTL, rdata.toByteArray());
  }

  /**
   * The octets a suite string stands for: YAML's {@code \xNN} escapes name octets (the suite was
   * written for byte strings), so code points up to U+00FF map to one octet each.
   */
  private static byte[] octets(String s) {
    boolean latin1 = s.chars().allMatch(c -> c <= 0xff);
    return s.getBytes(latin1 ? StandardCharsets.ISO_8859_1 : StandardCharsets.UTF_8);
  }

  private static Name name(String text) {
    try {
      return Name.fromString(text.endsWith(".") ? text : text + ".");
    } catch (TextParseException e) {
      throw new IllegalArgumentException("bad name in the suite: " + text, e);
    }
  }
}
