package io.github.emailauth.checks.testing;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
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
import javax.net.ssl.SSLSocket;

/**
 * An SMTP responder on 127.0.0.1 for STARTTLS probes: banner, EHLO, STARTTLS with the certificate
 * of a {@link TestCertificate} (good or bad), then EHLO and QUIT over TLS. It never accepts mail.
 * Behaviours: {@link Behaviour#STARTTLS} offers and performs STARTTLS; {@link
 * Behaviour#NO_STARTTLS} does not offer it; {@link Behaviour#REFUSE_STARTTLS} offers it and then
 * answers 454; {@link Behaviour#SILENT} accepts connections and never says a word (timeouts);
 * {@link Behaviour#DRIPPING} sends an endless multi-line banner one byte every 50 ms, fast enough
 * for any read timeout (deadlines).
 *
 * <pre>{@code
 * try (TestSmtpServer smtp = TestSmtpServer.start(Behaviour.STARTTLS, ca.issue("mx1.example.com").serverContext())) {
 *   ... probe 127.0.0.1:smtp.port() ...
 *   assertEquals(List.of("mx1.example.com"), smtp.sniNames());
 * }
 * }</pre>
 */
public final class TestSmtpServer implements AutoCloseable {
  static final int WORKERS = 8;
  private static final int MAX_LINE = 1000;

  public enum Behaviour {
    STARTTLS,
    NO_STARTTLS,
    REFUSE_STARTTLS,
    SILENT,
    DRIPPING
  }

  private final ServerSocket server;
  private final Behaviour behaviour;
  private final SSLContext tls;
  private final ExecutorService workers;
  private final Thread acceptor;
  private final List<String> commands = new CopyOnWriteArrayList<>();
  private final List<String> sniNames = new CopyOnWriteArrayList<>();
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private final AtomicInteger handshakes = new AtomicInteger();
  private final AtomicInteger failedHandshakes = new AtomicInteger();
  private volatile boolean closed;

