package io.github.emailauth.checks.dns;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.xbill.DNS.InvalidTypeException;
import org.xbill.DNS.Name;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * What both clients share: the per-run answer cache, the counters, and following a CNAME chain
 * across several lookups when one source stops part-way (a server that does not serve the target's
 * zone, a zone file whose alias points outside the loaded zones).
 *
 * <p>A subclass supplies {@link #hop}: one lookup that either answers or says where the chain
 * continues. Hops never wait for other hops, so chains that loop across lookups end in a MALFORMED
 * failure instead of two futures waiting for each other.
 */
abstract class BaseDnsClient implements DnsClient {
  /** One question in a cache: the name as {@link Names#text}, and the type. */
  record Key(String name, int type) {}

  /**
   * The result of one lookup. {@code next == null}: {@code answer} is final for the name looked up.
   * Otherwise the chain in {@code answer.cnameChain()} stops at {@code next}, which this lookup did
   * not resolve; {@code answer}'s variant is then meaningless.
   */
  record Hop(DnsAnswer answer, Name next) {
    static Hop done(DnsAnswer answer) {
      return new Hop(answer, null);
    }
  }

  private final ConcurrentHashMap<Key, CompletableFuture<DnsAnswer>> answers =
      new ConcurrentHashMap<>();
  private final LongAdder questions = new LongAdder();
  private final LongAdder failures = new LongAdder();
  final LongAdder sent = new LongAdder();
  private volatile boolean closed;

  /** One lookup of {@code name}/{@code type}; must never complete exceptionally. */
  abstract CompletableFuture<Hop> hop(Name name, int type);

  @Override
  public final CompletableFuture<DnsAnswer> query(String name, int type) {
    questions.increment();
    Name parsed;
    try {
      Type.check(type);
      parsed = Names.parse(name);
    } catch (TextParseException | InvalidTypeException e) {
      failures.increment();
      String shown = name == null ? "" : name.toLowerCase(Locale.ROOT);
      return CompletableFuture.completedFuture(
          new DnsAnswer.Failure(
              shown,
              type,
              List.of(),
              DnsAnswer.Reason.ERROR,
              "invalid question: " + e.getMessage()));
    }
    Key key = new Key(Names.text(parsed), type);
    if (closed) {
      return CompletableFuture.completedFuture(closedFailure(key));
    }
    CompletableFuture<DnsAnswer> fresh = new CompletableFuture<>();
    CompletableFuture<DnsAnswer> cached = answers.putIfAbsent(key, fresh);
    if (cached != null) {
      return cached.copy();
    }
    Set<String> seen = new HashSet<>();
    seen.add(key.name());
    chase(key, parsed, List.of(), seen)
        .whenComplete(
            (answer, error) -> {
              DnsAnswer result =
                  error != null
                      ? new DnsAnswer.Failure(
                          key.name(), type, List.of(), DnsAnswer.Reason.ERROR, error.toString())
                      : answer;
              if (result instanceof DnsAnswer.Failure) {
                failures.increment();
              }
              fresh.complete(result);
            });
    // A copy, so a caller completing or cancelling its future cannot change what others see.
    return fresh.copy();
  }

  private CompletableFuture<DnsAnswer> chase(
      Key asked, Name at, List<String> prefix, Set<String> seen) {
    return hop(at, asked.type())
        .thenCompose(
            hop -> {
              List<String> chain = new ArrayList<>(prefix);
              for (String target : hop.answer().cnameChain()) {
                chain.add(target);
                if (!seen.add(target)) {
                  return done(malformed(asked, chain, "CNAME loop at " + target));
                }
                if (chain.size() > ZoneData.MAX_CHAIN) {
                  return done(
                      malformed(asked, chain, "CNAME chain longer than " + ZoneData.MAX_CHAIN));
                }
              }
              if (hop.next() == null) {
                return done(rename(hop.answer(), asked.name(), chain));
              }
              return chase(asked, hop.next(), chain, seen);
            });
  }

  private static CompletableFuture<DnsAnswer> done(DnsAnswer a) {
    return CompletableFuture.completedFuture(a);
  }

  private static DnsAnswer malformed(Key asked, List<String> chain, String detail) {
    return new DnsAnswer.Failure(
        asked.name(), asked.type(), chain, DnsAnswer.Reason.MALFORMED, detail);
  }

  /** The same answer, reported for the name asked, with the whole chain that led to it. */
  static DnsAnswer rename(DnsAnswer a, String name, List<String> chain) {
    // Java 17: no pattern switch yet; the sealed hierarchy has exactly these four.
    if (a instanceof DnsAnswer.Records r) {
      return new DnsAnswer.Records(name, r.type(), chain, r.records());
    } else if (a instanceof DnsAnswer.NxDomain x) {
      return new DnsAnswer.NxDomain(name, x.type(), chain);
    } else if (a instanceof DnsAnswer.NoData d) {
      return new DnsAnswer.NoData(name, d.type(), chain);
    } else {
      DnsAnswer.Failure f = (DnsAnswer.Failure) a;
      return new DnsAnswer.Failure(name, f.type(), chain, f.reason(), f.detail());
    }
  }

  static DnsAnswer.Failure closedFailure(Key key) {
    return new DnsAnswer.Failure(
        key.name(), key.type(), List.of(), DnsAnswer.Reason.ERROR, "DNS client closed");
  }

  @Override
  public DnsStats stats() {
    return new DnsStats(questions.sum(), sent.sum(), failures.sum());
  }

  boolean isClosed() {
    return closed;
  }

  /** Answers every question still open with a failure, so no caller waits for ever. */
  @Override
  public void close() {
    closed = true;
    answers.forEach((key, future) -> future.complete(closedFailure(key)));
  }
}
