package io.github.emailauth.checks.testing;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;

/**
 * An HTTPS/1.1 server on 127.0.0.1 for tests, small enough that every byte it sends is under the
 * test's control: exact status lines and headers, redirects, wrong content types, bodies larger
 * than any cap, bodies that drip one byte at a time, and response heads that never end. Each
 * connection serves one request and closes. It records every request with the SNI name the client
 * sent, and counts handshakes the client aborted (a rejected certificate).
 *
 * <pre>{@code
 * try (TestHttpsServer https = TestHttpsServer.start(ca.issue("mta-sts.example.com").serverContext())) {
 *   https.respond("/.well-known/mta-sts.txt", Response.text("version: STSv1\r\n..."));
 *   ... fetch https://mta-sts.example.com:{https.port()}/.well-known/mta-sts.txt ...
 * }
 * }</pre>
 *
 * <p>Threads are bounded: one acceptor and at most {@value #WORKERS} connection handlers. A
 * dripping response stops when the client goes away or the server is closed.
 */
public final class TestHttpsServer implements AutoCloseable {
  static final int WORKERS = 16;

  /**
   * Servers started and not yet closed. An invoker IT starts one in its prebuild.groovy and has no
   * reference to it in verify.groovy, which runs in the same JVM and class loader.
   */
  private static final Set<TestHttpsServer> RUNNING = ConcurrentHashMap.newKeySet();

  private static final int MAX_HEAD = 16 * 1024;

  /** One request as received. {@code sni} is the server name the client asked for, or null. */
  public record Request(String method, String path, Map<String, String> headers, String sni) {}

  /** How a response head that never ends floods the client. */
  public enum Flood {
    /** A normal, finite response. */
    NONE,
    /** One header line that never ends. */
    ONE_LINE,
    /** Short header lines without end. */
    MANY_HEADERS
  }

  /**
   * What the server answers for a path.
   *
   * @param drip when non-null, the body is sent one byte per interval
   * @param flood {@link Flood#NONE}, or how the head goes on until the client hangs up (then
   *     status, headers and body are not sent)
   */
  public record Response(
      int status,
      String reason,
      Map<String, String> headers,
      byte[] body,
      Duration drip,
      Flood flood) {
    public Response {
      headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
      body = body.clone();
    }

    public Response(
        int status, String reason, Map<String, String> headers, byte[] body, Duration drip) {
      this(status, reason, headers, body, drip, Flood.NONE);
    }

    /**
     * "200 OK", then a head that never ends, written as fast as the client reads it. {@link
     * #bytesSent()} tells how much the client took before it hung up.
     */
    public static Response endlessHead(Flood flood) {
      return new Response(200, "OK", Map.of(), new byte[0], null, flood);
    }

    /** 200 with {@code Content-Type: text/plain; charset=utf-8}. */
    public static Response text(String body) {
      return of(200, "text/plain; charset=utf-8", body.getBytes(StandardCharsets.UTF_8));
    }

    /** A response with this status, content type (null for none) and body. */
    public static Response of(int status, String contentType, byte[] body) {
      Map<String, String> headers = new LinkedHashMap<>();
      if (contentType != null) {
        headers.put("Content-Type", contentType);
      }
      return new Response(status, reason(status), headers, body, null);
    }

    /** A redirect such as 301 to {@code location}, with a small HTML body as servers send. */
    public static Response redirect(int status, String location) {
      return of(
              status,
              "text/html",
              ("<a href=\"" + location + "\">moved</a>").getBytes(StandardCharsets.UTF_8))
          .withHeader("Location", location);
    }

    /** A 200 text/plain body of {@code size} bytes of policy-like lines. */
    public static Response large(int size) {
      byte[] body = new byte[size];
      byte[] line =
          "x-padding: 0123456789abcdef0123456789abcdef\n".getBytes(StandardCharsets.US_ASCII);
      for (int i = 0; i < size; i++) {
        body[i] = line[i % line.length];
      }
      return of(200, "text/plain", body);
    }

    public Response withHeader(String name, String value) {
      Map<String, String> h = new LinkedHashMap<>(headers);
      h.put(name, value);
      return new Response(status, reason, h, body, drip);
    }

    /** The same response, its body sent one byte every {@code interval}. */
    public Response dripping(Duration interval) {
      return new Response(status, reason, headers, body, interval);
    }

    @Override
    public byte[] body() {
      return body.clone();
    }

    private static String reason(int status) {
      return switch (status) {
        case 200 -> "OK";
        case 301 -> "Moved Permanently";
        case 302 -> "Found";
        case 307 -> "Temporary Redirect";
        case 308 -> "Permanent Redirect";
        case 403 -> "Forbidden";
        case 404 -> "Not Found";
        case 500 -> "Internal Server Error";
        default -> "Status";
      };
    }
  }

