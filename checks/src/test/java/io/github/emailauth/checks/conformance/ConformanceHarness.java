package io.github.emailauth.checks.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Differential conformance against another implementation (docs/conformance.md). Three steps,
 * around a folder of JSON files:
 *
 * <ol>
 *   <li>{@code generate DIR}: writes {@code spf-cases.json}, {@code dmarc-cases.json} and {@code
 *       dkim-cases.json}: inputs plus the zone data each case's DNS serves;
 *   <li>the other implementation reads those and writes {@code <name>-spf.json} etc., one {@code
 *       {"id", ...}} object per case (for mailauth: the Node script in docs/conformance.md);
 *   <li>{@code compare DIR [name]}: runs our implementation on every case over loopback DNS, writes
 *       {@code ours-*.json}, compares with the other side's verdicts and writes {@code
 *       disagreements-<name>.json}; prints a summary. Exit status 0 whatever the differences:
 *       judging them is a person's job, against the RFC.
 * </ol>
 *
 * <p>Run it through the {@code conformance} profile of the checks module:
 *
 * <pre>
 * ./mvnw -B -q -pl checks -am -Pconformance verify -Dconformance.args="generate /tmp/conf"
 * </pre>
 *
 * <p>System properties: {@code conformance.seed} (7208), {@code conformance.spf} (2000 random SPF
 * cases besides the hand-written ones), {@code conformance.dmarc} (1500), {@code conformance.dkim}
 * (800), {@code conformance.mtasts} (3000).
 */
public final class ConformanceHarness {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /** The fields whose values are the verdict, per protocol; the rest is context. */
  static final Map<String, List<String>> VERDICT_FIELDS =
      Map.of(
          "spf", List.of("result"),
          "dmarc", List.of("record", "org", "policy", "adkim", "aspf", "t"),
          "dkim", List.of("verdict"),
          "mtasts", List.of("verdict"));

  private ConformanceHarness() {}

  public static void main(String[] args) throws Exception {
    if (args.length == 1 && args[0].contains(" ")) {
      args = args[0].trim().split("\\s+");
    }
    if (args.length < 2) {
      System.err.println("usage: generate DIR | compare DIR [other-name]");
      System.exit(2);
    }
    Path dir = Path.of(args[1]);
    Files.createDirectories(dir);
    switch (args[0]) {
      case "generate" -> generate(dir);
      case "compare" -> compare(dir, args.length > 2 ? args[2] : "mailauth");
      default -> {
        System.err.println("unknown command " + args[0]);
        System.exit(2);
      }
    }
    // the loopback servers' and clients' threads are daemons, but executors are not
    System.exit(0);
  }

  static void generate(Path dir) throws IOException {
    long seed = Long.getLong("conformance.seed", 7208);
    write(
        dir.resolve("spf-cases.json"),
        SpfCases.generate(seed, Integer.getInteger("conformance.spf", 2000)));
    write(
        dir.resolve("dmarc-cases.json"),
        DmarcCases.generate(seed, Integer.getInteger("conformance.dmarc", 1500)));
    write(
        dir.resolve("dkim-cases.json"),
        DkimCases.generate(seed, Integer.getInteger("conformance.dkim", 800)));
    write(
        dir.resolve("mtasts-cases.json"),
        MtaStsCases.generate(seed, Integer.getInteger("conformance.mtasts", 3000)));
    System.out.println("cases written to " + dir.toAbsolutePath());
  }

  /** A function from a case to our verdict. */
  interface Ours {
    ObjectNode run(JsonNode c) throws Exception;
  }

  static void compare(Path dir, String other) throws Exception {
    Map<String, Ours> protocols = new LinkedHashMap<>();
    protocols.put("spf", SpfOurs::run);
    protocols.put("dmarc", DmarcOurs::run);
    protocols.put("dkim", DkimOurs::run);
    protocols.put("mtasts", MtaStsOurs::run);
    ArrayNode all = JSON.createArrayNode();
    for (Map.Entry<String, Ours> p : protocols.entrySet()) {
      String protocol = p.getKey();
      Path cases = dir.resolve(protocol + "-cases.json");
      Path theirs = dir.resolve(other + "-" + protocol + ".json");
      if (!Files.exists(cases) || !Files.exists(theirs)) {
        System.out.println(protocol + ": skipped (no " + cases + " or " + theirs + ")");
        continue;
      }
      JsonNode input = JSON.readTree(cases.toFile());
      List<ObjectNode> ours = runAll(input, p.getValue());
      write(dir.resolve("ours-" + protocol + ".json"), ours);
      Map<String, JsonNode> theirById = new LinkedHashMap<>();
      for (JsonNode t : JSON.readTree(theirs.toFile())) {
        theirById.put(t.get("id").asText(), t);
      }
      Map<String, Integer> pairs = new TreeMap<>();
      int compared = 0;
      int differ = 0;
      for (int i = 0; i < input.size(); i++) {
        JsonNode c = input.get(i);
        JsonNode o = ours.get(i);
        JsonNode t = theirById.get(c.get("id").asText());
        if (t == null) {
          continue;
        }
        compared++;
        List<String> fields = new ArrayList<>();
        for (String f : VERDICT_FIELDS.get(protocol)) {
          if (!text(o, f).equals(text(t, f))) {
            fields.add(f);
          }
        }
        if (fields.isEmpty()) {
          continue;
        }
        differ++;
        String pair =
            fields.stream()
                .map(f -> f + " " + text(o, f) + " / " + text(t, f))
                .reduce((a, b) -> a + "; " + b)
                .orElseThrow();
        pairs.merge(pair, 1, Integer::sum);
        ObjectNode d = all.addObject();
        d.put("protocol", protocol);
        d.put("differs", String.join(",", fields));
        d.set("case", c);
        d.set("ours", o);
        d.set(other, t);
      }
      System.out.printf(
          Locale.ROOT,
          "%s: %d cases compared, %d disagree (ours / %s)%n",
          protocol,
          compared,
          differ,
          other);
      pairs.forEach((k, v) -> System.out.printf(Locale.ROOT, "  %5d  %s%n", v, k));
    }
    Path details = dir.resolve("disagreements-" + other + ".json");
    JSON.writeValue(details.toFile(), all);
    System.out.println("details: " + details.toAbsolutePath());
  }

  private static List<ObjectNode> runAll(JsonNode input, Ours ours) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<ObjectNode>> futures = new ArrayList<>();
      for (JsonNode c : input) {
        futures.add(pool.submit(() -> ours.run(c)));
      }
      List<ObjectNode> out = new ArrayList<>();
      for (Future<ObjectNode> f : futures) {
        out.add(f.get());
      }
      return out;
    } finally {
      pool.shutdownNow();
    }
  }

  private static String text(JsonNode n, String field) {
    JsonNode v = n.get(field);
    return v == null || v.isNull() ? "-" : v.asText();
  }

  private static void write(Path file, List<ObjectNode> nodes) throws IOException {
    ArrayNode a = JSON.createArrayNode();
    nodes.forEach(a::add);
    JSON.writeValue(file.toFile(), a);
  }
}
