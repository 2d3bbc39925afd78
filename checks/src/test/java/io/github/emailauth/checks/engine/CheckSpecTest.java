package io.github.emailauth.checks.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.emailauth.policy.CheckOverride;
import io.github.emailauth.policy.Policy;
import io.github.emailauth.policy.SourcePosition;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CheckSpecTest {
  @ParameterizedTest
  @ValueSource(
      strings = {"dmarc-drift", "DMARC", "DMARC_DRIFT", "-DMARC", "DMARC-", "DMARC--X", ""})
  void idsAreUpperCaseWordsJoinedByDashes(String id) {
    assertThrows(
        IllegalArgumentException.class,
        () -> new CheckSpec(id, Protocol.DMARC, Kind.DRIFT, Severity.ERROR, "t"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"DMARC-DRIFT", "SPF-LOOKUP-LIMIT", "DKIM-KEY-1024"})
  void aSpecIsItsOwnDefinition(String id) {
    CheckSpec spec = new CheckSpec(id, Protocol.SPF, Kind.WEAK, Severity.NOTICE, "title");
    assertSame(spec, spec.spec());
    CheckDefinition viaEnum = TestCheck.MX_LINT;
    assertEquals(viaEnum.spec().id(), viaEnum.id());
    assertEquals(Protocol.MX, viaEnum.protocol());
  }

  @Test
  void aCheckIsEnabledUnlessThePolicySwitchesItOff() {
    SourcePosition at = new SourcePosition("p.yaml", 3, 3);
    Policy off =
        new Policy(
            Path.of("p.yaml"),
            1,
            Map.of(),
            Map.of(),
            Map.of(
                "TEST-MX-LINT",
                new CheckOverride("TEST-MX-LINT", io.github.emailauth.policy.Severity.OFF, at),
                "TEST-MX-DRIFT",
                new CheckOverride(
                    "TEST-MX-DRIFT", io.github.emailauth.policy.Severity.WARNING, at)));
    DomainContext ctx = new DomainContext(off, null, null, RunOptions.defaults(), null);
    assertFalse(ctx.enabled(TestCheck.MX_LINT));
    assertTrue(ctx.enabled(TestCheck.MX_DRIFT));
    assertTrue(ctx.enabled(TestCheck.DMARC_DRIFT));
    assertTrue(
        new DomainContext(null, null, null, RunOptions.defaults(), null)
            .enabled(TestCheck.MX_LINT));
  }
}
