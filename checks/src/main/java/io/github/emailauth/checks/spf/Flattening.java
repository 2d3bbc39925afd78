package io.github.emailauth.checks.spf;

import java.util.Objects;

/** What {@link SpfFlattener#flatten} came to. */
public sealed interface Flattening {
  /**
   * The chain to publish (some terms may be kept as they are: see {@link FlattenedChain#kept()}).
   */
  record Flattened(FlattenedChain chain) implements Flattening {
    public Flattened {
      Objects.requireNonNull(chain, "chain");
    }
  }

  /**
   * A DNS query the flattening needs failed (timeout, SERVFAIL, REFUSED): nothing can be said until
   * it answers. Never a reason to publish anything.
   *
   * @param subject the name and type asked: {@code _spf.vendor.net TXT}
   */
  record Unresolved(String subject, String reason) implements Flattening {
    public Unresolved {
      Objects.requireNonNull(subject, "subject");
      Objects.requireNonNull(reason, "reason");
    }
  }

  /**
   * The record cannot be flattened within the limits: the networks need more records than the 10
   * lookups allow, the terms that must stay do not fit, or the sources are unreasonably large.
   */
  record Impossible(String reason) implements Flattening {
    public Impossible {
      Objects.requireNonNull(reason, "reason");
    }
  }
}
