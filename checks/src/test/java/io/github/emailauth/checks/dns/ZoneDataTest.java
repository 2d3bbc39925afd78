package io.github.emailauth.checks.dns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/** Lookup semantics, including the RFC 4592 §2.2.1 examples. */
class ZoneDataTest {
  private ZoneData data;

  @BeforeEach
  void load() throws Exception {
    data = new ZoneData();
    data.addZone(Name.fromString("example."));
    // RFC 4592 §2.2.1, trimmed to what the semantics depend on
    add("example. 3600 IN MX 10 host1.example.");
    add("*.example. 3600 IN TXT \"this is a wildcard\"");
    add("*.example. 3600 IN MX 10 host1.example.");
    add("sub.*.example. 3600 IN TXT \"this is not a wildcard\"");
    add("host1.example. 3600 IN A 192.0.2.1");
    add("_ssh._tcp.host1.example. 3600 IN SRV 0 0 22 host1.example.");
    add("subdel.example. 3600 IN NS ns.example.com.");
    add("alias.example. 3600 IN CNAME target.elsewhere.");
    add("*.cn.example. 3600 IN CNAME host1.example.");
  }

  @ParameterizedTest
  @CsvSource({
    // the RFC's own table of which names the wildcard matches
    "host3.example., MX, RECORDS",
    "host3.example., A, NODATA",
    "foo.bar.example., TXT, RECORDS",
    "host1.example., MX, NODATA",
    "sub.*.example., MX, NODATA",
    "_telnet._tcp.host1.example., SRV, NXDOMAIN",
    // below a delegation the data is not authoritative (the RFC's answer is a referral)
    "host.subdel.example., A, OUTSIDE",
    "subdel.example., A, OUTSIDE",
    "ghost.*.example., MX, NXDOMAIN",
    // empty non-terminals exist
    "_tcp.host1.example., TXT, NODATA",
    "*.example., TXT, RECORDS",
  })
  void rfc4592Examples(String name, String type, ZoneData.Status expected) throws Exception {
    assertEquals(expected, data.lookup(Name.fromString(name), Type.value(type), true).status());
  }

  @Test
  void wildcardRecordsTakeTheNameAsked() throws Exception {
    ZoneData.Result r = data.lookup(Name.fromString("Foo.Bar.example."), Type.TXT, true);
    assertEquals(Name.fromString("foo.bar.example."), r.records().get(0).getName());
  }

  @Test
  void wildcardAliasesAreFollowed() throws Exception {
    ZoneData.Result r = data.lookup(Name.fromString("x.cn.example."), Type.A, true);
    assertEquals(ZoneData.Status.RECORDS, r.status());
    assertEquals(List.of("host1.example"), r.chain());
    assertEquals(Name.fromString("x.cn.example."), r.cnames().get(0).getName());
  }

  @Test
  void chainsLeavingTheZonesArePartial() throws Exception {
    ZoneData.Result r = data.lookup(Name.fromString("alias.example."), Type.TXT, true);
    assertEquals(ZoneData.Status.PARTIAL, r.status());
    assertEquals(Name.fromString("target.elsewhere."), r.last());
    ZoneData.Result noChase = data.lookup(Name.fromString("x.cn.example."), Type.A, false);
    assertEquals(ZoneData.Status.PARTIAL, noChase.status());
    assertEquals(
        ZoneData.Status.OUTSIDE, data.lookup(Name.fromString("example.org."), 1, true).status());
  }

  @Test
  void anyAndDuplicates() throws Exception {
    add("host1.example. 60 IN A 192.0.2.1"); // same data, other TTL: one RRset member
    add("host1.example. 60 IN TXT \"t\"");
    List<Integer> types =
        data.lookup(Name.fromString("HOST1.example."), Type.ANY, true).records().stream()
            .map(Record::getType)
            .collect(Collectors.toList());
    assertEquals(List.of(Type.A, Type.TXT), types);
  }

  @Test
  void withoutZonesEverythingIsInside() throws Exception {
    ZoneData open = new ZoneData();
    open.add(
        Record.fromString(Name.fromString("a.b."), Type.TXT, DClass.IN, 60, "\"x\"", Name.root));
    assertEquals(
        ZoneData.Status.NODATA, open.lookup(Name.fromString("b."), Type.TXT, true).status());
    assertEquals(
        ZoneData.Status.NXDOMAIN, open.lookup(Name.fromString("c."), Type.TXT, true).status());
    assertThrows(
        IllegalArgumentException.class,
        () -> open.lookup(Name.fromString("relative", null), Type.TXT, true));
  }

  private void add(String line) throws Exception {
    String[] parts = line.split(" ", 5);
    data.add(
        Record.fromString(
            Name.fromString(parts[0]),
            Type.value(parts[3]),
            DClass.IN,
            Long.parseLong(parts[1]),
            parts[4],
            Name.root));
  }
}
