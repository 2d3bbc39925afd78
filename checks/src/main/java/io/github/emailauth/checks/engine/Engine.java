package io.github.emailauth.checks.engine;

import static io.github.emailauth.checks.async.Futures.unwrap;

import io.github.emailauth.checks.dns.DnsClient;
import io.github.emailauth.checks.dns.DnsStats;
import io.github.emailauth.policy.CheckOverride;
import io.github.emailauth.policy.DomainPolicy;
import io.github.emailauth.policy.Policy;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Runs every {@link ProtocolModule} for every domain of a {@link Policy}.
 *
 * <ul>
 *   <li>Domains are checked concurrently, at most {@link RunOptions#concurrency()} at once, by
 *       composing futures: no thread waits for a domain.
 *   <li>A module that throws or whose future fails becomes an {@code ENGINE-CHECK-FAILED} finding
 *       for that domain; the other modules and domains are unaffected.
 *   <li>The policy's {@code checks:} overrides are applied to every finding ({@code off} drops it);
 *       an override naming an unknown id is a {@code POLICY-UNKNOWN-CHECK} finding.
 *   <li>The report is deterministic: domains in policy order, findings sorted.
 * </ul>
 */
public final class Engine {
  private final List<ProtocolModule> modules;
  private final CheckCatalog catalog;
  private final RunOptions options;
  private final FailPolicy failPolicy;
  private final Clock clock;
  private final ProgressListener progress;
  private final ToolInfo tool;
  private final LongSupplier nanoTime;
  private final long progressIntervalNanos;
  private final Set<Protocol> protocols;

  private Engine(Builder b) {
    this.modules = List.copyOf(b.modules);
    this.catalog = CheckCatalog.of(modules);
    this.options = b.options;
    this.failPolicy = b.failPolicy;
    this.clock = b.clock;
    this.progress = b.progress;
    this.tool = b.tool != null ? b.tool : ToolInfo.current();
    this.nanoTime = b.nanoTime;
    this.progressIntervalNanos = b.progressIntervalNanos;
    if (options.concurrency() < 1) {
      throw new IllegalArgumentException("concurrency must be >= 1: " + options.concurrency());
    }
    EnumSet<Protocol> p = EnumSet.noneOf(Protocol.class);
    modules.forEach(m -> p.add(m.protocol()));
    this.protocols = p;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Every check id this engine can report. */
  public CheckCatalog catalog() {
    return catalog;
  }

  public ToolInfo tool() {
    return tool;
  }

  /** Offline: each module's {@link ProtocolModule#lint} plus the engine's own policy checks. */
  public Report lint(Policy policy) {
    List<DomainReport> domains = new ArrayList<>();
    for (DomainPolicy d : policy.domains().values()) {
      DomainContext ctx = context(policy, d, null);
      domains.add(domainReport(policy, d, lintDomain(ctx)));
    }
    return report(policy, domains);
  }

  /** Lint, then each module's {@link ProtocolModule#verify}; blocks until every domain is done. */
  public Report verify(Policy policy, DnsClient dns) {
    return verifyAsync(policy, dns).join();
  }

  /** {@link #verify} without blocking. */
  public CompletableFuture<Report> verifyAsync(Policy policy, DnsClient dns) {
    Objects.requireNonNull(dns, "dns");
    List<DomainPolicy> domains = List.copyOf(policy.domains().values());
    return BoundedRunner.run(
            domains.size(),
            options.concurrency(),
            i -> verifyDomain(policy, domains.get(i), dns),
            tracker(domains.size(), dns))
        .thenApply(reports -> report(policy, reports));
  }

  /**
   * The records and files of every domain, from each module's {@link ProtocolModule#generate}.
   * {@code dns} may be null: modules that need live data (a flattened SPF chain) then say so in a
   * finding. The generation's report holds the lint findings too.
   */
  public Generation generate(Policy policy, DnsClient dns) {
    List<DomainPolicy> domains = List.copyOf(policy.domains().values());
    List<GeneratedDomain> generated =
        BoundedRunner.run(
                domains.size(),
                options.concurrency(),
                i -> generateDomain(policy, domains.get(i), dns),
                tracker(domains.size(), dns))
            .join();
    List<DomainArtifacts> artifacts = new ArrayList<>();
    List<DomainReport> reports = new ArrayList<>();
    for (GeneratedDomain g : generated) {
      artifacts.add(g.artifacts());
      reports.add(g.report());
    }
    return new Generation(artifacts, report(policy, reports));
  }

  private record GeneratedDomain(DomainArtifacts artifacts, DomainReport report) {}

  private Runnable tracker(int total, DnsClient dns) {
    if (total == 0) {
      return () -> {};
    }
    Supplier<DnsStats> stats = dns == null ? () -> new DnsStats(0, 0, 0) : dns::stats;
    return new ProgressTracker(total, progressIntervalNanos, nanoTime, progress, stats)::domainDone;
  }

  private DomainContext context(Policy policy, DomainPolicy d, DnsClient dns) {
    return new DomainContext(policy, d, dns, options, clock);
  }

  private List<Finding> lintDomain(DomainContext ctx) {
    List<Finding> findings = new ArrayList<>();
    for (ProtocolModule m : modules) {
      try {
        List<Finding> found = m.lint(ctx);
        if (found != null) {
          findings.addAll(found);
        }
      } catch (RuntimeException | LinkageError | StackOverflowError e) {
        findings.add(moduleFailed(m, "lint", ctx, e));
      }
    }
    return findings;
  }

  private CompletableFuture<DomainReport> verifyDomain(
      Policy policy, DomainPolicy d, DnsClient dns) {
    DomainContext ctx = context(policy, d, dns);
    List<Finding> lint = lintDomain(ctx);
    List<CompletableFuture<Outcome<List<Finding>>>> parts = new ArrayList<>();
    for (ProtocolModule m : modules) {
      parts.add(guard(m, "verify", ctx, () -> m.verify(ctx), List.of()));
    }
    return allOf(parts)
        .thenApply(
            outcomes -> {
              List<Finding> findings = new ArrayList<>(lint);
              for (Outcome<List<Finding>> o : outcomes) {
                if (o.value() != null) {
                  findings.addAll(o.value());
                }
                if (o.failure() != null) {
                  findings.add(o.failure());
                }
              }
              return domainReport(policy, d, findings);
            });
  }

  private CompletableFuture<GeneratedDomain> generateDomain(
      Policy policy, DomainPolicy d, DnsClient dns) {
    DomainContext ctx = context(policy, d, dns);
    List<Finding> lint = lintDomain(ctx);
    List<CompletableFuture<Outcome<Artifacts>>> parts = new ArrayList<>();
    for (ProtocolModule m : modules) {
      parts.add(guard(m, "generate", ctx, () -> m.generate(ctx), Artifacts.EMPTY));
    }
    return allOf(parts)
        .thenApply(
            outcomes -> {
              List<Finding> findings = new ArrayList<>(lint);
              Artifacts artifacts = Artifacts.EMPTY;
              for (Outcome<Artifacts> o : outcomes) {
                if (o.value() != null) {
                  artifacts = artifacts.plus(o.value());
                  findings.addAll(o.value().findings());
                }
                if (o.failure() != null) {
                  findings.add(o.failure());
                }
              }
              return new GeneratedDomain(
                  new DomainArtifacts(d.name(), artifacts), domainReport(policy, d, findings));
            });
  }

  /** A module's result, or the finding that says it failed (then {@code value} is the fallback). */
  private record Outcome<T>(T value, Finding failure) {}

  /**
   * Calls a module so that nothing it does escapes: a throw, a null future, or a future that
   * completes exceptionally all become an {@code ENGINE-CHECK-FAILED} finding.
   */
  private <T> CompletableFuture<Outcome<T>> guard(
      ProtocolModule m,
      String step,
      DomainContext ctx,
      Supplier<CompletableFuture<T>> call,
      T fallback) {
    CompletableFuture<T> f;
    try {
      f = call.get();
      if (f == null) {
        throw new NullPointerException(step + "() returned null instead of a future");
      }
    } catch (RuntimeException | LinkageError | StackOverflowError e) {
      return CompletableFuture.completedFuture(
          new Outcome<>(fallback, moduleFailed(m, step, ctx, e)));
    }
    return f.handle(
        (value, e) ->
            e == null
                ? new Outcome<>(value, null)
                : new Outcome<>(fallback, moduleFailed(m, step, ctx, unwrap(e))));
  }

  private static <T> CompletableFuture<List<T>> allOf(List<CompletableFuture<T>> parts) {
    return CompletableFuture.allOf(parts.toArray(new CompletableFuture<?>[0]))
        .thenApply(v -> parts.stream().map(CompletableFuture::join).toList());
  }

  private static Finding moduleFailed(
      ProtocolModule m, String step, DomainContext ctx, Throwable e) {
    String simple = m.getClass().getSimpleName();
    String module = simple.isEmpty() ? m.getClass().getName() : simple;
    StackTraceElement[] trace = e.getStackTrace();
    return new Finding(
        EngineCheck.ENGINE_CHECK_FAILED.id(),
        EngineCheck.ENGINE_CHECK_FAILED.defaultSeverity(),
        EngineCheck.ENGINE_CHECK_FAILED.kind(),
        m.protocol(),
        ctx.name(),
        module + "." + step,
        "the "
            + m.protocol().id()
            + " checks could not run for "
            + ctx.name()
            + ": "
            + module
            + "."
            + step
            + " failed with "
            + e,
        null,
        trace.length == 0 ? e.toString() : e + " at " + trace[0],
        "this is a bug in emailauth, not a problem of the domain: report it with this message."
            + " The other checks of the run are complete.",
        ctx.domain().position());
  }

  private DomainReport domainReport(Policy policy, DomainPolicy d, List<Finding> findings) {
    return new DomainReport(
        d.name(), protocols, capPerCheck(applyOverrides(policy, findings), MAX_PER_CHECK));
  }

  /**
   * Findings of one check id and severity listed per domain before the rest are summed up in one
   * finding. A hostile or broken answer (3,000 MX hosts, hundreds of TXT strings) would otherwise
   * bury the report under thousands of lines saying the same thing.
   */
  static final int MAX_PER_CHECK = 25;

  /**
   * Keeps the first {@code max - 1} findings of each check id and severity (in report order) and
   * replaces the others by one finding that says how many were left out, so the severity counts and
   * the build verdict stay as they were.
   */
  static List<Finding> capPerCheck(List<Finding> findings, int max) {
    List<Finding> sorted = DomainReport.sorted(findings);
    Map<String, Integer> seen = new HashMap<>();
    Map<String, Finding> firstLeftOut = new LinkedHashMap<>();
    Map<String, Integer> leftOut = new HashMap<>();
    Map<String, Integer> total = new HashMap<>();
    for (Finding f : sorted) {
      total.merge(f.checkId() + "\n" + f.severity(), 1, Integer::sum);
    }
    List<Finding> out = new ArrayList<>();
    for (Finding f : sorted) {
      String key = f.checkId() + "\n" + f.severity();
      int n = seen.merge(key, 1, Integer::sum);
      if (total.get(key) <= max || n < max) {
        out.add(f);
      } else {
        firstLeftOut.putIfAbsent(key, f);
        leftOut.merge(key, 1, Integer::sum);
      }
    }
    firstLeftOut.forEach(
        (key, f) ->
            out.add(
                new Finding(
                    f.checkId(),
                    f.severity(),
                    f.kind(),
                    f.protocol(),
                    f.domain(),
                    // the first left out: it sorts after every finding kept, so the sum comes last
                    f.subject(),
                    leftOut.get(key)
                        + " more "
                        + f.checkId()
                        + " findings like the ones above are not listed (at most "
                        + (max - 1)
                        + " per check are), starting with: "
                        + f.message(),
                    null,
                    null,
                    f.remediation(),
                    f.location())));
    return out;
  }

  private Report report(Policy policy, List<DomainReport> domains) {
    return new Report(
        tool, policy.file(), domains, applyOverrides(policy, unknownOverrides(policy)), failPolicy);
  }

  /** The policy's {@code checks:} severities; {@code off} drops the finding. */
  static List<Finding> applyOverrides(Policy policy, List<Finding> findings) {
    List<Finding> out = new ArrayList<>(findings.size());
    for (Finding f : findings) {
      if (f == null) {
        continue;
      }
      CheckOverride o = policy.checks().get(f.checkId());
      if (o == null) {
        out.add(f);
        continue;
      }
      switch (o.severity()) {
        case OFF -> {}
        case ERROR -> out.add(f.withSeverity(Severity.ERROR));
        case WARNING -> out.add(f.withSeverity(Severity.WARNING));
        case NOTICE -> out.add(f.withSeverity(Severity.NOTICE));
      }
    }
    return out;
  }

  /**
   * An override of an id no check has would silently do nothing: the user thinks a check is off, or
   * stricter, and it is not.
   */
  private List<Finding> unknownOverrides(Policy policy) {
    List<Finding> out = new ArrayList<>();
    for (CheckOverride o : policy.checks().values()) {
      if (catalog.contains(o.checkId())) {
        continue;
      }
      String suggestion = catalog.suggest(o.checkId()).orElse(null);
      out.add(
          Finding.of(EngineCheck.POLICY_UNKNOWN_CHECK, "")
              .subject("checks." + o.checkId())
              .message(
                  "unknown check id `"
                      + o.checkId()
                      + "` in checks:"
                      + (suggestion == null ? "" : ", did you mean `" + suggestion + "`?"))
              .actual(o.checkId())
              .expected(suggestion)
              .remediation(
                  suggestion == null
                      ? "use a check id listed in docs/checks.md, or remove the entry"
                      : "write `" + suggestion + ": " + o.severity().label() + "`")
              .location(o.position())
              .build());
    }
    return out;
  }

  /** Configures an {@link Engine}; every setting has a default. */
  public static final class Builder {
    private List<ProtocolModule> modules = ProtocolModules.all();
    private RunOptions options = RunOptions.defaults();
    private FailPolicy failPolicy = FailPolicy.defaults();
    private Clock clock = Clock.systemUTC();
    private ProgressListener progress = ProgressListener.NONE;
    private ToolInfo tool;
    private LongSupplier nanoTime = System::nanoTime;
    private long progressIntervalNanos = ProgressTracker.DEFAULT_INTERVAL_NANOS;

    private Builder() {}

    /** The modules to run; default {@link ProtocolModules#all()}. */
    public Builder modules(List<? extends ProtocolModule> value) {
      this.modules = List.copyOf(value);
      return this;
    }

    public Builder options(RunOptions value) {
      this.options = Objects.requireNonNull(value, "options");
      return this;
    }

    public Builder failPolicy(FailPolicy value) {
      this.failPolicy = Objects.requireNonNull(value, "failPolicy");
      return this;
    }

    public Builder clock(Clock value) {
      this.clock = Objects.requireNonNull(value, "clock");
      return this;
    }

    public Builder progress(ProgressListener value) {
      this.progress = Objects.requireNonNull(value, "progress");
      return this;
    }

    /** The tool named in reports; default {@link ToolInfo#current()}. */
    public Builder tool(ToolInfo value) {
      this.tool = Objects.requireNonNull(value, "tool");
      return this;
    }

    Builder nanoTime(LongSupplier value, long intervalNanos) {
      this.nanoTime = value;
      this.progressIntervalNanos = intervalNanos;
      return this;
    }

    /**
     * Builds the engine.
     *
     * @throws IllegalStateException when two checks share an id
     */
    public Engine build() {
      return new Engine(this);
    }
  }
}