  private TestSmtpServer(ServerSocket server, Behaviour behaviour, SSLContext tls) {
    this.server = server;
    this.behaviour = behaviour;
    this.tls = tls;
    AtomicInteger n = new AtomicInteger();
    this.workers =
        Executors.newFixedThreadPool(
            WORKERS,
            r -> {
              Thread t = new Thread(r, "test-smtp-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    this.acceptor = new Thread(this::acceptLoop, "test-smtp-acceptor");
    this.acceptor.setDaemon(true);
  }

  /**
   * Listens on a free port of 127.0.0.1.
   *
   * @param tls the server's TLS context (its certificate); may be null unless {@code behaviour} is
   *     {@link Behaviour#STARTTLS}
   */
  public static TestSmtpServer start(Behaviour behaviour, SSLContext tls) throws IOException {
    if (behaviour == Behaviour.STARTTLS && tls == null) {
      throw new IllegalArgumentException("STARTTLS needs a TLS context");
    }
    ServerSocket socket = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
    TestSmtpServer server = new TestSmtpServer(socket, behaviour, tls);
    server.acceptor.start();
    return server;
  }

  public static TestSmtpServer startUnchecked(Behaviour behaviour, SSLContext tls) {
    try {
      return start(behaviour, tls);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public int port() {
    return server.getLocalPort();
  }

  /** Every command line received, in order ("EHLO [127.0.0.1]", "STARTTLS", ...). */
  public List<String> commands() {
    return List.copyOf(commands);
  }

  /** The SNI names clients sent in their TLS handshakes. */
  public List<String> sniNames() {
    return List.copyOf(sniNames);
  }

  public int handshakes() {
    return handshakes.get();
  }

  /** Handshakes the client aborted, usually because it rejected the certificate. */
  public int failedHandshakes() {
    return failedHandshakes.get();
  }

  private void acceptLoop() {
    while (!closed) {
      try {
        Socket socket = server.accept();
        open.add(socket);
        workers.execute(() -> serve(socket));
      } catch (IOException e) {
        if (closed) {
          return;
        }
      }
    }
  }

  private void serve(Socket plain) {
    Socket socket = plain;
    try {
      socket.setSoTimeout(10_000);
      if (behaviour == Behaviour.SILENT) {
        // say nothing; the client must give up on its own
        while (!closed && plain.getInputStream().read() >= 0) {
          // discard
        }
        return;
      }
      if (behaviour == Behaviour.DRIPPING) {
        drip(plain.getOutputStream());
        return;
      }
      InputStream in = new BufferedInputStream(socket.getInputStream());
      OutputStream out = socket.getOutputStream();
      send(out, "220 mx.test ESMTP emailauth test responder");
      boolean secure = false;
      String line;
      while ((line = readLine(in)) != null) {
        commands.add(line);
        String verb = line.split(" ", 2)[0].toUpperCase(Locale.ROOT);
        switch (verb) {
          case "EHLO" -> {
            boolean offer = !secure && behaviour != Behaviour.NO_STARTTLS;
            send(
                out,
                "250-mx.test greets you\r\n250-PIPELINING\r\n"
                    + (offer ? "250-STARTTLS\r\n" : "")
                    + "250 8BITMIME");
          }
          case "HELO" -> send(out, "250 mx.test");
          case "STARTTLS" -> {
            if (secure || behaviour != Behaviour.STARTTLS) {
              send(out, "454 4.7.0 TLS not available");
              continue;
            }
            send(out, "220 2.0.0 Ready to start TLS");
            SSLSocket ssl =
                (SSLSocket)
                    tls.getSocketFactory()
                        .createSocket(
                            socket,
                            socket.getInetAddress().getHostAddress(),
                            socket.getPort(),
                            true);
            ssl.setUseClientMode(false);
            ssl.setEnabledProtocols(new String[] {"TLSv1.3", "TLSv1.2"});
            try {
              ssl.startHandshake();
              handshakes.incrementAndGet();
            } catch (SSLException e) {
              failedHandshakes.incrementAndGet();
              return;
            }
            if (ssl.getSession() instanceof ExtendedSSLSession session) {
              for (SNIServerName name : session.getRequestedServerNames()) {
                if (name instanceof SNIHostName host) {
                  sniNames.add(host.getAsciiName());
                }
              }
            }
            socket = ssl;
            open.add(ssl);
            in = new BufferedInputStream(ssl.getInputStream());
            out = ssl.getOutputStream();
            secure = true;
          }
          case "QUIT" -> {
            send(out, "221 2.0.0 Bye");
            return;
          }
          case "NOOP", "RSET" -> send(out, "250 2.0.0 OK");
          default -> send(out, "502 5.5.1 Not implemented here");
        }
      }
    } catch (IOException e) {
      // the client went away
    } finally {
      open.remove(plain);
      open.remove(socket);
      try {
        socket.close();
        plain.close();
      } catch (IOException e) {
        // closing anyway
      }
    }
  }

  /** "220-" lines of 20 bytes, one byte every 50 ms, until the client hangs up. */
  private void drip(OutputStream out) throws IOException {
    byte[] line = "220-still greeting\r\n".getBytes(StandardCharsets.US_ASCII);
    for (long i = 0; !closed; i++) {
      out.write(line[(int) (i % line.length)]);
      out.flush();
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private static void send(OutputStream out, String reply) throws IOException {
    out.write((reply + "\r\n").getBytes(StandardCharsets.US_ASCII));
    out.flush();
  }

  private static String readLine(InputStream in) throws IOException {
    StringBuilder line = new StringBuilder();
    int b;
    while ((b = in.read()) >= 0) {
      if (b == '\n') {
        int end = line.length();
        if (end > 0 && line.charAt(end - 1) == '\r') {
          line.setLength(end - 1);
        }
        return line.toString();
      }
      if (line.length() >= MAX_LINE) {
        throw new IOException("command line too long");
      }
      line.append((char) b);
    }
    return null;
  }

  @Override
  public void close() {
    closed = true;
    try {
      server.close();
    } catch (IOException e) {
      // closing anyway
    }
    for (Socket s : new ArrayList<>(open)) {
      try {
        s.close();
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
