package io.github.emailauth.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * The plugin as Maven sees it: the descriptor that maven-plugin-plugin generated from the Mojos.
 * Scripts and pipelines call the goals by prefix and set parameters by user property, so those
 * names are pinned here (DESIGN.md "Goals"), and each one must be documented in docs/goals.md.
 */
class PluginDescriptorTest {
  private static final Path DESCRIPTOR =
      Path.of("target", "classes", "META-INF", "maven", "plugin.xml");
  private static final Path GOALS_MD = Path.of("..", "docs", "goals.md");

  /** The common parameters of DESIGN.md, by user property; every goal but explain has them. */
  private static final List<String> COMMON =
      List.of(
          "emailauth.policy",
          "emailauth.skip",
          "emailauth.failOn",
          "emailauth.failOnUnverifiable",
          "emailauth.outputDirectory",
          "emailauth.formats",
          "emailauth.nameservers",
          "emailauth.zoneFiles",
          "emailauth.timeout",
          "emailauth.retries",
          "emailauth.concurrency",
          "emailauth.trustStore",
          "emailauth.trustStorePassword",
          "emailauth.domains",
          "emailauth.shard");

  private static Element plugin;
  private static final Map<String, Element> MOJOS = new LinkedHashMap<>();

  @BeforeAll
  static void read() throws Exception {
    assertTrue(Files.isRegularFile(DESCRIPTOR), DESCRIPTOR.toAbsolutePath() + " is missing");
    DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
    factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
    factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    Document doc = factory.newDocumentBuilder().parse(DESCRIPTOR.toFile());
    plugin = doc.getDocumentElement();
    for (Element mojo : children(child(plugin, "mojos"), "mojo")) {
      MOJOS.put(text(mojo, "goal"), mojo);
    }
  }

  @Test
  void thePluginIsCalledByItsPrefix() {
    assertEquals("emailauth-maven-plugin", text(plugin, "artifactId"));
    assertEquals("emailauth", text(plugin, "goalPrefix"));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"lint, validate", "verify, verify", "generate, generate-resources"})
  void eachGoalRunsWithoutAProjectAndTakesTheCommonProperties(String goal, String phase) {
    Element mojo = MOJOS.get(goal);
    assertTrue(mojo != null, "no goal " + goal + " in " + MOJOS.keySet());
    assertEquals("false", text(mojo, "requiresProject"), goal);
    assertEquals(phase, text(mojo, "phase"), goal);
    Set<String> properties = properties(mojo);
    List<String> missing = COMMON.stream().filter(p -> !properties.contains(p)).toList();
    assertEquals(List.of(), missing, goal + " lacks these user properties");
  }

  @Test
  void everyUserPropertyIsDocumentedInGoalsMd() throws IOException {
    String page = Files.readString(GOALS_MD, StandardCharsets.UTF_8);
    Set<String> undocumented = new TreeSet<>();
    for (Element mojo : MOJOS.values()) {
      for (String property : properties(mojo)) {
        if (!page.contains("`" + property + "`")) {
          undocumented.add(text(mojo, "goal") + ": " + property);
        }
      }
    }
    assertEquals(Set.of(), undocumented, "user properties missing from " + GOALS_MD);
  }

  /** The {@code ${emailauth.*}} expressions of a mojo's parameters. */
  private static Set<String> properties(Element mojo) {
    Set<String> out = new TreeSet<>();
    Pattern expression = Pattern.compile("^\\$\\{(emailauth\\.[A-Za-z]+)}$");
    for (Element p : children(child(mojo, "configuration"), null)) {
      Matcher m = expression.matcher(p.getTextContent().trim());
      if (m.matches()) {
        out.add(m.group(1));
      }
    }
    return out;
  }

  private static Element child(Element parent, String name) {
    List<Element> found = children(parent, name);
    assertEquals(1, found.size(), "<" + name + "> under <" + parent.getTagName() + ">");
    return found.get(0);
  }

  /** Direct child elements, all of them when {@code name} is null. */
  private static List<Element> children(Element parent, String name) {
    List<Element> out = new ArrayList<>();
    NodeList nodes = parent.getChildNodes();
    for (int i = 0; i < nodes.getLength(); i++) {
      Node n = nodes.item(i);
      if (n instanceof Element e && (name == null || e.getTagName().equals(name))) {
        out.add(e);
      }
    }
    return out;
  }

  private static String text(Element parent, String name) {
    return child(parent, name).getTextContent().trim();
  }
}
