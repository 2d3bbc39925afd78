package io.github.emailauth.checks.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

/**
 * The server's behaviour on the wire, checked with raw sockets and dnsjava messages only, so a bug
 * in the client under test cannot hide a bug here.
 */
class TestDnsServerTest {
  private TestDnsServer server;

  @BeforeEach
  void start() throws IOException {
    server = TestDnsServer.start();
    server.zone(
        "example.com",
        String.join(
            "\n",
            "$TTL 300",
            "@          IN MX 10 mx1",
            "mx1        IN A 192.0.2.25",
            "_dmarc     IN TXT \"v=DMARC1; p=reject\"",
            "www        IN CNAME web",
            "web        IN CNAME host.example.net.",
            "deep.a.b   IN TXT \"deep\"",
            "*.wild     IN TXT \"wildcard\"",
            "x.wild     IN A 192.0.2.1",
            "loop1      IN CNAME loop2",
            "loop2      IN CNAME loop1",
            "dangling   IN CNAME nowhere"));
    server.add("host.example.net. 60 IN A 198.51.100.7");
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void answersAuthoritativelyEchoingIdAndQuestion() throws IOException {
    Message q = query("_dmarc.example.com.", Type.TXT, false);
    Message r = udp(q, 512);
    assertEquals(q.getHeader().getID(), r.getHeader().getID());
    assertEquals(q.getQuestion(), r.getQuestion());
    assertTrue(r.getHeader().getFlag(Flags.QR));
    assertTrue(r.getHeader().getFlag(Flags.AA));
    assertTrue(r.getHeader().getFlag(Flags.RD), "RD is copied from the query");
    assertEquals(Rcode.NOERROR, r.getRcode());
    List<Record> answer = r.getSection(Section.ANSWER);
    assertEquals(1, answer.size());
    assertEquals("v=DMARC1; p=reject", ((TXTRecord) answer.get(0)).getStrings().get(0));
    assertEquals(300, answer.get(0).getTTL());
  }

  @Test
  void nxdomainNodataAndEmptyNonTerminals() throws IOException {
    assertEquals(Rcode.NXDOMAIN, udp(query("nope.example.com.", Type.TXT, false), 512).getRcode());
    Message nodata = udp(query("mx1.example.com.", Type.TXT, false), 512);
    assertEquals(Rcode.NOERROR, nodata.getRcode());
    assertTrue(nodata.getSection(Section.ANSWER).isEmpty());
    // a.b.example.com has no records but deep.a.b.example.com does: it exists.
    for (String ent : List.of("a.b.example.com.", "b.example.com.", "com.")) {
      Message r = udp(query(ent, Type.TXT, false), 512);
      assertEquals(Rcode.NOERROR, r.getRcode(), ent);
      assertTrue(r.getSection(Section.ANSWER).isEmpty(), ent);
    }
    assertEquals(Rcode.NXDOMAIN, udp(query("example.org.", Type.A, false), 512).getRcode());
  }

  @Test
  void followsCnameChainsInsideItsData() throws IOException {
    Message r = udp(query("www.example.com.", Type.A, false), 512);
    List<Record> answer = r.getSection(Section.ANSWER);
    assertEquals(3, answer.size(), answer.toString());
    assertEquals("web.example.com.", ((CNAMERecord) answer.get(0)).getTarget().toString());
    assertEquals("host.example.net.", ((CNAMERecord) answer.get(1)).getTarget().toString());
    assertEquals(Type.A, answer.get(2).getType());
    assertEquals(Name.fromString("host.example.net."), answer.get(2).getName());

    // a dangling alias: the RCODE is about the end of the chain (RFC 6604)
    Message dangling = udp(query("dangling.example.com.", Type.A, false), 512);
    assertEquals(Rcode.NXDOMAIN, dangling.getRcode());
    assertEquals(1, dangling.getSection(Section.ANSWER).size());

    // a question for the CNAME itself is not chased
    Message own = udp(query("www.example.com.", Type.CNAME, false), 512);
    assertEquals(1, own.getSection(Section.ANSWER).size());

    server.chaseCnames(false);
    Message unchased = udp(query("www.example.com.", Type.A, false), 512);
    assertEquals(1, unchased.getSection(Section.ANSWER).size());
    assertEquals(Rcode.NOERROR, unchased.getRcode());
  }

  @Test
  void cnameLoopsEndWithoutHanging() throws IOException {
    Message r = udp(query("loop1.example.com.", Type.A, false), 512);
    assertEquals(Rcode.NOERROR, r.getRcode());
    assertEquals(2, r.getSection(Section.ANSWER).size());
  }

  @Test
  void wildcardsFollowRfc4592() throws IOException {
    Message r = udp(query("anything.wild.example.com.", Type.TXT, false), 512);
    assertEquals(Rcode.NOERROR, r.getRcode());
    Record rec = r.getSection(Section.ANSWER).get(0);
    assertEquals(Name.fromString("anything.wild.example.com."), rec.getName(), "synthesized owner");
    assertEquals("wildcard", ((TXTRecord) rec).getStrings().get(0));
    // more than one label below the wildcard still matches
    assertEquals(
        1,
        udp(query("a.b.wild.example.com.", Type.TXT, false), 512)
            .getSection(Section.ANSWER)
            .size());
    // an existing name is not covered by the wildcard: NODATA, not the wildcard's TXT
    Message x = udp(query("x.wild.example.com.", Type.TXT, false), 512);
    assertEquals(Rcode.NOERROR, x.getRcode());
    assertTrue(x.getSection(Section.ANSWER).isEmpty());
    // names below an existing name are not covered either (its closest encloser is x.wild)
    assertEquals(
        Rcode.NXDOMAIN, udp(query("y.x.wild.example.com.", Type.TXT, false), 512).getRcode());
    // a type the wildcard does not have: NODATA
    Message noA = udp(query("z.wild.example.com.", Type.A, false), 512);
    assertEquals(Rcode.NOERROR, noA.getRcode());
    assertTrue(noA.getSection(Section.ANSWER).isEmpty());
  }

  @Test
  void truncatesOverUdpAndAnswersInFullOverTcp() throws IOException {
    for (int i = 0; i < 12; i++) {
      server.add("big.example.com. 300 IN TXT \"record " + i + " " + "x".repeat(180) + "\"");
    }
    Message plain = udp(query("big.example.com.", Type.TXT, false), 512);
    assertTrue(plain.getHeader().getFlag(Flags.TC));
    assertTrue(plain.getSection(Section.ANSWER).isEmpty());

    // 12 * ~200 octets is over 1232 too, but under an EDNS buffer of 4096
    assertTrue(udp(query("big.example.com.", Type.TXT, true), 1232).getHeader().getFlag(Flags.TC));
    Message edns = query("big.example.com.", Type.TXT, false);
    edns.addRecord(new OPTRecord(4096, 0, 0), Section.ADDITIONAL);
    Message large = udp(edns, 4096);
    assertFalse(large.getHeader().getFlag(Flags.TC));
    assertEquals(12, large.getSection(Section.ANSWER).size());
    assertTrue(large.getOPT() != null, "EDNS is answered with EDNS");

    List<Message> overTcp = tcp(List.of(query("big.example.com.", Type.TXT, false)));
    assertFalse(overTcp.get(0).getHeader().getFlag(Flags.TC));
    assertEquals(12, overTcp.get(0).getSection(Section.ANSWER).size());
    assertEquals(1, server.tcpQueries());
  }

  @Test
  void tcpTakesSeveralQueriesPerConnection() throws IOException {
    List<Message> queries =
        List.of(
            query("_dmarc.example.com.", Type.TXT, false),
            query("nope.example.com.", Type.TXT, false),
            query("mx1.example.com.", Type.A, false));
    List<Message> answers = tcp(queries);
    assertEquals(3, answers.size());
    for (int i = 0; i < 3; i++) {
      assertEquals(queries.get(i).getHeader().getID(), answers.get(i).getHeader().getID());
    }
    assertEquals(Rcode.NXDOMAIN, answers.get(1).getRcode());
    assertEquals(3, server.tcpQueries());
  }

  @Test
  void faultsApplyByNameTypeAndCount() throws IOException {
    server.fault("_dmarc.example.com", Type.TXT, Fault.SERVFAIL.times(1));
    server.fault("_dmarc.example.com", Type.TXT, Fault.REFUSED.times(1));
    server.fault(null, Type.MX, Fault.rcode(Rcode.NOTIMP));
    assertEquals(
        Rcode.SERVFAIL, udp(query("_dmarc.example.com.", Type.TXT, false), 512).getRcode());
    assertEquals(Rcode.REFUSED, udp(query("_DMARC.example.com.", Type.TXT, false), 512).getRcode());
    assertEquals(Rcode.NOERROR, udp(query("_dmarc.example.com.", Type.TXT, false), 512).getRcode());
    assertEquals(Rcode.NOERROR, udp(query("_dmarc.example.com.", Type.A, false), 512).getRcode());
    assertEquals(Rcode.NOTIMP, udp(query("example.com.", Type.MX, false), 512).getRcode());
    server.clearFaults();
    assertEquals(Rcode.NOERROR, udp(query("example.com.", Type.MX, false), 512).getRcode());
    assertEquals(3, server.queries("_dmarc.example.com", Type.TXT));
    assertEquals(1, server.queries("_dmarc.example.com.", Type.A));
    assertEquals(6, server.queries());
    server.resetCounts();
    assertEquals(0, server.queries());
    assertEquals(0, server.queries("_dmarc.example.com", Type.TXT));
  }

  @Test
  void truncateFaultIsUdpOnly() throws IOException {
    server.fault("_dmarc.example.com", Type.TXT, Fault.TRUNCATE);
    Message r = udp(query("_dmarc.example.com.", Type.TXT, true), 1232);
    assertTrue(r.getHeader().getFlag(Flags.TC));
    assertTrue(r.getSection(Section.ANSWER).isEmpty());
    Message full = tcp(List.of(query("_dmarc.example.com.", Type.TXT, false))).get(0);
    assertFalse(full.getHeader().getFlag(Flags.TC));
    assertEquals(1, full.getSection(Section.ANSWER).size());
  }

  @Test
  void dropSendsNothingAndMalformedSendsGarbageWithTheId() throws IOException {
    server.fault("_dmarc.example.com", Type.TXT, Fault.DROP);
    assertThrows(
        SocketTimeoutException.class,
        () -> udpRaw(query("_dmarc.example.com.", Type.TXT, false).toWire(), 512, 300));
    server.clearFaults();
    server.fault(null, Type.ANY, Fault.MALFORMED);
    Message q = query("_dmarc.example.com.", Type.TXT, false);
    byte[] raw = udpRaw(q.toWire(), 512, 2000);
    assertEquals(q.getHeader().getID(), ((raw[0] & 0xff) << 8) | (raw[1] & 0xff));
    assertThrows(IOException.class, () -> new Message(raw));
  }

  @Test
  void delayedAnswersHoldNoThreadEach() throws Exception {
    server.delayAll(Duration.ofMillis(400));
    int n = 100;
    long start = System.nanoTime();
    try (DatagramSocket socket = new DatagramSocket()) {
      socket.setSoTimeout(5000);
      List<Integer> ids = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        Message q = query("_dmarc.example.com.", Type.TXT, false);
        ids.add(q.getHeader().getID());
        byte[] out = q.toWire();
        socket.send(
            new DatagramPacket(out, out.length, InetAddress.getLoopbackAddress(), server.port()));
      }
      Set<Integer> seen = new java.util.HashSet<>();
      byte[] buf = new byte[512];
      for (int i = 0; i < n; i++) {
        DatagramPacket p = new DatagramPacket(buf, buf.length);
        socket.receive(p);
        seen.add(new Message(Arrays.copyOf(p.getData(), p.getLength())).getHeader().getID());
      }
      assertEquals(Set.copyOf(ids), seen);
    }
    long millis = (System.nanoTime() - start) / 1_000_000;
    assertTrue(millis >= 400, "answers were delayed: " + millis);
    assertTrue(millis < 3000, "delays overlap instead of queueing: " + millis);
    assertEquals(n, server.maxConcurrent(), "all were held at once");
    long serverThreads =
        Thread.getAllStackTraces().keySet().stream()
            .filter(t -> t.getName().startsWith("test-dns-"))
            .count();
    assertTrue(serverThreads < 12, "threads: " + serverThreads);
  }

