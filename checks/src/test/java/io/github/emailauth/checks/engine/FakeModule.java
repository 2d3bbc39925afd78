package io.github.emailauth.checks.engine;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * A protocol module whose behaviour a test writes as lambdas: the engine is not a protocol, so its
 * tests drive it with modules that do exactly what the test needs (throw, be slow, finish out of
 * order).
 */
public final class FakeModule implements ProtocolModule {
  private final Protocol protocol;
  private final List<? extends CheckDefinition> checks;
  private Function<DomainContext, List<Finding>> lint = ctx -> List.of();
  private Function<DomainContext, CompletableFuture<List<Finding>>> verify =
      ctx -> CompletableFuture.completedFuture(List.of());
  private Function<DomainContext, CompletableFuture<Artifacts>> generate =
      ctx -> CompletableFuture.completedFuture(Artifacts.EMPTY);

  public FakeModule(Protocol protocol, List<? extends CheckDefinition> checks) {
    this.protocol = protocol;
    this.checks = checks;
  }

  public static FakeModule dmarc() {
    return new FakeModule(
        Protocol.DMARC,
        List.of(
            TestCheck.DMARC_DRIFT,
            TestCheck.DMARC_WEAK,
            TestCheck.DMARC_NOTE,
            TestCheck.DMARC_DNS));
  }

  public static FakeModule mx() {
    return new FakeModule(Protocol.MX, List.of(TestCheck.MX_DRIFT, TestCheck.MX_LINT));
  }

  public FakeModule onLint(Function<DomainContext, List<Finding>> f) {
    this.lint = f;
    return this;
  }

  public FakeModule onVerify(Function<DomainContext, CompletableFuture<List<Finding>>> f) {
    this.verify = f;
    return this;
  }

  public FakeModule onGenerate(Function<DomainContext, CompletableFuture<Artifacts>> f) {
    this.generate = f;
    return this;
  }

  @Override
  public Protocol protocol() {
    return protocol;
  }

  @Override
  public List<? extends CheckDefinition> checks() {
    return checks;
  }

  @Override
  public List<Finding> lint(DomainContext domain) {
    return lint.apply(domain);
  }

  @Override
  public CompletableFuture<List<Finding>> verify(DomainContext domain) {
    return verify.apply(domain);
  }

  @Override
  public CompletableFuture<Artifacts> generate(DomainContext domain) {
    return generate.apply(domain);
  }
}
