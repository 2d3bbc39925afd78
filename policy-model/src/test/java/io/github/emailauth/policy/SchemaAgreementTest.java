package io.github.emailauth.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.github.emailauth.policy.PolicyShape.AnyOf;
import io.github.emailauth.policy.PolicyShape.Fields;
import io.github.emailauth.policy.PolicyShape.ListOf;
import io.github.emailauth.policy.PolicyShape.MapOf;
import io.github.emailauth.policy.PolicyShape.Shape;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * docs/emailauth.schema.json and the loader describe the same format: the same keys in the same
 * places, every documented example accepted by both, and typical mistakes refused by both.
 */
class SchemaAgreementTest {
  static final Path DOCS = Path.of("..", "docs");
  static final Path SCHEMA_FILE = DOCS.resolve("emailauth.schema.json");
  static final Path EXAMPLE = DOCS.resolve("policy-example.yaml");

  static final ObjectMapper JSON = new ObjectMapper();
  static final YAMLMapper YAML = new YAMLMapper();

  static JsonNode schemaNode;
  static Schema schema;

  @TempDir static Path work;

  @BeforeAll
  static void readSchema() throws IOException {
    schemaNode = JSON.readTree(SCHEMA_FILE.toFile());
    schema =
        SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(schemaNode);
  }