  @Test
  void udpAndTcpShareThePortAndNameserverNamesIt() {
    assertEquals("127.0.0.1:" + server.port(), server.nameserver());
  }

  @Test
  void badMasterTextIsRejectedWholly() {
    assertThrows(
        IllegalArgumentException.class,
        () -> server.zone("example.com", "ok IN TXT \"fine\"\nbad IN A not-an-address"));
    assertEquals(Rcode.NXDOMAIN, udpQuiet("ok.example.com."));
  }

  @Test
  void recordsAddedDirectlyAreServedAsGiven() throws IOException {
    byte[] nonAscii = "v=spf1 ~all caf\u00e9".getBytes(StandardCharsets.UTF_8);
    byte[] rdata = new byte[nonAscii.length + 1];
    rdata[0] = (byte) nonAscii.length;
    System.arraycopy(nonAscii, 0, rdata, 1, nonAscii.length);
    server.add(
        Record.newRecord(Name.fromString("odd.example.com."), Type.TXT, DClass.IN, 60, rdata));
    TXTRecord got =
        (TXTRecord)
            udp(query("odd.example.com.", Type.TXT, false), 512).getSection(Section.ANSWER).get(0);
    assertArrayEquals(nonAscii, got.getStringsAsByteArrays().get(0));
  }

