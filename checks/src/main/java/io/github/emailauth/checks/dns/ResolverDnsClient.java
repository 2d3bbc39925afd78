package io.github.emailauth.checks.dns;

import static io.github.emailauth.checks.async.Futures.unwrap;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.ResolverConfig;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;
import org.xbill.DNS.WireParseException;

/**
 * Asks real name servers through dnsjava's asynchronous {@link SimpleResolver}, one per configured
 * server, each configured on the instance (no static {@code Lookup} defaults).
 *
 * <ul>
 *   <li>Each attempt has its own deadline ({@link DnsOptions#timeout()}), UDP and the TCP retry on
 *       a truncated answer included; retries go round the servers in the order given.
 *   <li>A timeout, a network error or a malformed response is retried. SERVFAIL, REFUSED and other
 *       error codes are retried only when there is another server to ask: the same server would
 *       most likely say the same again.
 *   <li>At most {@link DnsOptions#maxInFlight()} attempts are on the wire at once for the whole
 *       client; the rest wait in a queue, not on a thread.
 *   <li>Every answer, failures included, is cached for the life of the client (one run): a run sees
 *       one consistent view of DNS, and a failing server is not asked again and again for the same
 *       name. Concurrent identical questions share one lookup.
 * </ul>
 */
public final class ResolverDnsClient extends BaseDnsClient {
  /** Large enough for most TXT sets, small enough to avoid IP fragmentation (DNS Flag Day 2020). */
  static final int EDNS_PAYLOAD = 1232;

  private final DnsOptions options;
  private final List<InetSocketAddress> servers;
  private final List<SimpleResolver> resolvers;
  private final ThreadPoolExecutor executor;
  private final AsyncLimiter limiter;
  private final ConcurrentHashMap<Key, CompletableFuture<Hop>> hops = new ConcurrentHashMap<>();

