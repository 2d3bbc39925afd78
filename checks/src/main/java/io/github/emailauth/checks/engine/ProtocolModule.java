package io.github.emailauth.checks.engine;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Everything emailauth knows about one protocol: its check ids, the offline lint of the
 * declaration, the live verification, and the records and files that realise the declaration. The
 * engine calls every module for every domain; a module whose section is not declared still lints
 * what is published where that makes sense (DESIGN.md: "a published record that is broken is still
 * invalid").
 */
public interface ProtocolModule {
  Protocol protocol();

  /** Every check id this module can report. */
  List<? extends CheckDefinition> checks();

  /** Offline: findings about the declaration alone (weak choices, impossible combinations). */
  default List<Finding> lint(DomainContext domain) {
    return List.of();
  }

  /**
   * Live: query DNS (and HTTPS/SMTP) through {@link DomainContext#dns()}, compare with the
   * declaration. Never completes exceptionally for a network problem: that is an {@link
   * Kind#UNVERIFIABLE} finding.
   */
  CompletableFuture<List<Finding>> verify(DomainContext domain);

  /** The records and files to publish for this domain. */
  default CompletableFuture<Artifacts> generate(DomainContext domain) {
    return CompletableFuture.completedFuture(Artifacts.EMPTY);
  }
}
