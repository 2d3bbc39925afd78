package io.github.emailauth.checks.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Keeps code and {@code docs/checks.md} in step: every check id a run can report has a {@code ###
 * ID} section, and every {@link CheckDefinition} enum in the compiled code is part of the default
 * catalogue, so a new module's ids cannot escape it (a module not listed in {@link
 * ProtocolModules#all()} fails here).
 */
class CheckCatalogueDocsTest {
  private static final Path CHECKS_MD = Path.of("..", "docs", "checks.md");

  @Test
  void everyCheckIdHasASectionInTheCatalogue() throws IOException {
    Set<String> sections = sections();
    List<String> missing =
        CheckCatalog.standard().all().stream()
            .map(CheckDefinition::id)
            .filter(id -> !sections.contains(id))
            .toList();
    assertEquals(List.of(), missing, "check ids without a `### ID` section in " + CHECKS_MD);
  }

  @Test
  void everyCheckDefinitionEnumInTheCodeIsInTheDefaultCatalogue() throws Exception {
    List<Class<?>> enums = checkDefinitionEnums();
    assertTrue(
        enums.contains(EngineCheck.class),
        "the scan must find at least the engine's own checks: " + enums);
    CheckCatalog catalog = CheckCatalog.standard();
    Set<String> escaped = new TreeSet<>();
    for (Class<?> type : enums) {
      for (Object constant : type.getEnumConstants()) {
        String id = ((CheckDefinition) constant).id();
        if (!catalog.find(id).map(d -> d == constant).orElse(false)) {
          escaped.add(type.getName() + ": " + id);
        }
      }
    }
    assertEquals(
        Set.of(),
        escaped,
        "check ids not reachable through ProtocolModules.all(): add the module there, or list the"
            + " enum in its checks()");
  }

  /** The headings {@code ### ID} of docs/checks.md. */
  static Set<String> sections() throws IOException {
    assertTrue(Files.isRegularFile(CHECKS_MD), CHECKS_MD.toAbsolutePath() + " is missing");
    try (Stream<String> lines = Files.lines(CHECKS_MD)) {
      return lines
          .filter(l -> l.startsWith("### "))
          .map(l -> l.substring(4).trim())
          .collect(Collectors.toSet());
    }
  }

  /** Every enum implementing CheckDefinition among the compiled main classes. */
  private static List<Class<?>> checkDefinitionEnums()
      throws IOException, URISyntaxException, ClassNotFoundException {
    Path classes =
        Path.of(CheckDefinition.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    Path root = classes.resolve("io/github/emailauth/checks");
    assertTrue(Files.isDirectory(root), "compiled classes not found under " + classes);
    List<String> names;
    try (Stream<Path> files = Files.walk(root)) {
      names =
          files
              .filter(p -> p.toString().endsWith(".class"))
              .map(p -> classes.relativize(p).toString())
              .map(
                  s ->
                      s.substring(0, s.length() - ".class".length())
                          .replace('/', '.')
                          .replace('\\', '.'))
              .sorted()
              .toList();
    }
    List<Class<?>> out = new ArrayList<>();
    ClassLoader loader = CheckCatalogueDocsTest.class.getClassLoader();
    for (String name : names) {
      Class<?> type = Class.forName(name, false, loader);
      if (type.isEnum() && CheckDefinition.class.isAssignableFrom(type)) {
        out.add(type);
      }
    }
    return out;
  }
}
