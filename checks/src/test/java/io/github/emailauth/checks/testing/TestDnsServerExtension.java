package io.github.emailauth.checks.testing;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives each test its own {@link TestDnsServer} as a parameter, started before and closed after the
 * test. A {@code @BeforeEach} method of the same test receives the same instance, so data can be
 * loaded there.
 *
 * <pre>{@code
 * @ExtendWith(TestDnsServerExtension.class)
 * class DmarcCheckTest {
 *   @Test
 *   void publishedRecordMatches(TestDnsServer dns) { ... }
 * }
 * }</pre>
 */
public final class TestDnsServerExtension implements ParameterResolver {
  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(TestDnsServerExtension.class);

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == TestDnsServer.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    // The store closes AutoCloseable values when the test's context ends (JUnit 5.13+).
    return context
        .getStore(NAMESPACE)
        .getOrComputeIfAbsent("server", key -> TestDnsServer.startUnchecked(), TestDnsServer.class);
  }
}
