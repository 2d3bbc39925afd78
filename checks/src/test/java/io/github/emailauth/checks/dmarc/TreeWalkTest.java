package io.github.emailauth.checks.dmarc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.emailauth.checks.dmarc.TreeWalk.Step;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The pure half of the tree walk; the wire half is in DmarcDiscoveryWireTest. */
class TreeWalkTest {

  @Test
  void shortNamesWalkEveryLabelDownToTheTld() {
    assertEquals(
        List.of("a.mail.example.com", "mail.example.com", "example.com", "com"),
        TreeWalk.names("a.mail.example.com"));
  }

  @Test
  void longNamesJumpToSevenLabelsAndStayWithinEightQueries() {
    // spec §8.8 (RFC 9989 §4.10 example)
    List<String> names = TreeWalk.names("a.b.c.d.e.f.g.h.i.j.mail.example.com");
    assertEquals(TreeWalk.MAX_QUERIES, names.size());
    assertEquals("a.b.c.d.e.f.g.h.i.j.mail.example.com", names.get(0));
    assertEquals("g.h.i.j.mail.example.com", names.get(1));
    assertEquals("com", names.get(names.size() - 1));
  }

  @ParameterizedTest
  @CsvSource({"1,1", "2,2", "7,7", "8,8", "9,8", "30,8"})
  void neverMoreThanEightQueries(int labels, int queries) {
    List<String> parts = new ArrayList<>();
    for (int i = 0; i < labels; i++) {
      parts.add("l" + i);
    }
    List<String> names = TreeWalk.names(String.join(".", parts));
    assertEquals(queries, names.size());
    assertEquals("l" + (labels - 1), names.get(names.size() - 1));
  }

  /** Steps for a walk from the first name; a map value is the record text at that name. */
  private static List<Step> steps(String start, Map<String, String> records) {
    List<Step> out = new ArrayList<>();
    for (String name : TreeWalk.names(start)) {
      String text = records.get(name);
      Step s = text == null ? new Step.None(name) : new Step.Found(name, DmarcRecord.parse(text));
      out.add(s);
      // like DmarcDiscovery: the domain's own record ends discovery, psd=y/n ends the walk
      if (TreeWalk.stops(s) || (out.size() == 1 && s instanceof Step.Found)) {
        break;
      }
    }
    return out;
  }

  @Test
  void fewestLabelsWinsWithoutPsd() {
    // spec §8.17: mail.example.com's record is not used for a.mail.example.com
    List<Step> s =
        steps(
            "a.mail.example.com",
            Map.of(
                "mail.example.com", "v=DMARC1; p=none",
                "example.com", "v=DMARC1; p=reject; sp=quarantine"));
    assertEquals(4, s.size());
    TreeWalk.Outcome o = TreeWalk.discover(s);
    assertEquals("example.com", o.orgDomain());
    assertEquals("example.com", o.governing().orElseThrow().domain());
    assertEquals(TreeWalk.Applies.SP, TreeWalk.applies("a.mail.example.com", "example.com", true));
    assertEquals(TreeWalk.Applies.NP, TreeWalk.applies("a.mail.example.com", "example.com", false));
  }

  @Test
  void psdNStopsTheWalkAndNamesTheOrgDomain() {
    List<Step> s =
        steps(
            "x.dept.example.com",
            Map.of(
                "dept.example.com", "v=DMARC1; p=reject; psd=n",
                "example.com", "v=DMARC1; p=none"));
    assertEquals(2, s.size(), "the walk stops at psd=n");
    assertEquals("dept.example.com", TreeWalk.discover(s).governing().orElseThrow().domain());
  }

  @Test
  void psdYMakesTheNameBelowTheOrgDomain() {
    // spec §8.9: psd=y at _dmarc.example, so the org domain of a.b.example is b.example
    List<Step> s = steps("a.b.example", Map.of("example", "v=DMARC1; p=reject; psd=y"));
    TreeWalk.Outcome o = TreeWalk.discover(s);
    assertEquals("b.example", o.orgDomain());
    assertTrue(o.psd(), "no org record, so the PSD policy applies");
    assertEquals("example", o.governing().orElseThrow().domain());
  }

  @Test
  void anOrgRecordTakesPrecedenceOverThePsd() {
    List<Step> s =
        steps(
            "a.b.example",
            Map.of("b.example", "v=DMARC1; p=quarantine", "example", "v=DMARC1; p=reject; psd=y"));
    TreeWalk.Outcome o = TreeWalk.discover(s);
    assertEquals("b.example", o.governing().orElseThrow().domain());
    assertFalse(o.psd());
  }

  @Test
  void severalRecordsAreDiscardedAndTheWalkGoesOn() {
    // spec §8.3, RFC 9989 side
    List<Step> s = new ArrayList<>();
    s.add(new Step.Several("sub.example.com", 2));
    s.add(new Step.Found("example.com", DmarcRecord.parse("v=DMARC1; p=reject")));
    s.add(new Step.None("com"));
    assertEquals("example.com", TreeWalk.discover(s).governing().orElseThrow().domain());
  }

  @Test
  void theDomainsOwnRecordGovernsWithP() {
    List<Step> s = steps("example.com", Map.of("example.com", "v=DMARC1; p=reject"));
    assertEquals(1, s.size());
    assertEquals("example.com", TreeWalk.discover(s).governing().orElseThrow().domain());
    assertEquals(TreeWalk.Applies.P, TreeWalk.applies("example.com", "example.com", true));
  }

  @Test
  void nothingFoundMeansNoPolicy() {
    TreeWalk.Outcome o = TreeWalk.discover(steps("a.example.org", Map.of()));
    assertTrue(o.governing().isEmpty());
    assertEquals("a.example.org", o.orgDomain());
  }

  @ParameterizedTest
  @CsvSource({
    "a.mail.example.com, PUBLIC, example.com",
    "foo.blogspot.com, PUBLIC, foo.blogspot.com",
    "foo.blogspot.com, REGISTRY, blogspot.com",
    "www.example.co.uk, PUBLIC, example.co.uk",
    "co.uk, PUBLIC, co.uk",
    "a.b.example, PUBLIC, b.example",
    "example, PUBLIC, example",
  })
  void pslOrganizationalDomain(String domain, SuffixList list, String org) {
    assertEquals(org, list.orgDomain(domain));
  }
}
