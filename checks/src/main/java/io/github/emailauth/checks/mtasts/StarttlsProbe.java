package io.github.emailauth.checks.mtasts;

import io.github.emailauth.checks.dns.DnsClient;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * Probes an MX host the way an MTA-STS sender connects to it (RFC 8461 §4.2, §5): SMTP on the
 * configured port, banner, EHLO, STARTTLS, a TLS 1.2+ handshake with SNI set to the MX host name,
 * then the certificate rules. The host's address comes from our {@link DnsClient}. Every read has a
 * timeout and the whole probe a deadline; replies are read with line and size limits so a hostile
 * server cannot hold or flood the run. Blocking; callers run it on a worker thread.
 */
final class StarttlsProbe {
  private static final int MAX_LINE = 2048;
  private static final int MAX_LINES = 64;

  private final DnsClient dns;
  private final TrustMaterial trust;
  private final Duration timeout;
  private final Duration deadline;
  private final int port;
  private final Clock clock;

  StarttlsProbe(
      DnsClient dns,
      TrustMaterial trust,
      Duration timeout,
      Duration deadline,
      int port,
      Clock clock) {
    this.dns = dns;
    this.trust = trust;
    this.timeout = timeout;
    this.deadline = deadline;
    this.port = port;
    this.clock = clock;
  }

  ProbeResult probe(String mxHost) {
    String host = mxHost.endsWith(".") ? mxHost.substring(0, mxHost.length() - 1) : mxHost;
    HostAddresses addresses;
    try {
      addresses = HostAddresses.await(dns, host, deadline);
    } catch (HostAddresses.Unresolved e) {
      return new ProbeResult.Unverifiable(host, e.getMessage());
    }
    if (addresses.addresses().isEmpty()) {
      return new ProbeResult.Unverifiable(
          host,
          addresses.failure() != null ? addresses.describeFailure() : addresses.describeAbsence());
    }
    // The first address only (IPv4 first): senders try one at a time too, and probing every
    // address of every MX would multiply the run time for little extra signal.
    InetAddress address = addresses.addresses().get(0);
    String where = address.getHostAddress() + ":" + port;
    AtomicBoolean expired = new AtomicBoolean();
    Socket socket = new Socket();
    ScheduledFuture<?> alarm =
        PolicyFetcher.DEADLINES.schedule(
            () -> {
              expired.set(true);
              closeQuietly(socket);
            },
            deadline.toMillis(),
            TimeUnit.MILLISECONDS);
    try {
      return converse(socket, host, address, where);
    } catch (IOException e) {
      String detail =
          expired.get()
              ? "the probe did not finish within " + deadline.toSeconds() + " s"
              : e instanceof SocketTimeoutException
                  ? "no answer within " + timeout.toMillis() + " ms"
                  : e.getClass().getSimpleName() + ": " + e.getMessage();
      return new ProbeResult.Unverifiable(host, where + ": " + detail);
    } finally {
      alarm.cancel(false);
      closeQuietly(socket);
    }
  }

