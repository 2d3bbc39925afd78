package io.github.emailauth.checks.testing;

import io.github.emailauth.checks.dns.DnsClient;
import io.github.emailauth.checks.dns.DnsOptions;
import io.github.emailauth.checks.dns.ResolverDnsClient;
import io.github.emailauth.checks.dns.ZoneData;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Master;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * An authoritative DNS server on 127.0.0.1 for tests: UDP and TCP on the same ephemeral port,
 * answering from the records it was given the way a real authoritative server does (see {@link
 * ZoneData}, the same lookup {@link io.github.emailauth.checks.dns.ZoneFileDnsClient} uses), with
 * faults injected per name and type.
 *
 * <pre>{@code
 * try (TestDnsServer server = TestDnsServer.start()) {
 *   server.zone("example.com", "_dmarc 300 IN TXT \"v=DMARC1; p=reject\"");
 *   server.fault("slow.example.com", Type.TXT, Fault.DROP);
 *   DnsClient dns = server.client(Duration.ofMillis(500));
 *   ...
 * }
 * }</pre>
 *
 * <p>Threads are bounded: one UDP receiver, one TCP acceptor, at most {@value #TCP_THREADS}
 * connection readers, and one scheduler that sends delayed answers, so a thousand delayed queries
 * hold no thread each.
 *
 * <p>UDP answers honour the client's EDNS payload size (512 octets without EDNS); an answer that
 * does not fit goes out with TC set and an empty answer section, as the client must retry over TCP.
 * TCP takes any number of queries per connection with the RFC 1035 two-octet length prefix.
 */
public final class TestDnsServer implements AutoCloseable {
  /** The payload size the server itself announces in its OPT record. */
  static final int SERVER_PAYLOAD = 1232;

  private static final int TCP_THREADS = 8;
  private static final int TCP_IDLE_MILLIS = 30_000;
  private static final long DEFAULT_TTL = 3600;

  private final ZoneData data = new ZoneData();
  private final DatagramSocket udp;
  private final ServerSocket tcp;
  private final Thread udpThread;
  private final Thread acceptThread;
  private final ExecutorService connections;
  private final ScheduledExecutorService scheduler;
  private final Set<Socket> openSockets = ConcurrentHashMap.newKeySet();
  private final List<Rule> faults = new CopyOnWriteArrayList<>();
  private final List<DnsClient> clients = new CopyOnWriteArrayList<>();

  private final AtomicLong total = new AtomicLong();
  private final AtomicLong overTcp = new AtomicLong();
  private final Map<String, AtomicLong> perQuestion = new ConcurrentHashMap<>();
  private final AtomicInteger pending = new AtomicInteger();
  private final AtomicInteger maxPending = new AtomicInteger();

  private volatile Duration delayAll = Duration.ZERO;
  private volatile boolean chaseCnames = true;
  private volatile boolean closed;

  private record Rule(Name name, int type, Fault fault, AtomicInteger remaining) {
    boolean matches(Name qname, int qtype) {
      return (name == null || name.equals(qname)) && (type == Type.ANY || type == qtype);
    }

    /** Takes one use of the rule; false once a counted rule is used up. */
    boolean consume() {
      if (fault.times() == Fault.UNLIMITED) {
        return true;
      }
      return remaining.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0;
    }
  }

  private enum Transport {
    UDP,
    TCP
  }

  private TestDnsServer(DatagramSocket udp, ServerSocket tcp) {
    this.udp = udp;
    this.tcp = tcp;
    this.connections = Executors.newFixedThreadPool(TCP_THREADS, daemon("test-dns-tcp"));
    this.scheduler = Executors.newSingleThreadScheduledExecutor(daemon("test-dns-delay"));
    this.udpThread = daemon("test-dns-udp").newThread(this::serveUdp);
    this.acceptThread = daemon("test-dns-accept").newThread(this::acceptTcp);
  }

  /** Binds UDP and TCP on one free port of 127.0.0.1 and starts serving. */
  public static TestDnsServer start() throws IOException {
    InetAddress loopback = InetAddress.getByName("127.0.0.1");
    IOException last = null;
    // The OS picks a free TCP port; the same UDP port is usually free too, but not always.
    for (int attempt = 0; attempt < 20; attempt++) {
      ServerSocket tcp = new ServerSocket();
      tcp.setReuseAddress(false);
      tcp.bind(new InetSocketAddress(loopback, 0), 64);
      try {
        DatagramSocket udp =
            new DatagramSocket(new InetSocketAddress(loopback, tcp.getLocalPort()));
        TestDnsServer server = new TestDnsServer(udp, tcp);
        server.udpThread.start();
        server.acceptThread.start();
        return server;
      } catch (BindException e) {
        last = e;
        tcp.close();
      }
    }
    throw new IOException("no port free for both UDP and TCP on 127.0.0.1", last);
  }

  /**
   * Adds RFC 1035 master-file text; names are relative to {@code origin} unless absolute, and
   * {@code $ORIGIN} and {@code $TTL} are honoured. Records without a TTL get 3600.
   */
  public TestDnsServer zone(String origin, String masterText) {
    try {
      return addMaster(masterText, Name.fromString(origin, Name.root));
    } catch (TextParseException e) {
      throw new IllegalArgumentException("bad origin " + origin + ": " + e.getMessage(), e);
    }
  }

  /** Adds master-file lines whose names are absolute (relative names are taken from the root). */
  public TestDnsServer add(String masterLines) {
    return addMaster(masterLines, Name.root);
  }

  /** Adds one record, for data master text cannot say conveniently. */
  public TestDnsServer add(Record record) {
    data.add(record);
    return this;
  }

  private TestDnsServer addMaster(String text, Name origin) {
    List<Record> parsed = new ArrayList<>();
    try (Master master =
        new Master(
            new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), origin, DEFAULT_TTL)) {
      master.disableIncludes(true);
      Record r;
      while ((r = master.nextRecord()) != null) {
        parsed.add(r);
      }
    } catch (IOException e) {
      throw new IllegalArgumentException("bad master text: " + e.getMessage(), e);
    }
    // All or nothing, so a test that catches the exception sees the server unchanged.
    parsed.forEach(data::add);
    return this;
  }

  /**
   * Applies {@code fault} to queries for {@code name} (any name when null) and {@code type} (any
   * type for {@link Type#ANY}). Rules are tried in the order added; the first that matches and is
   * not used up applies. {@link Fault#TRUNCATE} only applies to UDP queries.
   */
  public TestDnsServer fault(String name, int type, Fault fault) {
    Name n = null;
    if (name != null) {
      try {
        n = Name.fromString(name, Name.root);
      } catch (TextParseException e) {
        throw new IllegalArgumentException("bad name " + name, e);
      }
    }
    faults.add(new Rule(n, type, fault, new AtomicInteger(Math.max(fault.times(), 0))));
    return this;
  }

  public void clearFaults() {
    faults.clear();
  }

  /** Adds {@code delay} to every answer (on top of any {@link Fault#delay}); zero turns it off. */
  public void delayAll(Duration delay) {
    if (delay.isNegative()) {
      throw new IllegalArgumentException("negative delay: " + delay);
    }
    this.delayAll = delay;
  }

  /**
   * Whether CNAME chains are followed inside the data (the default, as authoritative servers do for
   * their own zones). Off, an answer stops after the first CNAME, like a server whose target is in
   * a zone it does not serve, so the client has to ask for the target itself.
   */
  public void chaseCnames(boolean chase) {
    this.chaseCnames = chase;
  }

  /** Queries received over UDP and TCP that parsed as DNS messages, dropped ones included. */
  public long queries() {
    return total.get();
  }

  /** Queries received for {@code name} (any case, trailing dot optional) and {@code type}. */
  public long queries(String name, int type) {
    AtomicLong n = perQuestion.get(key(name, type));
    return n == null ? 0 : n.get();
  }

  /** Queries received over TCP. */
  public long tcpQueries() {
    return overTcp.get();
  }

  /**
   * The most queries held at once between arrival and answer (delayed answers count until sent),
   * since start or the last {@link #resetCounts()}.
   */
  public int maxConcurrent() {
    return maxPending.get();
  }

  public void resetCounts() {
    total.set(0);
    overTcp.set(0);
    perQuestion.clear();
    maxPending.set(pending.get());
  }

  /** "127.0.0.1:PORT", as {@link DnsOptions#nameservers()} takes it. */
  public String nameserver() {
    return "127.0.0.1:" + port();
  }

  public int port() {
    return tcp.getLocalPort();
  }

  /** A {@link ResolverDnsClient} asking only this server, without retries; closed with it. */
  public DnsClient client(Duration timeout) {
    return client(new DnsOptions(List.of(), timeout, 0, DnsOptions.DEFAULT_MAX_IN_FLIGHT));
  }

  /** A {@link ResolverDnsClient} with {@code options}, its name servers replaced by this one. */
  public DnsClient client(DnsOptions options) {
    DnsClient client =
        new ResolverDnsClient(
            new DnsOptions(
                List.of(nameserver()),
                options.timeout(),
                options.retries(),
                options.maxInFlight()));
    clients.add(client);
    return client;
  }

  public boolean isClosed() {
    return closed;
  }

  @Override
  public void close() {
    closed = true;
    clients.forEach(DnsClient::close);
    udp.close();
    try {
      tcp.close();
    } catch (IOException ignored) {
      // closing anyway
    }
    for (Socket s : openSockets) {
      try {
        s.close();
      } catch (IOException ignored) {
        // closing anyway
      }
    }
    connections.shutdownNow();
    scheduler.shutdownNow();
    try {
      udpThread.join(2000);
      acceptThread.join(2000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  // ---- serving ----

  private void serveUdp() {
    byte[] buf = new byte[65535];
    while (!closed) {
      DatagramPacket packet = new DatagramPacket(buf, buf.length);
      try {
        udp.receive(packet);
      } catch (IOException e) {
        if (closed) {
          return;
        }
        continue;
      }
      byte[] in = Arrays.copyOf(packet.getData(), packet.getLength());
      SocketAddress from = packet.getSocketAddress();
      handle(
          in,
          Transport.UDP,
          out -> {
            try {
              udp.send(new DatagramPacket(out, out.length, from));
            } catch (IOException e) {
              // the client went away; nothing to tell it
            }
          });
    }
  }

  private void acceptTcp() {
    while (!closed) {
      Socket socket;
      try {
        socket = tcp.accept();
      } catch (IOException e) {
        if (closed) {
          return;
        }
        continue;
      }
      openSockets.add(socket);
      try {
        connections.execute(() -> serveTcp(socket));
      } catch (RejectedExecutionException e) {
        closeQuietly(socket);
      }
    }
  }

  private void serveTcp(Socket socket) {
    try (socket) {
      socket.setSoTimeout(TCP_IDLE_MILLIS);
      DataInputStream in = new DataInputStream(socket.getInputStream());
      OutputStream out = socket.getOutputStream();
      while (!closed) {
        int length;
        try {
          length = in.readUnsignedShort();
        } catch (EOFException | SocketTimeoutException e) {
          return;
        }
        byte[] query = new byte[length];
        in.readFully(query);
        handle(query, Transport.TCP, answer -> writeFramed(out, answer));
      }
    } catch (IOException e) {
      // connection reset or closed by the client: it is done with us
    } finally {
      openSockets.remove(socket);
    }
  }

  private static void writeFramed(OutputStream out, byte[] answer) {
    byte[] framed = new byte[answer.length + 2];
    framed[0] = (byte) (answer.length >>> 8);
    framed[1] = (byte) answer.length;
    System.arraycopy(answer, 0, framed, 2, answer.length);
    // Delayed answers are written from the scheduler while the reader may write others.
    synchronized (out) {
      try {
        out.write(framed);
        out.flush();
      } catch (IOException e) {
        // the client closed the connection
      }
    }
  }

  private interface Responder {
    void send(byte[] answer);
  }

  private void handle(byte[] wire, Transport transport, Responder responder) {
    Message query;
    try {
      query = new Message(wire);
    } catch (IOException e) {
      return; // not DNS: a real server would drop it too
    }
    Record question = query.getQuestion();
    total.incrementAndGet();
    if (transport == Transport.TCP) {
      overTcp.incrementAndGet();
    }
    if (question != null) {
      perQuestion
          .computeIfAbsent(key(question.getName(), question.getType()), k -> new AtomicLong())
          .incrementAndGet();
    }
    Fault fault = question == null ? null : faultFor(question, transport);
    if (fault != null && fault.kind() == Fault.Kind.DROP) {
      return;
    }
    Duration delay = delayAll;
    if (fault != null && fault.kind() == Fault.Kind.DELAY) {
      delay = delay.plus(fault.delay());
    }
    int now = pending.incrementAndGet();
    maxPending.accumulateAndGet(now, Math::max);
    Runnable answer =
        () -> {
          byte[] out;
          try {
            out = respond(query, fault, transport);
          } catch (RuntimeException e) {
            // A bug in building the answer must not kill the serving thread; the client times out.
            e.printStackTrace();
            return;
          } finally {
            // Before sending: once the client has the answer it may send its next query at once.
            pending.decrementAndGet();
          }
          responder.send(out);
        };
    if (delay.isZero()) {
      answer.run();
    } else {
      try {
        scheduler.schedule(answer, delay.toNanos(), TimeUnit.NANOSECONDS);
      } catch (RejectedExecutionException e) {
        pending.decrementAndGet(); // closing
      }
    }
  }

  private Fault faultFor(Record question, Transport transport) {
    for (Rule rule : faults) {
      if (!rule.matches(question.getName(), question.getType())) {
        continue;
      }
      if (rule.fault().kind() == Fault.Kind.TRUNCATE && transport == Transport.TCP) {
        continue;
      }
      if (rule.consume()) {
        return rule.fault();
      }
    }
    return null;
  }

  private byte[] respond(Message query, Fault fault, Transport transport) {
    Message response = new Message(query.getHeader().getID());
    response.getHeader().setFlag(Flags.QR);
    if (query.getHeader().getFlag(Flags.RD)) {
      response.getHeader().setFlag(Flags.RD);
    }
    response.getHeader().setOpcode(query.getHeader().getOpcode());
    Record question = query.getQuestion();
    if (question != null) {
      response.addRecord(question, Section.QUESTION);
    }
    OPTRecord queryOpt = query.getOPT();
    if (queryOpt != null) {
      response.addRecord(new OPTRecord(SERVER_PAYLOAD, 0, 0), Section.ADDITIONAL);
    }
    if (fault != null && fault.kind() == Fault.Kind.MALFORMED) {
      return malformed(query.getHeader().getID());
    }
    if (question == null) {
      response.getHeader().setRcode(Rcode.FORMERR);
      return response.toWire();
    }
    if (query.getHeader().getOpcode() != Opcode.QUERY) {
      response.getHeader().setRcode(Rcode.NOTIMP);
      return response.toWire();
    }
    if (fault != null && fault.kind() == Fault.Kind.RCODE) {
      response.getHeader().setRcode(fault.rcode());
      return response.toWire();
    }
    response.getHeader().setFlag(Flags.AA);
    if (fault != null && fault.kind() == Fault.Kind.TRUNCATE) {
      response.getHeader().setFlag(Flags.TC);
      return response.toWire();
    }
    ZoneData.Result result = data.lookup(question.getName(), question.getType(), chaseCnames);
    result.cnames().forEach(r -> response.addRecord(r, Section.ANSWER));
    result.records().forEach(r -> response.addRecord(r, Section.ANSWER));
    if (result.status() == ZoneData.Status.NXDOMAIN) {
      response.getHeader().setRcode(Rcode.NXDOMAIN);
    }
    byte[] full = response.toWire();
    int limit = transport == Transport.TCP ? Message.MAXLENGTH : udpLimit(queryOpt);
    if (full.length <= limit) {
      return full;
    }
    // Too big for the client's buffer: say so and let it come back over TCP (RFC 2181 §9).
    for (int section : new int[] {Section.ANSWER, Section.AUTHORITY}) {
      response.removeAllRecords(section);
    }
    response.getHeader().setFlag(Flags.TC);
    return response.toWire();
  }

  private static int udpLimit(OPTRecord opt) {
    return opt == null ? 512 : Math.max(512, opt.getPayloadSize());
  }

  /** The client's id (so it is not discarded as someone else's) over a header that lies. */
  private static byte[] malformed(int id) {
    byte[] out = new byte[29];
    out[0] = (byte) (id >>> 8);
    out[1] = (byte) id;
    out[2] = (byte) 0x84; // QR, AA
    out[5] = 1; // one question
    out[7] = 9; // nine answers that are not there
    // A question name whose label length runs past the end of the message.
    out[12] = 63;
    for (int i = 13; i < out.length; i++) {
      out[i] = (byte) ('a' + i % 26);
    }
    return out;
  }

  private static String key(Name name, int type) {
    return name.toString(true).toLowerCase(Locale.ROOT) + "/" + type;
  }

  private static String key(String name, int type) {
    String n =
        name.endsWith(".") && name.length() > 1 ? name.substring(0, name.length() - 1) : name;
    return n.toLowerCase(Locale.ROOT) + "/" + type;
  }

  private static ThreadFactory daemon(String prefix) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  private static void closeQuietly(Socket s) {
    try {
      s.close();
    } catch (IOException ignored) {
      // nothing to do
    }
  }

  /** Unwraps for callers that only deal in unchecked exceptions (JUnit helpers). */
  static TestDnsServer startUnchecked() {
    try {
      return start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
