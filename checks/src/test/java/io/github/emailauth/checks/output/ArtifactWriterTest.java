package io.github.emailauth.checks.output;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.emailauth.checks.engine.Artifacts;
import io.github.emailauth.checks.engine.DomainArtifacts;
import io.github.emailauth.checks.engine.GeneratedFile;
import io.github.emailauth.checks.engine.GeneratedRecord;
import io.github.emailauth.checks.engine.Protocol;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.xbill.DNS.Master;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.TXTRecord;

class ArtifactWriterTest {
  @TempDir Path out;

  static GeneratedRecord txt(String name, String value) {
    return new GeneratedRecord(name, "TXT", 3600, value, Protocol.DMARC);
  }

  static GeneratedRecord mx(String name, String value) {
    return new GeneratedRecord(name, "MX", 3600, value, Protocol.MX);
  }

  /** Reads a zone back with dnsjava's master-file parser, as DNS tools would. */
  static List<Record> parse(String zone) throws IOException {
    List<Record> records = new ArrayList<>();
    try (Master m =
        new Master(new ByteArrayInputStream(zone.getBytes(StandardCharsets.UTF_8)), Name.root)) {
      for (Record r = m.nextRecord(); r != null; r = m.nextRecord()) {
        records.add(r);
      }
    }
    return records;
  }

