package io.github.emailauth.checks.output;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.emailauth.checks.engine.CheckCatalog;
import io.github.emailauth.checks.engine.CheckDefinition;
import io.github.emailauth.checks.engine.Finding;
import io.github.emailauth.checks.engine.Report;
import io.github.emailauth.checks.engine.Severity;
import io.github.emailauth.policy.SourcePosition;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * {@code report.sarif}, SARIF 2.1.0: one rule per check id of the catalogue, one result per
 * finding, located at the policy file line the expectation was declared on (line 1 of the policy
 * file when a finding has no location), so code-scanning UIs annotate the YAML.
 */
public final class SarifWriter {
  static final String SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";

  private SarifWriter() {}

  /**
   * @param workingDir artifact URIs are made relative to it when the policy file is inside it (a
   *     repository checkout), absolute {@code file:} URIs otherwise
   */
  public static byte[] render(Report report, CheckCatalog catalog, Path workingDir) {
    Map<String, CheckDefinition> rules = new LinkedHashMap<>();
    for (CheckDefinition d : catalog.all()) {
      rules.put(d.id(), d);
    }
    List<String> ruleIds = new ArrayList<>(rules.keySet());
    // A finding whose id is missing from the catalogue still gets a rule, so results never point
    // at nothing; the catalogue test keeps this path unused.
    List<String> strays =
        report
            .findings()
            .map(Finding::checkId)
            .filter(id -> !rules.containsKey(id))
            .distinct()
            .sorted()
            .collect(Collectors.toList());
    ruleIds.addAll(strays);

    ObjectNode root = Json.object();
    root.put("$schema", SCHEMA);
    root.put("version", "2.1.0");
    ObjectNode run = root.putArray("runs").addObject();
    ObjectNode driver = run.putObject("tool").putObject("driver");
    driver.put("name", report.tool().name());
    driver.put("version", report.tool().version());
    driver.put("semanticVersion", semanticVersion(report.tool().version()));
    driver.put("informationUri", report.tool().docsUrl());
    ArrayNode ruleArray = driver.putArray("rules");
    for (String id : ruleIds) {
      ruleArray.add(rule(report, id, rules.get(id)));
    }
    run.put("columnKind", "unicodeCodePoints");

    ArrayNode results = run.putArray("results");
    Locator locator = new Locator(report.policyFile(), workingDir);
    report.findings().forEach(f -> results.add(result(f, ruleIds.indexOf(f.checkId()), locator)));
    return Json.bytes(root);
  }

  private static ObjectNode rule(Report report, String id, CheckDefinition d) {
    ObjectNode r = Json.object();
    r.put("id", id);
    r.putObject("shortDescription").put("text", d == null ? id : d.title());
    r.put("helpUri", report.tool().checkUrl(id));
    if (d != null) {
      r.putObject("defaultConfiguration").put("level", level(d.defaultSeverity()));
      ObjectNode props = r.putObject("properties");
      props.put("protocol", d.protocol().id());
      props.put("kind", d.kind().label());
      props.putArray("tags").add("email-authentication").add(d.protocol().id());
    }
    return r;
  }

  private static ObjectNode result(Finding f, int ruleIndex, Locator locator) {
    ObjectNode r = Json.object();
    r.put("ruleId", f.checkId());
    r.put("ruleIndex", ruleIndex);
    r.put("level", level(f.severity()));
    String where = f.domain().isEmpty() ? "" : f.domain() + ": ";
    String fix = f.remediation() == null ? "" : " Fix: " + f.remediation();
    r.putObject("message").put("text", where + f.message() + fix);
    ObjectNode physical = r.putArray("locations").addObject().putObject("physicalLocation");
    SourcePosition at = f.location();
    physical.putObject("artifactLocation").put("uri", locator.uri(at));
    ObjectNode region = physical.putObject("region");
    region.put("startLine", at == null || at.line() < 1 ? 1 : at.line());
    if (at != null && at.line() >= 1 && at.column() >= 1) {
      region.put("startColumn", at.column());
    }
    // Several findings can sit on the same policy line (every domain's default, line 1); the
    // fingerprint keeps them apart in code-scanning UIs and stable from run to run.
    r.putObject("partialFingerprints")
        .put("emailauthFinding/v1", fingerprint(f.domain(), f.checkId(), f.subject()));
    ObjectNode props = r.putObject("properties");
    Json.putIfPresent(props, "domain", f.domain().isEmpty() ? null : f.domain());
    props.put("protocol", f.protocol().id());
    props.put("kind", f.kind().label());
    Json.putIfPresent(props, "subject", f.subject());
    Json.putIfPresent(props, "expected", f.expected());
    Json.putIfPresent(props, "actual", f.actual());
    Json.putIfPresent(props, "remediation", f.remediation());
    return r;
  }

  static String level(Severity s) {
    return switch (s) {
      case ERROR -> "error";
      case WARNING -> "warning";
      case NOTICE -> "note";
    };
  }

  /** SARIF wants semver; a Maven snapshot version already is one ({@code 0.1.0-SNAPSHOT}). */
  private static String semanticVersion(String version) {
    return version.matches("\\d+\\.\\d+\\.\\d+([-+].*)?") ? version : "0.0.0-" + sanitize(version);
  }

  private static String sanitize(String version) {
    String s = version.replaceAll("[^0-9A-Za-z-]", "-");
    return s.isEmpty() ? "unknown" : s;
  }

  private static String fingerprint(String... parts) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      for (String p : parts) {
        sha.update((p == null ? "" : p).getBytes(StandardCharsets.UTF_8));
        sha.update((byte) 0);
      }
      return HexFormat.of().formatHex(sha.digest()).substring(0, 32);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every JVM", e);
    }
  }

  /** Turns the file of a {@link SourcePosition} into an artifact URI. */
  static final class Locator {
    private final Path policyFile;
    private final Path workingDir;

    Locator(Path policyFile, Path workingDir) {
      this.policyFile = policyFile;
      this.workingDir = workingDir.toAbsolutePath().normalize();
    }

    String uri(SourcePosition at) {
      Path file = file(at);
      Path absolute = workingDir.resolve(file).normalize();
      if (absolute.startsWith(workingDir)) {
        try {
          return relativeUri(workingDir.relativize(absolute));
        } catch (URISyntaxException e) {
          // a first segment with a colon reads as a scheme; the absolute form is unambiguous
        }
      }
      return absolute.toUri().toString();
    }

    /**
     * The loader may record the policy's file name only; when it names the policy file, use the
     * policy's full path so the URI points at the file actually read.
     */
    private Path file(SourcePosition at) {
      if (at == null || at.file().isEmpty()) {
        return policyFile != null ? policyFile : Path.of("emailauth.yaml");
      }
      Path named = Path.of(at.file());
      if (policyFile != null
          && !named.isAbsolute()
          && (named.equals(policyFile) || named.equals(policyFile.getFileName()))) {
        return policyFile;
      }
      return named;
    }

    private static String relativeUri(Path relative) throws URISyntaxException {
      List<String> segments = new ArrayList<>();
      relative.forEach(p -> segments.add(p.toString()));
      // The multi-argument constructor percent-encodes what a URI path cannot hold (spaces).
      return new URI(null, null, String.join("/", segments), null).toASCIIString();
    }
  }
}
