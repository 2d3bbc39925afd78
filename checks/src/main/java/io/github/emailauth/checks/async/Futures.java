package io.github.emailauth.checks.async;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** Helpers for the asynchronous DNS and check pipelines, shared across packages. */
public final class Futures {
  private Futures() {}

  /**
   * The failure a stage of a future chain actually threw: {@code CompletableFuture} wraps it in
   * {@link CompletionException} or {@link ExecutionException}, whose messages only repeat it.
   */
  public static Throwable unwrap(Throwable e) {
    Throwable t = e;
    while ((t instanceof CompletionException || t instanceof ExecutionException)
        && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }
}