  /**
   * @throws IllegalArgumentException when a name server entry cannot be parsed or resolved, or none
   *     is given and the system's cannot be found
   */
  public ResolverDnsClient(DnsOptions options) {
    this.options = options;
    this.servers = options.nameservers().isEmpty() ? systemServers() : parseAll(options);
    this.resolvers = new ArrayList<>();
    for (InetSocketAddress server : servers) {
      SimpleResolver r = new SimpleResolver(server);
      r.setTimeout(options.timeout());
      r.setEDNS(0, EDNS_PAYLOAD, 0, List.of());
      r.setTCP(false);
      r.setIgnoreTruncation(false);
      resolvers.add(r);
    }
    AtomicInteger threads = new AtomicInteger();
    int size = Math.max(2, Runtime.getRuntime().availableProcessors());
    this.executor =
        new ThreadPoolExecutor(
            size,
            size,
            10,
            TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(),
            r -> {
              Thread t = new Thread(r, "emailauth-dns-" + threads.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    // Idle clients that were never closed must not keep threads alive.
    executor.allowCoreThreadTimeOut(true);
    this.limiter = new AsyncLimiter(options.maxInFlight(), executor);
  }

  /** The servers asked, in order. */
  public List<InetSocketAddress> servers() {
    return List.copyOf(servers);
  }

  /** The most attempts that were on the wire at once so far. */
  int maxInFlightSeen() {
    return limiter.maxActive();
  }

  @Override
  CompletableFuture<Hop> hop(Name name, int type) {
    Key key = new Key(Names.text(name), type);
    CompletableFuture<Hop> fresh = new CompletableFuture<>();
    CompletableFuture<Hop> cached = hops.putIfAbsent(key, fresh);
    if (cached != null) {
      return cached;
    }
    attempt(key, name, 0).whenComplete((hop, error) -> fresh.complete(hop));
    return fresh;
  }

  /** One try against one server, then the next try if this one failed in a retriable way. */
  private CompletableFuture<Hop> attempt(Key key, Name name, int attempt) {
    if (isClosed()) {
      return CompletableFuture.completedFuture(Hop.done(closedFailure(key)));
    }
    int index = attempt % resolvers.size();
    SimpleResolver resolver = resolvers.get(index);
    String server = describe(servers.get(index));
    return limiter
        .submit(
            () -> {
              sent.increment();
              Message query = Message.newQuery(Record.newRecord(name, key.type(), DClass.IN));
              return resolver
                  .sendAsync(query, executor)
                  .toCompletableFuture()
                  // dnsjava checks its timeouts on a selector tick; this holds the promise exactly.
                  .orTimeout(options.timeout().toNanos(), TimeUnit.NANOSECONDS);
            })
        .handleAsync(
            (response, error) -> {
              Outcome outcome =
                  error != null
                      ? fromError(key, server, error)
                      : fromResponse(key, name, server, response);
              if (outcome.retry() && attempt < options.retries()) {
                return attempt(key, name, attempt + 1);
              }
              return CompletableFuture.completedFuture(outcome.hop());
            },
            executor)
        .thenCompose(f -> f)
        .exceptionally(
            e ->
                Hop.done(
                    new DnsAnswer.Failure(
                        key.name(), key.type(), List.of(), DnsAnswer.Reason.ERROR, e.toString())));
  }

  private record Outcome(Hop hop, boolean retry) {}

  private Outcome fromError(Key key, String server, Throwable error) {
    Throwable cause = unwrap(error);
    DnsAnswer.Reason reason;
    String detail;
    if (cause instanceof TimeoutException || cause instanceof SocketTimeoutException) {
      reason = DnsAnswer.Reason.TIMEOUT;
      detail = "no answer from " + server + " within " + format(options.timeout());
    } else if (cause instanceof WireParseException) {
      reason = DnsAnswer.Reason.MALFORMED;
      detail = "unparsable response from " + server + ": " + cause.getMessage();
    } else {
      // ICMP port unreachable, no route, a closed TCP connection: the network, not DNS
      reason = DnsAnswer.Reason.ERROR;
      detail = server + ": " + cause;
    }
    return new Outcome(
        Hop.done(new DnsAnswer.Failure(key.name(), key.type(), List.of(), reason, detail)), true);
  }

  /** Reads a response: RCODE first, then the chain of aliases from the name asked. */
  private Outcome fromResponse(Key key, Name name, String server, Message response) {
    int rcode = response.getRcode();
    boolean another = resolvers.size() > 1;
    if (rcode == Rcode.SERVFAIL || rcode == Rcode.REFUSED) {
      DnsAnswer.Reason reason =
          rcode == Rcode.SERVFAIL ? DnsAnswer.Reason.SERVFAIL : DnsAnswer.Reason.REFUSED;
      return new Outcome(failure(key, reason, "from " + server), another);
    }
    if (rcode != Rcode.NOERROR && rcode != Rcode.NXDOMAIN) {
      return new Outcome(
          failure(key, DnsAnswer.Reason.ERROR, Rcode.string(rcode) + " from " + server), another);
    }
    if (response.getHeader().getFlag(Flags.TC)) {
      // dnsjava retries over TCP itself; a TC answer here would read as NODATA, i.e. "missing".
      return new Outcome(
          failure(key, DnsAnswer.Reason.MALFORMED, "truncated answer from " + server), true);
    }
    List<Record> answer = response.getSection(Section.ANSWER);
    List<String> chain = new ArrayList<>();
    Set<Name> seen = new HashSet<>();
    Name current = name;
    seen.add(current);
    while (true) {
      List<Record> found = new ArrayList<>();
      CNAMERecord alias = null;
      for (Record r : answer) {
        if (!r.getName().equals(current)) {
          continue;
        }
        if (r.getType() == key.type() || (key.type() == Type.ANY && r.getType() != Type.CNAME)) {
          found.add(r);
        } else if (r instanceof CNAMERecord c && alias == null) {
          alias = c;
        }
      }
      if (!found.isEmpty()) {
        return new Outcome(
            Hop.done(new DnsAnswer.Records(key.name(), key.type(), chain, found)), false);
      }
      if (alias == null) {
        break;
      }
      current = alias.getTarget();
      chain.add(Names.text(current));
      if (!seen.add(current) || chain.size() > ZoneData.MAX_CHAIN) {
        return new Outcome(
            Hop.done(
                new DnsAnswer.Failure(
                    key.name(),
                    key.type(),
                    chain,
                    DnsAnswer.Reason.MALFORMED,
                    "CNAME loop or overlong chain in the answer from " + server)),
            false);
      }
    }
    if (rcode == Rcode.NXDOMAIN) {
      // RFC 6604: with a chain, the RCODE is about its last name.
      return new Outcome(Hop.done(new DnsAnswer.NxDomain(key.name(), key.type(), chain)), false);
    }
    DnsAnswer.NoData noData = new DnsAnswer.NoData(key.name(), key.type(), chain);
    if (chain.isEmpty() || response.getHeader().getFlag(Flags.RA)) {
      // A recursive server has already followed the chain, so an empty end is NODATA.
      return new Outcome(Hop.done(noData), false);
    }
    // An authoritative server stops at an alias whose target it does not serve: ask for it.
    return new Outcome(new Hop(noData, current), false);
  }

  private static Hop failure(Key key, DnsAnswer.Reason reason, String detail) {
    return Hop.done(new DnsAnswer.Failure(key.name(), key.type(), List.of(), reason, detail));
  }

  @Override
  public void close() {
    super.close();
    hops.forEach((key, future) -> future.complete(Hop.done(closedFailure(key))));
    executor.shutdownNow();
  }

  // ---- name servers ----

  private static List<InetSocketAddress> systemServers() {
    List<InetSocketAddress> found = ResolverConfig.getCurrentConfig().servers();
    if (found.isEmpty()) {
      throw new IllegalArgumentException(
          "could not find the system's name servers; give nameservers explicitly");
    }
    return List.copyOf(found);
  }

  private static List<InetSocketAddress> parseAll(DnsOptions options) {
    List<InetSocketAddress> out = new ArrayList<>();
    for (String entry : options.nameservers()) {
      out.add(parseNameserver(entry));
    }
    return List.copyOf(out);
  }

  /**
   * Parses {@code host[:port]}: {@code 192.0.2.53}, {@code 192.0.2.53:5353}, {@code
   * [2001:db8::53]:53}, a bare IPv6 literal {@code 2001:db8::53}, or a host name (resolved once,
   * here).
   */
  static InetSocketAddress parseNameserver(String entry) {
    String s = entry == null ? "" : entry.trim();
    if (s.isEmpty()) {
      throw new IllegalArgumentException("empty name server entry");
    }
    String host;
    int port = SimpleResolver.DEFAULT_PORT;
    if (s.startsWith("[")) {
      int close = s.indexOf(']');
      if (close < 0) {
        throw new IllegalArgumentException("name server '" + entry + "': missing ']'");
      }
      host = s.substring(1, close);
      String rest = s.substring(close + 1);
      if (!rest.isEmpty()) {
        if (!rest.startsWith(":")) {
          throw new IllegalArgumentException("name server '" + entry + "': expected ':port'");
        }
        port = parsePort(entry, rest.substring(1));
      }
    } else if (s.indexOf(':') >= 0 && s.indexOf(':') == s.lastIndexOf(':')) {
      host = s.substring(0, s.indexOf(':'));
      port = parsePort(entry, s.substring(s.indexOf(':') + 1));
    } else {
      host = s; // a host name, an IPv4 address, or an IPv6 literal without a port
    }
    if (host.isEmpty()) {
      throw new IllegalArgumentException("name server '" + entry + "': no host");
    }
    try {
      return new InetSocketAddress(InetAddress.getByName(host), port);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("name server '" + entry + "': unknown host", e);
    }
  }

  private static int parsePort(String entry, String port) {
    try {
      int p = Integer.parseInt(port);
      if (p >= 1 && p <= 65535) {
        return p;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException("name server '" + entry + "': bad port '" + port + "'");
  }

  private static String describe(InetSocketAddress a) {
    String host = a.getAddress().getHostAddress();
    return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + a.getPort();
  }

  private static String format(Duration d) {
    return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
  }
}
