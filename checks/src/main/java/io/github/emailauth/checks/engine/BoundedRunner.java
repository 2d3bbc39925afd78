package io.github.emailauth.checks.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.IntFunction;

/**
 * Runs {@code task(0..n-1)} with at most {@code limit} of their futures pending at once, without a
 * thread per task: each completion starts the next task on the thread that completed it. The
 * results keep index order whatever order the tasks finish in.
 */
final class BoundedRunner<T> {
  private final int n;
  private final IntFunction<CompletableFuture<T>> task;
  private final Runnable onEach;
  private final AtomicInteger next = new AtomicInteger();
  private final AtomicInteger remaining;
  private final AtomicReferenceArray<T> results;
  private final CompletableFuture<List<T>> all = new CompletableFuture<>();

  private BoundedRunner(int n, IntFunction<CompletableFuture<T>> task, Runnable onEach) {
    this.n = n;
    this.task = task;
    this.onEach = onEach;
    this.remaining = new AtomicInteger(n);
    this.results = new AtomicReferenceArray<>(n);
  }

  /**
   * @param task must not throw; a future it returns that completes exceptionally fails the whole
   *     run (callers turn every expected failure into a value first)
   * @param onEach called after each task's result is stored
   */
  static <T> CompletableFuture<List<T>> run(
      int n, int limit, IntFunction<CompletableFuture<T>> task, Runnable onEach) {
    if (limit < 1) {
      throw new IllegalArgumentException("concurrency must be >= 1: " + limit);
    }
    BoundedRunner<T> runner = new BoundedRunner<>(n, task, onEach);
    if (n == 0) {
      return CompletableFuture.completedFuture(List.of());
    }
    for (int k = 0; k < Math.min(limit, n); k++) {
      runner.launch();
    }
    return runner.all;
  }

  /**
   * Starts tasks until one is pending. Tasks that complete at once (cached answers, offline checks)
   * are handled in this loop rather than by recursion, so ten thousand of them do not overflow the
   * stack.
   */
  private void launch() {
    while (!all.isDone()) {
      int i = next.getAndIncrement();
      if (i >= n) {
        return;
      }
      CompletableFuture<T> f;
      try {
        f = task.apply(i);
      } catch (RuntimeException | Error e) {
        f = CompletableFuture.failedFuture(e);
      }
      if (f.isDone()) {
        finish(i, f);
        continue;
      }
      CompletableFuture<T> pending = f;
      pending.whenComplete(
          (r, e) -> {
            finish(i, pending);
            launch();
          });
      return;
    }
  }

  private void finish(int i, CompletableFuture<T> f) {
    T value;
    try {
      value = f.join();
    } catch (RuntimeException e) {
      all.completeExceptionally(e);
      return;
    }
    results.set(i, value);
    onEach.run();
    if (remaining.decrementAndGet() == 0) {
      List<T> out = new ArrayList<>(n);
      for (int k = 0; k < n; k++) {
        out.add(results.get(k));
      }
      all.complete(out);
    }
  }
}
