package io.github.emailauth.checks.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.emailauth.checks.engine.FailPolicy;
import io.github.emailauth.checks.engine.Report;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

class JunitWriterTest {
  static Document parse(Report report) throws Exception {
    DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
    f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    return f.newDocumentBuilder().parse(new ByteArrayInputStream(JunitWriter.render(report)));
  }

  static List<Element> children(Element parent, String tag) {
    List<Element> out = new ArrayList<>();
    NodeList nodes = parent.getChildNodes();
    for (int i = 0; i < nodes.getLength(); i++) {
      if (nodes.item(i) instanceof Element e && e.getTagName().equals(tag)) {
        out.add(e);
      }
    }
    return out;
  }

  static Element testCase(Document doc, String suite, String name) {
    for (Element s : children(doc.getDocumentElement(), "testsuite")) {
      if (s.getAttribute("name").equals(suite)) {
        for (Element c : children(s, "testcase")) {
          if (c.getAttribute("name").equals(name)) {
            return c;
          }
        }
      }
    }
    throw new AssertionError("no test case " + suite + " / " + name);
  }

  @Test
  void oneSuitePerDomainOneCasePerProtocolFailuresWhereFindingsFail() throws Exception {
    Document doc = parse(SampleReports.mixed(FailPolicy.defaults()));
    Element root = doc.getDocumentElement();
    assertEquals("testsuites", root.getTagName());
    List<String> suites =
        children(root, "testsuite").stream().map(e -> e.getAttribute("name")).toList();
    assertEquals(List.of("policy", "evil.example", "weak.example", "clean.example"), suites);

    Element evilMx = testCase(doc, "evil.example", "mx");
    assertEquals("evil.example", evilMx.getAttribute("classname"));
    Element failure = children(evilMx, "failure").get(0);
    assertEquals("TEST-MX-DRIFT", failure.getAttribute("type"));
    assertTrue(
        failure.getTextContent().contains("fix:      remove\nthe record"),
        failure.getTextContent());
    assertTrue(
        failure.getAttribute("message").contains("<script>"),
        "escaped in the file, intact when parsed");
    assertEquals(0, children(evilMx, "system-out").size(), "a failing finding is listed once");

    // failOn=error: the DNS timeout does not fail; the protocol could not be checked: skipped
    Element evilDmarc = testCase(doc, "evil.example", "dmarc");
    assertEquals(0, children(evilDmarc, "failure").size());
    assertEquals(1, children(evilDmarc, "skipped").size());
    assertTrue(children(evilDmarc, "system-out").get(0).getTextContent().contains("TIMEOUT"));

    // a warning under failOn=error passes, and is listed
    Element weakDmarc = testCase(doc, "weak.example", "dmarc");
    assertEquals(0, children(weakDmarc, "failure").size());
    assertEquals(1, children(weakDmarc, "skipped").size(), "its SERVFAIL finding");
    assertTrue(children(weakDmarc, "system-out").get(0).getTextContent().contains("p=none"));

    Element cleanMx = testCase(doc, "clean.example", "mx");
    assertEquals(0, cleanMx.getChildNodes().getLength(), "a passed case is empty");

    Element policy = testCase(doc, "policy", "emailauth.yaml");
    assertEquals("policy", policy.getAttribute("classname"));
    assertEquals("POLICY-UNKNOWN-CHECK", children(policy, "failure").get(0).getAttribute("type"));

    assertEquals("8", root.getAttribute("tests"));
    assertEquals("2", root.getAttribute("failures"));
    assertEquals("0", root.getAttribute("errors"));
    assertEquals("2", root.getAttribute("skipped"));
  }

  @Test
  void unverifiableFindingsAreErrorsWhenTheyFailTheRun() throws Exception {
    Document doc = parse(SampleReports.mixed(new FailPolicy(FailPolicy.FailOn.WARNING, true)));
    Element evilDmarc = testCase(doc, "evil.example", "dmarc");
    assertEquals("TEST-DMARC-DNS", children(evilDmarc, "error").get(0).getAttribute("type"));
    Element weakDmarc = testCase(doc, "weak.example", "dmarc");
    Element failure = children(weakDmarc, "failure").get(0);
    assertEquals(
        "TEST-DMARC-WEAK", failure.getAttribute("type"), "a real failure wins over an error");
    assertTrue(
        failure.getAttribute("message").endsWith("(and 1 more)"), failure.getAttribute("message"));
    assertTrue(failure.getTextContent().contains("SERVFAIL"));
  }

  @Test
  void controlCharactersThatXmlCannotHoldAreReplacedSoTheFileParses() throws Exception {
    Document doc = parse(SampleReports.mixed(FailPolicy.defaults()));
    String text = children(testCase(doc, "evil.example", "mx"), "failure").get(0).getTextContent();
    assertTrue(text.contains("\uFFFD\uFFFD[31m"), text);
  }

  @Test
  void aCleanReportIsAllPassed() throws Exception {
    Document doc = parse(SampleReports.clean());
    Element root = doc.getDocumentElement();
    assertEquals("1", root.getAttribute("tests"));
    assertEquals("0", root.getAttribute("failures"));
    Node only = children(children(root, "testsuite").get(0), "testcase").get(0);
    assertEquals("mx", ((Element) only).getAttribute("name"));
  }
}