  // ---- helpers ----

  private int udpQuiet(String name) {
    try {
      return udp(query(name, Type.TXT, false), 512).getRcode();
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  private static Message query(String name, int type, boolean edns) throws IOException {
    Message q = Message.newQuery(Record.newRecord(Name.fromString(name), type, DClass.IN));
    if (edns) {
      q.addRecord(new OPTRecord(1232, 0, 0), Section.ADDITIONAL);
    }
    return q;
  }

  private Message udp(Message q, int bufferSize) throws IOException {
    return new Message(udpRaw(q.toWire(), bufferSize, 2000));
  }

  private byte[] udpRaw(byte[] out, int bufferSize, int timeoutMillis) throws IOException {
    try (DatagramSocket socket = new DatagramSocket()) {
      socket.setSoTimeout(timeoutMillis);
      socket.send(
          new DatagramPacket(out, out.length, InetAddress.getLoopbackAddress(), server.port()));
      byte[] buf = new byte[bufferSize];
      DatagramPacket p = new DatagramPacket(buf, buf.length);
      socket.receive(p);
      return Arrays.copyOf(p.getData(), p.getLength());
    }
  }

  private List<Message> tcp(List<Message> queries) throws IOException {
    try (Socket s = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
      s.setSoTimeout(2000);
      DataOutputStream out = new DataOutputStream(s.getOutputStream());
      for (Message q : queries) {
        byte[] wire = q.toWire();
        out.writeShort(wire.length);
        out.write(wire);
      }
      out.flush();
      DataInputStream in = new DataInputStream(s.getInputStream());
      List<Message> answers = new ArrayList<>();
      for (int i = 0; i < queries.size(); i++) {
        byte[] wire = new byte[in.readUnsignedShort()];
        in.readFully(wire);
        answers.add(new Message(wire));
      }
      return answers.stream().collect(Collectors.toList());
    }
  }
}