  private final SSLServerSocket server;
  private final ExecutorService workers;
  private final Thread acceptor;
  private final Map<String, Response> routes = new ConcurrentHashMap<>();
  private final List<Request> requests = new CopyOnWriteArrayList<>();
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private final AtomicInteger failedHandshakes = new AtomicInteger();
  private final java.util.concurrent.atomic.AtomicLong bytesSent =
      new java.util.concurrent.atomic.AtomicLong();
  private volatile boolean closed;

  private TestHttpsServer(SSLServerSocket server) {
    this.server = server;
    AtomicInteger n = new AtomicInteger();
    this.workers =
        Executors.newFixedThreadPool(
            WORKERS,
            r -> {
              Thread t = new Thread(r, "test-https-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    this.acceptor = new Thread(this::acceptLoop, "test-https-acceptor");
    this.acceptor.setDaemon(true);
  }

  /** Listens on a free port of 127.0.0.1 presenting {@code tls}'s certificate. */
  public static TestHttpsServer start(SSLContext tls) throws IOException {
    SSLServerSocket socket =
        (SSLServerSocket)
            tls.getServerSocketFactory()
                .createServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
    socket.setEnabledProtocols(new String[] {"TLSv1.3", "TLSv1.2"});
    TestHttpsServer server = new TestHttpsServer(socket);
    server.acceptor.start();
    RUNNING.add(server);
    return server;
  }

  /** Like {@link #start} for tests that cannot throw checked exceptions. */
  public static TestHttpsServer startUnchecked(SSLContext tls) {
    try {
      return start(tls);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public int port() {
    return server.getLocalPort();
  }

  /** Answers {@code path} (without query) with {@code response}; other paths get a 404. */
  public TestHttpsServer respond(String path, Response response) {
    routes.put(path, response);
    return this;
  }

  /**
   * Answers {@code path} with {@code response} only for requests whose Host header names {@code
   * host} (any case, port ignored), so one server can stand in for many policy hosts; such a route
   * wins over a {@link #respond(String, Response)} route for the same path.
   */
  public TestHttpsServer respond(String host, String path, Response response) {
    routes.put(hostKey(host, path), response);
    return this;
  }

  private static String hostKey(String host, String path) {
    String h = host.toLowerCase(Locale.ROOT);
    int colon = h.lastIndexOf(':');
    if (colon > 0 && h.indexOf(':') == colon) { // host:port, not an IPv6 literal
      h = h.substring(0, colon);
    }
    return h + " " + path;
  }

  /** Requests received so far, in order. */
  public List<Request> requests() {
    return List.copyOf(requests);
  }

  /** Bytes of responses written so far (status lines, headers and bodies). */
  public long bytesSent() {
    return bytesSent.get();
  }

  /** TLS handshakes that failed, usually because the client rejected the certificate. */
  public int failedHandshakes() {
    return failedHandshakes.get();
  }

  private void acceptLoop() {
    while (!closed) {
      try {
        Socket socket = server.accept();
        open.add(socket);
        workers.execute(() -> serve((SSLSocket) socket));
      } catch (IOException e) {
        if (!closed) {
          // a failed accept on a live server is rare and not fatal; keep serving
          continue;
        }
      }
    }
  }

  private void serve(SSLSocket socket) {
    try (socket) {
      socket.setSoTimeout(10_000);
      try {
        socket.startHandshake();
      } catch (SSLException e) {
        failedHandshakes.incrementAndGet();
        return;
      }
      InputStream in = new BufferedInputStream(socket.getInputStream());
      String head = readHead(in);
      if (head == null) {
        return;
      }
      String[] lines = head.split("\r\n");
      String[] requestLine = lines[0].split(" ");
      Map<String, String> headers = new LinkedHashMap<>();
      for (int i = 1; i < lines.length; i++) {
        int colon = lines[i].indexOf(':');
        if (colon > 0) {
          headers.put(
              lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
              lines[i].substring(colon + 1).trim());
        }
      }
      String target = requestLine.length > 1 ? requestLine[1] : "/";
      int query = target.indexOf('?');
      String path = query < 0 ? target : target.substring(0, query);
      requests.add(new Request(requestLine[0], path, headers, sni(socket)));
      String host = headers.get("host");
      Response response = host == null ? null : routes.get(hostKey(host, path));
      if (response == null) {
        response =
            routes.getOrDefault(
                path,
                Response.of(404, "text/plain", "not found\n".getBytes(StandardCharsets.UTF_8)));
      }
      write(socket.getOutputStream(), response);
    } catch (IOException e) {
      // the client went away (it may have stopped reading on purpose); nothing to do
    } finally {
      open.remove(socket);
    }
  }

  private static String readHead(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int state = 0; // how much of CRLFCRLF was seen
    int b;
    while ((b = in.read()) >= 0) {
      head.write(b);
      if (head.size() > MAX_HEAD) {
        return null;
      }
      state =
          switch (state) {
            case 0, 2 -> b == '\r' ? state + 1 : 0;
            case 1, 3 -> b == '\n' ? state + 1 : (b == '\r' ? 1 : 0);
            default -> 0;
          };
      if (state == 4) {
        String text = head.toString(StandardCharsets.ISO_8859_1);
        return text.substring(0, text.length() - 4);
      }
    }
    return null;
  }

  private void write(OutputStream out, Response response) throws IOException {
    if (response.flood() != Flood.NONE) {
      flood(out, response.flood());
      return;
    }
    StringBuilder head = new StringBuilder();
    head.append("HTTP/1.1 ").append(response.status()).append(' ').append(response.reason());
    head.append("\r\n");
    for (Map.Entry<String, String> h : response.headers().entrySet()) {
      head.append(h.getKey()).append(": ").append(h.getValue()).append("\r\n");
    }
    byte[] body = response.body();
    head.append("Content-Length: ").append(body.length).append("\r\n");
    head.append("Connection: close\r\n\r\n");
    send(out, head.toString().getBytes(StandardCharsets.ISO_8859_1));
    if (response.drip() == null) {
      send(out, body);
      return;
    }
    for (byte b : body) {
      if (closed) {
        return;
      }
      send(out, new byte[] {b});
      try {
        Thread.sleep(response.drip().toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private void send(OutputStream out, byte[] bytes) throws IOException {
    out.write(bytes);
    out.flush();
    bytesSent.addAndGet(bytes.length);
  }

  /** Writes a head that never ends until the client hangs up or the server closes. */
  private void flood(OutputStream out, Flood flood) throws IOException {
    byte[] unit =
        (flood == Flood.ONE_LINE ? "a" : "X-Flood: a\r\n").getBytes(StandardCharsets.US_ASCII);
    byte[] chunk = new byte[unit.length * 1024]; // whole units, so every header line is intact
    for (int i = 0; i < chunk.length; i++) {
      chunk[i] = unit[i % unit.length];
    }
    send(
        out,
        (flood == Flood.ONE_LINE ? "HTTP/1.1 200 OK\r\nX-Flood: " : "HTTP/1.1 200 OK\r\n")
            .getBytes(StandardCharsets.US_ASCII));
    while (!closed) {
      send(out, chunk);
    }
  }

  private static String sni(SSLSocket socket) {
    if (socket.getSession() instanceof ExtendedSSLSession session) {
      for (SNIServerName name : session.getRequestedServerNames()) {
        if (name instanceof SNIHostName host) {
          return host.getAsciiName();
        }
      }
    }
    return null;
  }

  /** Closes every server started and not yet closed. */
  public static void closeAll() {
    for (TestHttpsServer server : List.copyOf(RUNNING)) {
      server.close();
    }
  }

  @Override
  public void close() {
    RUNNING.remove(this);
    closed = true;
    try {
      server.close();
    } catch (IOException e) {
      // closing anyway
    }
    for (Socket s : new ArrayList<>(open)) {
      try {
        s.close();
      } catch (SocketException e) {
        // already gone
      } catch (IOException e) {
        // closing anyway
      }
    }
    workers.shutdownNow();
    try {
      workers.awaitTermination(5, TimeUnit.SECONDS);
      acceptor.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
