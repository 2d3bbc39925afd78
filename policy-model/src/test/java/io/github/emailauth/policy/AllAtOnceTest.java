package io.github.emailauth.policy;

import static io.github.emailauth.policy.PolicyTesting.lines;
import static io.github.emailauth.policy.PolicyTesting.problems;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Every mistake in a file is reported in one run, in file order, and only once. */
class AllAtOnceTest {

  static final String BROKEN =
      lines(
          "version: 1", //                                  1
          "chekcs:", //                                     2  unknown key
          "  DMARC-NO-RUF: off",
          "defaults:",
          "  dmarc:", //                                   5  b.example inherits it: no policy
          "    rua: [dmarc@example.com]", //                6  no mailto:
          "domains:",
          "  a.example:",
          "    dmarc: {policy: rejct}", //                  9  policy word
          "    mx: [10 192.0.2.1]", //                     10  MX IP
          "  b.example:",
          "    spf: {all: pass}", //                       12  pass refused
          "    mtaSts: {mode: enforce, mx: [mx1.example.com], maxAge: -1}", // 13
          "  exa mple.org:", //                            14  bad domain
          "    tlsRpt: {rua: [http://x.example/]}"); //     15  not reached: domain skipped

  @Test
  void reportsEveryProblemInFileOrder() {
    List<PolicyProblem> problems = problems(BROKEN);
    List<String> where =
        problems.stream().map(p -> p.position().line() + ":" + p.position().column()).toList();
    assertEquals(
        List.of("2:1", "5:3", "6:11", "9:21", "10:10", "12:16", "13:60", "14:3"),
        where,
        problems.toString());
  }

  @Test
  void aMistakeInDefaultsIsReportedOnceNotOncePerDomain() {
    List<PolicyProblem> problems = problems(BROKEN);
    assertEquals(
        1, problems.stream().filter(p -> p.position().line() == 6).count(), problems.toString());
  }

  @Test
  void exceptionMessageListsThemAll() {
    PolicyException e =
        assertThrows(
            PolicyException.class,
            () -> PolicyLoader.parse(BROKEN, "policy.yaml", PolicyTesting.FILES));
    String message = e.getMessage();
    assertTrue(message.startsWith("8 problems in the policy file:\n"), message);
    assertTrue(
        message.contains(
            "  policy.yaml:9:21: unknown DMARC policy `rejct` (did you mean `reject`? (one of none,"
                + " quarantine, reject))"),
        message);
    assertTrue(
        message.contains(
            "  policy.yaml:2:1: unknown key `chekcs` at the top level (did you mean `checks`?)"),
        message);
  }
}
