package io.github.emailauth.checks.spf;

import static io.github.emailauth.checks.testing.Fuzz.HUGE_BUDGET;
import static io.github.emailauth.checks.testing.Fuzz.SMALL_BUDGET;
import static io.github.emailauth.checks.testing.Fuzz.within;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.emailauth.checks.testing.Fuzz;
import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Mutation fuzzing of the SPF record grammar and of macro expansion (docs/fuzzing.md): whatever a
 * TXT record holds, {@link SpfParser} returns {@link SpfParse} (never throws) and the expansion of
 * a parsed macro-string stays bounded.
 */
class SpfFuzzTest {
  private static final List<String> SEEDS =
      List.of(
          "v=spf1 ip4:192.0.2.0/24 ip6:2001:db8::/32 include:_spf.example.com -all",
          "v=spf1 a mx/24//64 a:mail.example.com/28 ptr:example.org ~all",
          "v=spf1 exists:%{ir}.%{l1r+-}._spf.%{d} redirect=_spf.example.net",
          "v=spf1 include:%{d2}.x.%{h}.%{o} exp=explain.%{d} ?all",
          "v=spf1 -ip4:10.0.0.1 +mx:%{d}/0//0 unknown-mod=%{s}%%%_%- all",
          "v=spf1 exists:%{i}.%{c}.%{p}.%{v}.%{r}.%{t}.%{S10r.-+,/_=}.example",
          "v=spf1");

  private static final MacroExpander.Values VALUES;

  static {
    try {
      VALUES =
          new MacroExpander.Values(
              "strong-bad@email.example.com",
              "email.example.com",
              InetAddress.getByName("2001:db8::cb01"),
              "mx.example.org",
              "mx.example.org",
              "receiver.example",
              1_700_000_000L);
    } catch (java.net.UnknownHostException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  @Test
  void mutatedRecordsParseOrAreInvalidAndExpandBounded() {
    Fuzz fuzz = new Fuzz("spf");
    int parsed = 0;
    int invalid = 0;
    int n = Fuzz.iterations(20_000);
    for (int i = 0; i < n; i++) {
      String input = fuzz.mutate(fuzz.pick(SEEDS), SEEDS);
      SpfParse result = within(SMALL_BUDGET, input, () -> parseAndExpand(input));
      assertNotNull(result);
      if (result instanceof SpfParse.Parsed) {
        parsed++;
      } else {
        invalid++;
      }
      String explanation = input.substring(Math.min(7, input.length()));
      assertNotNull(within(SMALL_BUDGET, explanation, () -> explain(explanation)));
    }
    // both outcomes, or the mutation is not exercising the grammar
    assertTrue(parsed > n / 20 && invalid > n / 20, "parsed " + parsed + ", invalid " + invalid);
  }

  @Test
  void hugeRecordsStayLinear() {
    // Megabytes of terms, of one term, of one macro, of escapes: far past what DNS can carry
    // (a TXT RRset fits in 64 KB), so each must finish in time linear in its size.
    List<String> huge =
        List.of(
            Fuzz.huge("v=spf1", " ip4:192.0.2.1", 2_000_000),
            Fuzz.huge("v=spf1 include:", "a.", 2_000_000),
            Fuzz.huge("v=spf1 exists:", "%{d}", 2_000_000),
            Fuzz.huge("v=spf1 exists:x", "%%%_%-", 2_000_000),
            Fuzz.huge("v=spf1 exists:%{l", "9", 2_000_000),
            Fuzz.huge("v=spf1 exists:%{d1r", ".-+,/_=", 2_000_000),
            Fuzz.huge("v=spf1 ", " ", 2_000_000),
            Fuzz.huge("v=spf1 a/", "9", 2_000_000),
            Fuzz.huge("v=spf1 ip6:", "::", 2_000_000),
            Fuzz.huge("v=spf1 ", "x=", 2_000_000));
    for (String input : huge) {
      assertNotNull(within(HUGE_BUDGET, input, () -> parseAndExpand(input)));
      assertNotNull(within(HUGE_BUDGET, input, () -> explain(input)));
    }
  }

  private static SpfParse parseAndExpand(String input) {
    SpfParse result = SpfParser.parse(input);
    if (result instanceof SpfParse.Parsed p) {
      for (SpfTerm term : p.record().terms()) {
        if (term instanceof SpfTerm.UnknownModifier u) {
          MacroExpander.expand(u.value(), VALUES);
          continue;
        }
        for (MacroString ms : macroStrings(term)) {
          String d = MacroExpander.expandDomain(ms, VALUES);
          // §7.3: a domain for a query is cut to 253 characters however long the expansion
          assertTrue(
              d.length() <= 253 || d.indexOf('.') < 0,
              () -> d.length() + " chars from " + Fuzz.show(input));
        }
      }
    }
    return result;
  }

  private static SpfParser.ExplanationParse explain(String input) {
    SpfParser.ExplanationParse result = SpfParser.parseExplanation(input);
    if (result instanceof SpfParser.ExplanationParse.Parsed p) {
      MacroExpander.expand(p.text(), VALUES);
    }
    return result;
  }

  private static List<MacroString> macroStrings(SpfTerm term) {
    java.util.ArrayList<MacroString> out = new java.util.ArrayList<>();
    for (var component : term.getClass().getRecordComponents()) {
      if (component.getType() == MacroString.class) {
        try {
          Object value = component.getAccessor().invoke(term);
          if (value != null) {
            out.add((MacroString) value);
          }
        } catch (ReflectiveOperationException e) {
          throw new AssertionError(e);
        }
      }
    }
    return out;
  }
}
