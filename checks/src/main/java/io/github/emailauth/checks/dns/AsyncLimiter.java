package io.github.emailauth.checks.dns;

import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;

/**
 * Bounds how many asynchronous tasks run at once without parking a thread per waiter: a task over
 * the bound waits in a queue and is started when a running one completes.
 */
final class AsyncLimiter {
  private final int limit;
  private final Executor executor;
  private final ArrayDeque<Runnable> waiting = new ArrayDeque<>();
  private int active;
  private int maxActive;

  /**
   * @param executor starts queued tasks, so a release deep inside a completion does not start the
   *     next task on that stack (and a long queue does not become a deep recursion)
   */
  AsyncLimiter(int limit, Executor executor) {
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be >= 1: " + limit);
    }
    this.limit = limit;
    this.executor = executor;
  }

  /**
   * Starts {@code task} now or once a slot frees; the slot is held until the task's future
   * completes, and released before the returned future completes.
   */
  <T> CompletableFuture<T> submit(Supplier<CompletableFuture<T>> task) {
    CompletableFuture<T> result = new CompletableFuture<>();
    Runnable start =
        () -> {
          CompletableFuture<T> running;
          try {
            running = task.get();
          } catch (RuntimeException e) {
            running = CompletableFuture.failedFuture(e);
          }
          running.whenComplete(
              (value, error) -> {
                release();
                if (error != null) {
                  result.completeExceptionally(error);
                } else {
                  result.complete(value);
                }
              });
        };
    boolean now;
    synchronized (this) {
      now = active < limit;
      if (now) {
        active++;
        maxActive = Math.max(maxActive, active);
      } else {
        waiting.add(start);
      }
    }
    if (now) {
      start.run();
    }
    return result;
  }

  private void release() {
    Runnable next;
    synchronized (this) {
      next = waiting.poll();
      if (next == null) {
        active--;
      }
      // else the slot passes straight to the next task
    }
    if (next != null) {
      try {
        executor.execute(next);
      } catch (RejectedExecutionException e) {
        next.run(); // closing: let it run and fail fast rather than hang
      }
    }
  }

  /** The most tasks that ran at once so far. */
  synchronized int maxActive() {
    return maxActive;
  }

  synchronized int queued() {
    return waiting.size();
  }
}
