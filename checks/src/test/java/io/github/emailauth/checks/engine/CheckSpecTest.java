package io.github.emailauth.checks.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

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
}