  /** Every YAML file under docs/, recursively. */
  static Stream<Path> docsYaml() throws IOException {
    try (Stream<Path> files = Files.walk(DOCS)) {
      List<Path> yaml =
          files
              .filter(Files::isRegularFile)
              .filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml"))
              .filter(p -> !p.toString().contains("/target/"))
              .sorted()
              .toList();
      assertTrue(yaml.contains(EXAMPLE), "docs/policy-example.yaml must exist: " + yaml);
      return yaml.stream();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("docsYaml")
  void documentedPolicyLoadsAndMatchesTheSchema(Path yaml) throws Exception {
    Policy policy = PolicyLoader.load(withReferencedFiles(yaml));
    assertFalse(policy.domains().isEmpty());

    List<Error> errors = schema.validate(YAML.readTree(yaml.toFile()));
    assertEquals(
        List.of(), errors.stream().map(Error::toString).toList(), yaml + " against the schema");
  }

  /**
   * Docs examples name repository files (keys/google.pub, brand/logo.svg) the way a user's
   * repository would have them. The test copies the example next to stand-ins for those files,
   * keeping whatever sits beside the example in docs/ itself.
   */
  private static Path withReferencedFiles(Path yaml) throws IOException {
    Path dir = Files.createTempDirectory(work, "docs");
    copyTree(PolicyTesting.FILES, dir);
    copyTree(yaml.getParent(), dir);
    return dir.resolve(yaml.getFileName());
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path p : files.filter(Files::isRegularFile).toList()) {
        if (p.toString().contains("/target/")) {
          continue;
        }
        Path target = to.resolve(from.relativize(p).toString());
        Files.createDirectories(target.getParent());
        Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING);
      }
    }
  }

  @Test
  void schemaAndLoaderAcceptTheSameKeys() {
    Set<String> schemaPaths = new TreeSet<>();
    schemaPaths(schemaNode, "", schemaPaths, 0);
    Set<String> loaderPaths = PolicyShape.keyPaths();
    Set<String> onlySchema = new TreeSet<>(schemaPaths);
    onlySchema.removeAll(loaderPaths);
    Set<String> onlyLoader = new TreeSet<>(loaderPaths);
    onlyLoader.removeAll(schemaPaths);
    assertEquals(Set.of(), onlySchema, "keys in the schema that the loader refuses");
    assertEquals(Set.of(), onlyLoader, "keys the loader accepts that the schema lacks");
    assertTrue(loaderPaths.size() > 50, "the comparison saw the whole format: " + loaderPaths);
  }

  @Test
  void theExampleUsesEveryKey() throws IOException {
    Set<String> used = new TreeSet<>();
    usedPaths(PolicyShape.ROOT, YAML.readTree(EXAMPLE.toFile()), "", used);
    // defaults has the shape of a domain: a key used under either counts for both.
    Set<String> normalised =
        used.stream()
            .map(p -> p.replaceFirst("^defaults\\.", "domains.*."))
            .collect(Collectors.toCollection(TreeSet::new));
    Set<String> missing = new TreeSet<>();
    for (String path : PolicyShape.keyPaths()) {
      if (!normalised.contains(path.replaceFirst("^defaults\\.", "domains.*."))) {
        missing.add(path);
      }
    }
    assertEquals(Set.of(), missing, "keys docs/policy-example.yaml does not use");
  }

  @Test
  void everyPropertyHasADescription() {
    List<String> undocumented = new ArrayList<>();
    describedProperties(schemaNode, "", undocumented, 0);
    assertEquals(List.of(), undocumented);
  }

  @Test
  void schemaIsValidDraft202012() throws Exception {
    Schema meta =
        SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
            .getSchema(SchemaLocation.of(SpecificationVersion.DRAFT_2020_12.getDialectId()));
    assertEquals(List.of(), meta.validate(schemaNode).stream().map(Error::toString).toList());
    assertEquals(
        SpecificationVersion.DRAFT_2020_12.getDialectId(), schemaNode.get("$schema").asText());
  }

  /** Mistakes that both must refuse: a schema that accepted them would not help in editors. */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "version: 2\ndomains: {}\n",
        "version: 1\n",
        "version: 1\ndomains: {}\nchekcs: {}\n",
        "version: 1\ndomains:\n  example.com:\n    dmarc: {polcy: reject}\n",
        "version: 1\ndomains:\n  example.com:\n    dmarc: {policy: rejct}\n",
        "version: 1\n"
            + "domains:\n"
            + "  example.com:\n"
            + "    dmarc: {policy: reject, rua: [dmarc@example.com]}\n",
        "version: 1\ndomains:\n  example.com:\n    dmarc: {policy: reject, psd: x}\n",
        "version: 1\n"
            + "domains:\n"
            + "  example.com:\n"
            + "    dmarc: {policy: reject, alignment: {spf: lax}}\n",
        "version: 1\n"
            + "domains:\n"
            + "  example.com:\n"
            + "    mtaSts: {mode: enforcing, mx: [mx.example.com]}\n",
        "version: 1\n"
            + "domains:\n"
            + "  example.com:\n"
            + "    mtaSts: {mode: testing, mx: [mx.example.com], maxAge: 31557601}\n",
        "version: 1\n"
            + "domains:\n"
            + "  example.com:\n"
            + "    mtaSts: {mode: testing, mx: [\"mx.*.example.com\"]}\n",
        "version: 1\ndomains:\n  example.com:\n    tlsRpt: {rua: [http://reports.example.com/]}\n",
        "version: 1\ndomains:\n  example.com:\n    tlsRpt: {rua: []}\n",
        "version: 1\ndomains:\n  example.com:\n    spf: {all: \"-all\"}\n",
        "version: 1\ndomains:\n  example.com:\n    spf: {all: fail, flatten: maybe}\n",
        "version: 1\ndomains:\n  example.com:\n    dkim: {s1: {minBits: 512}}\n",
        "version: 1\ndomains:\n  example.com:\n    dkim: {s1: {retireAfter: soon}}\n",
        "version: 1\ndomains:\n  example.com:\n    dkim: {bad_sel: {}}\n",
        "version: 1\ndomains:\n  example.com:\n    mx: [mx1.example.com]\n",
        "version: 1\ndomains:\n  example.com:\n    mx: [{preference: 10}]\n",
        "version: 1\n"
            + "domains:\n"
            + "  example.com:\n"
            + "    bimi: {logo: http://brand.example.com/logo.svg}\n",
        "version: 1\ndomains:\n  example.com:\n    profile: parkd\n",
        "version: 1\ndomains: {}\nchecks: {dmarc-no-ruf: off}\n",
        "version: 1\ndomains: {}\nchecks: {DMARC-NO-RUF: loud}\n",
        "version: 1\ndomains: {}\nchecks: {DMARC-NO-RUF: true}\n",
        "version: 1\nsenders: {acme: {dkim: [s1]}}\ndomains: {}\n",
      })
  void bothRefuse(String yaml) throws Exception {
    assertThrows(
        PolicyException.class, () -> PolicyLoader.parse(yaml, "t.yaml", PolicyTesting.FILES));
    assertFalse(schema.validate(YAML.readTree(yaml)).isEmpty(), "the schema accepts:\n" + yaml);
  }

  /** Forms the loader accepts that YAML libraries read differently; the schema must allow them. */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "version: 1\n"
            + "domains: {}\n"
            + "checks: {DMARC-NO-RUF: off, SPF-PTR: \"off\", DKIM-WEAK: false}\n",
        "version: 1\ndomains:\n  example.com:\n",
        "version: 1\ndomains:\n  example.com:\n    dmarc: {policy: reject, failureOptions: 1}\n",
        "version: 1\ndomains:\n  example.com:\n    dmarc: {policy: reject, failureOptions: d:s}\n",
        "version: 1\n"
            + "domains:\n"
            + "  example.com:\n"
            + "    dmarc: {policy: reject, alignment: {spf: r, dkim: s}}\n",
        "version: 1\n"
            + "domains:\n"
            + "  example.com:\n"
            + "    mtaSts: {mode: testing, mx: [mx.example.com], id: 20250101}\n",
        "version: 1\ndomains:\n  example.com:\n    mtaSts: {mode: none}\n",
        "version: 1\ndomains:\n  example.com:\n    dkim: {s1: , s2: {retireAfter: 2026-01-31}}\n",
        "version: 1\ndomains:\n  example.com:\n    mx: [{preference: 0, host: .}]\n",
        "version: 1\n"
            + "defaults: {tlsRpt: {rua: [mailto:t@example.com]}}\n"
            + "domains:\n"
            + "  example.com: {tlsRpt: ~, profile: ~}\n",
        "version: 1\ndomains:\n  example.com:\n    spf: {redirect: _spf.example.net}\n",
      })
  void bothAccept(String yaml) throws Exception {
    PolicyLoader.parse(yaml, "t.yaml", PolicyTesting.FILES);
    assertEquals(
        List.of(), schema.validate(YAML.readTree(yaml)).stream().map(Error::toString).toList());
  }

  // ---------------------------------------------------------------- schema walking

  private static JsonNode resolve(JsonNode node) {
    JsonNode ref = node.get("$ref");
    if (ref == null) {
      return node;
    }
    String pointer = ref.asText();
    assertTrue(pointer.startsWith("#/"), "only local references: " + pointer);
    JsonNode target = schemaNode.at(pointer.substring(1));
    assertFalse(target.isMissingNode(), "dangling $ref " + pointer);
    return target;
  }

  /** Key paths as {@link PolicyShape#keyPaths()} spells them, read from the schema. */
  private static void schemaPaths(JsonNode node, String prefix, Set<String> out, int depth) {
    assertTrue(depth < 30, "schema nests too deep at " + prefix);
    if (node.has("$ref")) {
      schemaPaths(resolve(node), prefix, out, depth + 1);
    }
    JsonNode properties = node.get("properties");
    if (properties != null) {
      for (Iterator<Map.Entry<String, JsonNode>> it = properties.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        String path = prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey();
        out.add(path);
        schemaPaths(e.getValue(), path, out, depth + 1);
      }
    }
    JsonNode additional = node.get("additionalProperties");
    if (additional != null && additional.isObject()) {
      schemaPaths(additional, prefix + ".*", out, depth + 1);
    }
    JsonNode items = node.get("items");
    if (items != null && items.isObject()) {
      schemaPaths(items, prefix + "[]", out, depth + 1);
    }
    for (String combinator : List.of("anyOf", "oneOf", "allOf")) {
      JsonNode options = node.get(combinator);
      if (options != null) {
        for (JsonNode option : options) {
          schemaPaths(option, prefix, out, depth + 1);
        }
      }
    }
  }

  /** Key paths present in a YAML document, walked along the loader's shape. */
  private static void usedPaths(Shape shape, JsonNode node, String prefix, Set<String> out) {
    if (shape instanceof Fields f && node.isObject()) {
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        Shape sub = f.fields().get(e.getKey());
        if (sub != null) {
          String path = prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey();
          out.add(path);
          usedPaths(sub, e.getValue(), path, out);
        }
      }
    } else if (shape instanceof MapOf m && node.isObject()) {
      for (JsonNode value : node) {
        usedPaths(m.value(), value, prefix + ".*", out);
      }
    } else if (shape instanceof ListOf l && node.isArray()) {
      for (JsonNode item : node) {
        usedPaths(l.item(), item, prefix + "[]", out);
      }
    } else if (shape instanceof AnyOf a) {
      for (Shape option : a.options()) {
        usedPaths(option, node, prefix, out);
      }
    }
  }

  private static void describedProperties(
      JsonNode node, String prefix, List<String> missing, int depth) {
    if (depth > 30) {
      return;
    }
    JsonNode properties = node.get("properties");
    if (properties != null) {
      for (Iterator<Map.Entry<String, JsonNode>> it = properties.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        String path = prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey();
        if (!e.getValue().hasNonNull("description")
            || e.getValue().get("description").asText().isBlank()) {
          missing.add(path);
        }
        describedProperties(e.getValue(), path, missing, depth + 1);
      }
    }
    JsonNode additional = node.get("additionalProperties");
    if (additional != null && additional.isObject()) {
      if (!additional.hasNonNull("description")) {
        missing.add(prefix + ".*");
      }
      describedProperties(additional, prefix + ".*", missing, depth + 1);
    }
    for (String key : List.of("items", "$defs")) {
      JsonNode sub = node.get(key);
      if (sub != null && sub.isObject()) {
        if (key.equals("$defs")) {
          for (JsonNode def : sub) {
            describedProperties(def, prefix + "<def>", missing, depth + 1);
          }
        } else {
          describedProperties(sub, prefix + "[]", missing, depth + 1);
        }
      }
    }
    for (String combinator : List.of("anyOf", "oneOf", "allOf")) {
      JsonNode options = node.get(combinator);
      if (options != null) {
        for (JsonNode option : options) {
          describedProperties(option, prefix, missing, depth + 1);
        }
      }
    }
  }

  static {
    // Fail loudly instead of mysteriously if the module is run from another folder.
    if (!Files.isRegularFile(SCHEMA_FILE)) {
      throw new UncheckedIOException(
          new IOException(
              "run the tests from policy-model/: " + SCHEMA_FILE.toAbsolutePath() + " not found"));
    }
  }
}