  static byte[] joined(TXTRecord r) {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    for (byte[] s : r.getStringsAsByteArrays()) {
      assertTrue(s.length <= 255, "a string of " + s.length + " bytes");
      b.writeBytes(s);
    }
    return b.toByteArray();
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 254, 255, 256, 510, 511, 2000})
  void txtValuesOfAnyLengthReadBackAsTheSameBytes(int length) throws IOException {
    StringBuilder v = new StringBuilder("v=DKIM1; k=rsa; p=");
    while (v.length() < length) {
      v.append("MIIBIjAN\"Bg\\kq é;");
    }
    String value = v.substring(0, Math.max(length, 0));
    String zone =
        ArtifactWriter.zone("example.com", List.of(txt("s1._domainkey.example.com", value)));

    List<Record> records = parse(zone);
    assertEquals(1, records.size(), zone);
    TXTRecord parsed = (TXTRecord) records.get(0);
    assertArrayEquals(value.getBytes(StandardCharsets.UTF_8), joined(parsed));
    int bytes = value.getBytes(StandardCharsets.UTF_8).length;
    assertEquals(Math.max(1, (bytes + 254) / 255), parsed.getStringsAsByteArrays().size());
    assertEquals(Name.fromString("s1._domainkey.example.com."), parsed.getName());
    assertEquals(3600, parsed.getTTL());
  }

  @Test
  void quotesBackslashesAndNonAsciiAreEscaped() {
    assertEquals("\"a\\\"b\\\\c\"", ArtifactWriter.txt("a\"b\\c"));
    assertEquals("\"caf\\195\\169\"", ArtifactWriter.txt("café"));
    assertEquals("\"\"", ArtifactWriter.txt(""));
    String long300 = "x".repeat(300);
    assertEquals(
        "\"" + "x".repeat(255) + "\" \"" + "x".repeat(45) + "\"", ArtifactWriter.txt(long300));
  }

  @Test
  void theZoneMatchesTheGoldenFileWhateverOrderTheModulesGaveTheRecordsIn() throws IOException {
    List<GeneratedRecord> records =
        new ArrayList<>(
            List.of(
                txt("_dmarc.example.com", "v=DMARC1; p=reject; rua=mailto:dmarc@example.com"),
                mx("example.com", "20 mx2.example.com."),
                txt("example.com", "v=spf1 ip4:192.0.2.0/24 -all"),
                mx("example.com", "10 mx1.example.com."),
                txt("_mta-sts.example.com", "v=STSv1; id=20250101T000000"),
                txt("example.com._report._dmarc.reports.example.net", "v=DMARC1"),
                mx("example.com", "10 mx1.example.com.")));
    String golden = golden("output/example.com.zone");
    assertEquals(golden, ArtifactWriter.zone("example.com", records));
    java.util.Collections.reverse(records);
    assertEquals(golden, ArtifactWriter.zone("example.com", records));
    assertEquals(6, parse(golden).size(), "the duplicate MX is written once");
  }

  private static String golden(String resource) throws IOException {
    try (InputStream in = ArtifactWriterTest.class.getResourceAsStream("/" + resource)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  static List<DomainArtifacts> sample() {
    return List.of(
        new DomainArtifacts(
            "example.com",
            new Artifacts(
                List.of(
                    txt("_dmarc.example.com", "v=DMARC1; p=reject"),
                    mx("example.com", "10 mx1.example.com.")),
                List.of(
                    new GeneratedFile(
                        "mta-sts/example.com/.well-known/mta-sts.txt",
                        "version: STSv1\r\nmode: enforce\r\n"
                            .getBytes(StandardCharsets.US_ASCII))))),
        new DomainArtifacts("nothing.example", Artifacts.EMPTY),
        new DomainArtifacts(
            "example.org",
            Artifacts.ofRecords(
                List.of(mx("example.org", "0 ."), txt("example.org", "v=spf1 -all")))));
  }

  @Test
  void writesZonesRecordsJsonAndFilesUnderTheOutputDirectory() throws IOException {
    List<Path> written = ArtifactWriter.write(sample(), out);

    assertEquals(
        List.of(
            out.resolve("mta-sts/example.com/.well-known/mta-sts.txt"),
            out.resolve("records.json"),
            out.resolve("zone/example.com.zone"),
            out.resolve("zone/example.org.zone")),
        written.stream().map(p -> out.resolve(out.toAbsolutePath().relativize(p))).toList());
    assertTrue(Files.notExists(out.resolve("zone/nothing.example.zone")), "no records, no file");
    assertEquals(
        "version: STSv1\r\nmode: enforce\r\n",
        Files.readString(out.resolve("mta-sts/example.com/.well-known/mta-sts.txt")));
    assertEquals(2, parse(Files.readString(out.resolve("zone/example.org.zone"))).size());

    JsonNode records = new ObjectMapper().readTree(out.resolve("records.json").toFile());
    assertEquals(4, records.size());
    JsonNode first = records.get(0);
    assertEquals("example.com", first.get("name").asText(), "apex first");
    assertEquals("MX", first.get("type").asText());
    assertEquals(3600, first.get("ttl").asLong());
    assertEquals("10 mx1.example.com.", first.get("value").asText());
    List<String> fields = new ArrayList<>();
    first.fieldNames().forEachRemaining(fields::add);
    assertEquals(List.of("name", "type", "ttl", "value"), fields);
    assertEquals("_dmarc.example.com", records.get(1).get("name").asText());
    assertEquals("example.org", records.get(2).get("name").asText(), "domains in policy order");
  }

  @Test
  void theSameArtifactsGiveTheSameBytes(@TempDir Path other) throws IOException {
    ArtifactWriter.write(sample(), out);
    ArtifactWriter.write(sample(), other);
    try (Stream<Path> files = Files.walk(out)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        assertArrayEquals(
            Files.readAllBytes(f),
            Files.readAllBytes(other.resolve(out.relativize(f))),
            f.toString());
      }
    }
  }

  @Test
  void twoModulesWritingOneFileDifferentlyIsRefused() {
    List<DomainArtifacts> clash =
        List.of(
            new DomainArtifacts(
                "example.com",
                new Artifacts(
                    List.of(),
                    List.of(
                        new GeneratedFile("a/b.txt", new byte[] {1}),
                        new GeneratedFile("a/b.txt", new byte[] {2})))));
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> ArtifactWriter.write(clash, out));
    assertTrue(e.getMessage().contains("a/b.txt"));
  }

  @Test
  void pathsThatWouldLeaveTheOutputDirectoryAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> new GeneratedFile("../evil", new byte[0]));
    List<DomainArtifacts> badDomain =
        List.of(new DomainArtifacts("../etc", Artifacts.ofRecords(List.of(txt("x", "y")))));
    assertThrows(IllegalArgumentException.class, () -> ArtifactWriter.write(badDomain, out));
  }

  @Test
  void namesSortInCanonicalDnsOrder() {
    List<String> names =
        new ArrayList<>(
            List.of(
                "b.example.com",
                "example.com",
                "_dmarc.example.com",
                "a.b.example.com",
                "example.net"));
    names.sort(ArtifactWriter::compareNames);
    assertEquals(
        List.of(
            "example.com", "_dmarc.example.com", "b.example.com", "a.b.example.com", "example.net"),
        names);
  }
}
