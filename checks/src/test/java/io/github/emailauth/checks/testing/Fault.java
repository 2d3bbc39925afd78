package io.github.emailauth.checks.testing;

import java.time.Duration;
import java.util.Objects;
import org.xbill.DNS.Rcode;

/**
 * A misbehaviour {@link TestDnsServer} applies to matching queries. Faults are values; the count of
 * how many queries a rule still affects lives in the server's rule, so the constants can be reused
 * freely.
 *
 * @param kind what happens
 * @param delay for {@link Kind#DELAY}: how long the answer is held back
 * @param rcode for {@link Kind#RCODE}: the response code sent instead of the answer
 * @param times how many matching queries it affects; {@link #UNLIMITED} for all
 */
public record Fault(Kind kind, Duration delay, int rcode, int times) {
  public static final int UNLIMITED = -1;

  /** No response at all: the client times out. */
  public static final Fault DROP = new Fault(Kind.DROP, Duration.ZERO, 0, UNLIMITED);

  public static final Fault SERVFAIL = rcode(Rcode.SERVFAIL);
  public static final Fault REFUSED = rcode(Rcode.REFUSED);

  /** Over UDP, TC set and an empty answer whatever the size; over TCP the full answer. */
  public static final Fault TRUNCATE = new Fault(Kind.TRUNCATE, Duration.ZERO, 0, UNLIMITED);

  /** The query id followed by bytes that do not parse as a DNS message. */
  public static final Fault MALFORMED = new Fault(Kind.MALFORMED, Duration.ZERO, 0, UNLIMITED);

  /** What a fault does. */
  public enum Kind {
    DROP,
    RCODE,
    TRUNCATE,
    MALFORMED,
    DELAY
  }

  public Fault {
    Objects.requireNonNull(kind);
    Objects.requireNonNull(delay);
    if (delay.isNegative()) {
      throw new IllegalArgumentException("negative delay: " + delay);
    }
    if (times < UNLIMITED || times == 0) {
      throw new IllegalArgumentException("times must be positive or UNLIMITED: " + times);
    }
  }

  /** Answers normally but only after {@code delay}, without holding a thread meanwhile. */
  public static Fault delay(Duration delay) {
    return new Fault(Kind.DELAY, delay, 0, UNLIMITED);
  }

  /** Any response code, e.g. {@link Rcode#NOTIMP}, with an empty answer. */
  public static Fault rcode(int rcode) {
    if (rcode < 0 || rcode > 15) {
      throw new IllegalArgumentException("rcode out of the header's range: " + rcode);
    }
    return new Fault(Kind.RCODE, Duration.ZERO, rcode, UNLIMITED);
  }

  /** Drops only the first {@code times} matching queries, so a retry gets through. */
  public static Fault drop(int times) {
    return DROP.times(times);
  }

  /** This fault for the first {@code times} matching queries only; later ones are answered. */
  public Fault times(int times) {
    if (times < 1) {
      throw new IllegalArgumentException("times must be at least 1: " + times);
    }
    return new Fault(kind, delay, rcode, times);
  }

  @Override
  public String toString() {
    String base =
        switch (kind) {
          case RCODE -> Rcode.string(rcode);
          case DELAY -> "DELAY " + delay;
          default -> kind.name();
        };
    return times == UNLIMITED ? base : base + " x" + times;
  }
}