  private ProbeResult converse(Socket socket, String host, InetAddress address, String where)
      throws IOException {
    socket.connect(new InetSocketAddress(address, port), (int) timeout.toMillis());
    socket.setSoTimeout((int) timeout.toMillis());
    InputStream in = new BufferedInputStream(socket.getInputStream());
    OutputStream out = socket.getOutputStream();

    Reply banner = Reply.read(in);
    if (banner.code() != 220) {
      return new ProbeResult.Unverifiable(
          host, where + " refused the session: " + banner.firstLine());
    }
    send(out, "EHLO " + addressLiteral(socket.getLocalAddress()));
    Reply ehlo = Reply.read(in);
    if (ehlo.code() != 250) {
      return new ProbeResult.NoStarttls(host, where, "EHLO answered " + ehlo.firstLine());
    }
    if (!ehlo.offers("STARTTLS")) {
      return new ProbeResult.NoStarttls(host, where, ehlo.text());
    }
    send(out, "STARTTLS");
    Reply ready = Reply.read(in);
    if (ready.code() != 220) {
      return new ProbeResult.TlsFailed(host, where, "STARTTLS answered " + ready.firstLine());
    }

    CertificateCheck.Recorder recorder = new CertificateCheck.Recorder(trust.trustManager());
    SSLSocketFactory factory = recorder.context().getSocketFactory();
    SSLSocket tls = (SSLSocket) factory.createSocket(socket, host, socket.getPort(), true);
    SSLParameters params = tls.getSSLParameters();
    params.setServerNames(List.of(new SNIHostName(host)));
    params.setProtocols(new String[] {"TLSv1.3", "TLSv1.2"});
    tls.setSSLParameters(params);
    try {
      tls.startHandshake();
    } catch (SSLException e) {
      List<CertificateCheck.Problem> problems = recorder.diagnoseRejection(host, clock.instant());
      if (!problems.isEmpty()) {
        return new ProbeResult.CertificateRejected(host, where, null, problems);
      }
      return new ProbeResult.TlsFailed(host, where, "TLS handshake failed: " + e.getMessage());
    }
    SSLSession session = tls.getSession();
    List<CertificateCheck.Problem> problems =
        CertificateCheck.diagnose(recorder.chain(), host, null, clock.instant());
    try {
      send(tls.getOutputStream(), "QUIT");
    } catch (IOException e) {
      // the verdict is in; a server that drops the connection here changes nothing
    }
    if (!problems.isEmpty()) {
      return new ProbeResult.CertificateRejected(host, where, session.getProtocol(), problems);
    }
    return new ProbeResult.Secure(host, where, session.getProtocol(), session.getCipherSuite());
  }

  private static void send(OutputStream out, String command) throws IOException {
    out.write((command + "\r\n").getBytes(StandardCharsets.US_ASCII));
    out.flush();
  }

  /** RFC 5321 §4.1.3 address literal of our end of the connection, for EHLO. */
  static String addressLiteral(InetAddress local) {
    if (local instanceof Inet6Address) {
      String text = local.getHostAddress();
      int zone = text.indexOf('%');
      return "[IPv6:" + (zone < 0 ? text : text.substring(0, zone)) + "]";
    }
    return "[" + local.getHostAddress() + "]";
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException e) {
      // nothing to do
    }
  }

  /** One SMTP reply, possibly multi-line (RFC 5321 §4.2.1). */
  record Reply(int code, List<String> lines) {
    Reply {
      lines = List.copyOf(lines);
    }

    static Reply read(InputStream in) throws IOException {
      List<String> lines = new ArrayList<>();
      while (true) {
        String line = readLine(in);
        if (line.length() < 3 || !Character.isDigit(line.charAt(0))) {
          throw new IOException("not an SMTP reply: \"" + StsPolicyFile.abbreviate(line) + "\"");
        }
        lines.add(line);
        boolean more = line.length() > 3 && line.charAt(3) == '-';
        if (!more) {
          int code;
          try {
            code = Integer.parseInt(line.substring(0, 3));
          } catch (NumberFormatException e) {
            throw new IOException("not an SMTP reply code: " + line.substring(0, 3));
          }
          return new Reply(code, lines);
        }
        if (lines.size() >= MAX_LINES) {
          throw new IOException("reply longer than " + MAX_LINES + " lines");
        }
      }
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
          throw new IOException("reply line longer than " + MAX_LINE + " bytes");
        }
        line.append((char) (b & 0xFF));
      }
      throw new IOException("connection closed by the server");
    }

    boolean offers(String keyword) {
      for (int i = 1; i < lines.size(); i++) {
        String ext = lines.get(i).length() > 4 ? lines.get(i).substring(4).trim() : "";
        String first = ext.split("\\s+", 2)[0];
        if (first.toUpperCase(Locale.ROOT).equals(keyword)) {
          return true;
        }
      }
      return false;
    }

    String firstLine() {
      return StsPolicyFile.abbreviate(lines.get(0));
    }

    String text() {
      return String.join(" / ", lines.stream().map(StsPolicyFile::abbreviate).toList());
    }
  }
}
