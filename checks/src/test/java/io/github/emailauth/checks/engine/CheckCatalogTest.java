package io.github.emailauth.checks.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CheckCatalogTest {
  private final CheckCatalog catalog =
      CheckCatalog.of(List.of(FakeModule.dmarc(), FakeModule.mx()));

  @Test
  void holdsTheEngineChecksAndEveryModulesChecksSortedById() {
    List<String> ids = catalog.all().stream().map(CheckDefinition::id).toList();
    assertTrue(ids.containsAll(List.of("ENGINE-CHECK-FAILED", "POLICY-UNKNOWN-CHECK")));
    assertTrue(ids.containsAll(List.of("TEST-DMARC-DRIFT", "TEST-MX-LINT")));
    assertEquals(ids.stream().sorted().toList(), ids);
    assertEquals(Optional.of(TestCheck.MX_LINT), catalog.find("TEST-MX-LINT"));
  }

  @Test
  void theDefaultCatalogueHasTheEngineChecks() {
    assertTrue(CheckCatalog.standard().contains("ENGINE-CHECK-FAILED"));
  }

  @Test
  void aModuleListedTwiceIsFineButTwoDefinitionsOfOneIdAreNot() {
    assertEquals(
        catalog.all().size(),
        CheckCatalog.of(List.of(FakeModule.dmarc(), FakeModule.mx(), FakeModule.mx()))
            .all()
            .size());
    FakeModule engineClash =
        new FakeModule(
            Protocol.DNS,
            List.of(
                new CheckSpec(
                    "ENGINE-CHECK-FAILED", Protocol.DNS, Kind.INVALID, Severity.ERROR, "clash")));
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> CheckCatalog.of(List.of(engineClash)));
    assertTrue(e.getMessage().contains("ENGINE-CHECK-FAILED is declared twice"), e.getMessage());
  }

  @Test
  void suggestsTheClosestIdIgnoringCaseButNotForWildGuesses() {
    assertEquals(Optional.of("TEST-MX-LINT"), catalog.suggest("test-mx-lnt"));
    assertEquals(Optional.of("TEST-DMARC-DRIFT"), catalog.suggest("TEST-DMARC-DRIF"));
    assertEquals(Optional.empty(), catalog.suggest("SPF-LOOKUP-LIMIT"));
  }

  @Test
  void editDistance() {
    assertEquals(0, CheckCatalog.editDistance("ABC", "ABC"));
    assertEquals(1, CheckCatalog.editDistance("ABC", "ABD"));
    assertEquals(1, CheckCatalog.editDistance("ABC", "AC"));
    assertEquals(3, CheckCatalog.editDistance("", "ABC"));
    assertEquals(3, CheckCatalog.editDistance("KITTEN", "SITTING"));
  }
}
