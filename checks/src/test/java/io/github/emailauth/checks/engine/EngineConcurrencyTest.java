package io.github.emailauth.checks.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.emailauth.policy.Policy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class EngineConcurrencyTest {
  /** One thread completes every pending check, as a DNS client's I/O thread would. */
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();

  @AfterEach
  void stop() {
    timer.shutdownNow();
  }

  private <T> CompletableFuture<T> later(long millis, java.util.function.Supplier<T> value) {
    CompletableFuture<T> f = new CompletableFuture<>();
    timer.schedule(() -> f.complete(value.get()), millis, TimeUnit.MILLISECONDS);
    return f;
  }

  static List<String> domains(int n) {
    return IntStream.range(0, n).mapToObj(i -> "d" + i + ".example").toList();
  }

  static RunOptions concurrency(int n) {
    return new RunOptions(null, null, Duration.ofSeconds(10), false, 25, n);
  }

  @Test
  @Timeout(20)
  void domainsRunConcurrentlyUpToTheBoundWithoutAThreadPerDomain() {
    int limit = 25;
    AtomicInteger inFlight = new AtomicInteger();
    AtomicInteger maxInFlight = new AtomicInteger();
    Set<String> callerThreads = ConcurrentHashMap.newKeySet();
    FakeModule slow =
        FakeModule.mx()
            .onVerify(
                ctx -> {
                  callerThreads.add(Thread.currentThread().getName());
                  maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
                  return later(
                      50,
                      () -> {
                        inFlight.decrementAndGet();
                        return List.<Finding>of();
                      });
                });
    int threadsBefore = Thread.activeCount();

    long start = System.nanoTime();
    Report report =
        Engine.builder()
            .modules(List.of(slow))
            .options(concurrency(limit))
            .tool(EngineTest.TOOL)
            .build()
            .verify(TestPolicies.of(domains(200).toArray(String[]::new)), new NoDns());
    long millis = (System.nanoTime() - start) / 1_000_000;

    assertEquals(200, report.domains().size());
    assertEquals(limit, maxInFlight.get(), "never more than the bound, and the bound is used");
    // 200 domains x 50 ms one after the other would take 10 s; 8 rounds of 25 take 400 ms.
    assertTrue(millis < 5_000, "took " + millis + " ms");
    // Continuations run on the one timer thread (and the caller's for the first wave): no pool
    // grew a thread per domain.
    assertTrue(callerThreads.size() <= 2, callerThreads.toString());
    assertTrue(Thread.activeCount() <= threadsBefore + 2, "threads: " + Thread.activeCount());
  }

  @Test
  @Timeout(20)
  void manyDomainsThatCompleteAtOnceDoNotOverflowTheStack() {
    FakeModule instant =
        FakeModule.mx()
            .onVerify(
                ctx ->
                    CompletableFuture.completedFuture(
                        List.of(EngineTest.finding(TestCheck.MX_DRIFT, ctx, ctx.name()))));
    Report report =
        Engine.builder()
            .modules(List.of(instant))
            .options(concurrency(4))
            .tool(EngineTest.TOOL)
            .build()
            .verify(TestPolicies.of(domains(20_000).toArray(String[]::new)), new NoDns());
    assertEquals(20_000, report.summary().errors());
  }

  @Test
  @Timeout(30)
  void aThousandDomainsLogADozenProgressLinesNotOnePerDomain() {
    List<ProgressListener.Progress> lines = Collections.synchronizedList(new ArrayList<>());
    Random random = new Random(7);
    List<Integer> delays = IntStream.range(0, 1000).mapToObj(i -> random.nextInt(5)).toList();
    AtomicInteger index = new AtomicInteger();
    FakeModule module =
        FakeModule.mx()
            .onVerify(ctx -> later(delays.get(index.getAndIncrement() % 1000), List::<Finding>of));

    Engine.builder()
        .modules(List.of(module))
        .options(concurrency(64))
        .progress(lines::add)
        .tool(EngineTest.TOOL)
        .build()
        .verify(TestPolicies.of(domains(1000).toArray(String[]::new)), new NoDns());

    // one line per tenth, plus one every 2 s of a run that takes well under 10 s
    assertTrue(lines.size() >= 10 && lines.size() <= 15, lines.size() + " lines: " + lines);
    ProgressListener.Progress last = lines.get(lines.size() - 1);
    assertEquals(1000, last.done());
    assertEquals(1000, last.total());
    assertEquals(7, last.dns().questions(), "DNS counters come from the run's client");
    for (int i = 1; i < lines.size(); i++) {
      assertTrue(lines.get(i).done() > lines.get(i - 1).done(), "in order, no repeats");
    }
  }

  /**
   * Modules finish in a random order, and each reports its findings in a random order; the report
   * is the same bytes every time.
   */
  @Test
  @Timeout(30)
  void theReportDoesNotDependOnWhichDomainOrModuleFinishesFirst() {
    Policy policy = TestPolicies.of(domains(60).toArray(String[]::new));
    String first = null;
    for (int run = 0; run < 4; run++) {
      Random random = new Random(run);
      FakeModule dmarc =
          FakeModule.dmarc()
              .onVerify(ctx -> later(random.nextInt(20), () -> shuffled(ctx, random)));
      FakeModule mx =
          FakeModule.mx()
              .onVerify(
                  ctx ->
                      later(
                          random.nextInt(20),
                          () ->
                              List.of(
                                  EngineTest.finding(TestCheck.MX_DRIFT, ctx, "z"),
                                  EngineTest.finding(TestCheck.MX_LINT, ctx, "a"))));
      Report report =
          Engine.builder()
              .modules(List.of(dmarc, mx))
              .options(concurrency(8))
              .tool(EngineTest.TOOL)
              .build()
              .verify(policy, new NoDns());
      String text = describe(report);
      if (first == null) {
        first = text;
      } else {
        assertEquals(first, text, "run " + run);
      }
    }
    assertArrayEquals(
        new String[] {
          "TEST-MX-DRIFT z", "TEST-DMARC-DRIFT b", "TEST-DMARC-DRIFT c",
          "TEST-MX-LINT a", "TEST-DMARC-WEAK a", "TEST-DMARC-NOTE a"
        },
        first.lines().filter(l -> l.startsWith("d0.example ")).map(l -> l.substring(11)).toArray());
  }

  private static List<Finding> shuffled(DomainContext ctx, Random random) {
    List<Finding> f =
        new ArrayList<>(
            List.of(
                EngineTest.finding(TestCheck.DMARC_NOTE, ctx, "a"),
                EngineTest.finding(TestCheck.DMARC_DRIFT, ctx, "c"),
                EngineTest.finding(TestCheck.DMARC_WEAK, ctx, "a"),
                EngineTest.finding(TestCheck.DMARC_DRIFT, ctx, "b")));
    Collections.shuffle(f, random);
    return f;
  }

  private static String describe(Report report) {
    StringBuilder b = new StringBuilder();
    for (DomainReport d : report.domains()) {
      for (Finding f : d.findings()) {
        b.append(d.domain()).append(' ').append(f.checkId()).append(' ').append(f.subject());
        b.append('\n');
      }
    }
    return b.toString();
  }
}
