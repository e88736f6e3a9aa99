package dev.parley.bot.service.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.platform.problem.FieldChecks;
import dev.parley.platform.problem.FieldError;
import dev.parley.platform.problem.ProblemException;
import org.junit.jupiter.api.Test;

class SafeRegexTest {

    @Test
    void ordinaryKeywordPatternsPass() {
        for (String ok : new String[] {"^order\\s*#?\\d{4,10}$", "(hi|hello|hey)\\b", "refund.*(money|cash)",
                "[a-z0-9._%+-]+@[a-z0-9.-]+\\.[a-z]{2,}", "track(ing)? (my )?order", "\\bprice\\b", "(?i)ol[áa]"}) {
            assertThat(SafeRegex.refusal(ok)).as(ok).isEmpty();
        }
    }

    @Test
    void invalidPatternsAreRefusedWithTheReason() {
        assertThat(SafeRegex.refusal("([a-z")).get().asString().contains("not a valid regular expression");
        assertThat(SafeRegex.refusal("a".repeat(SafeRegex.MAX_LENGTH + 1))).get().asString().contains("longer than");
    }

    @Test
    void nestedRepetitionIsRefused() {
        for (String bad : new String[] {"(a+)+", "(a+)+$", "^(\\w*)*@", "((ab)*c+)*x", "(x+x+){2,}y", "(?:[a-z]+\\s?)*$"}) {
            assertThat(SafeRegex.refusal(bad)).as(bad).get().asString().contains("nests repetition");
        }
        assertThat(SafeRegex.nestsRepetition("(a+)?b")).isFalse();
        assertThat(SafeRegex.nestsRepetition("(ab){1}")).isFalse();
        assertThat(SafeRegex.nestsRepetition("[(a+)]+")).isFalse();
        assertThat(SafeRegex.nestsRepetition("\\(a+\\)+")).isFalse();
    }

    @Test
    void patternsThatBacktrackBadlyWithoutNestingAreCaughtByTheProbe() {
        // stacked wildcards: no nested quantifier, still polynomial of high degree (Java memoizes (a|a)*, so that one is fine)
        assertThat(SafeRegex.refusal(".*.*.*.*=x")).as("stacked wildcards").get().asString().contains("backtracks");
        assertThat(SafeRegex.refusal("\\d*\\d*\\d*\\d*z")).as("stacked digits").get().asString().contains("backtracks");
    }

    @Test
    void aRefusedPatternIsAFieldErrorWithTheReason() {
        FieldChecks checks = new FieldChecks();
        SafeRegex.check(checks, "keywords[0]", "(a+)+$");
        SafeRegex.check(checks, "keywords[1]", "([a-z");
        SafeRegex.check(checks, "keywords[2]", "^order\\s*#?\\d{4,10}$");
        SafeRegex.check(checks, "keywords[3]", null);
        assertThatThrownBy(checks::throwIfAny).isInstanceOfSatisfying(ProblemException.class, e -> {
            assertThat(e.toProblem().errors()).extracting(FieldError::field).containsExactly("keywords[0]", "keywords[1]");
            assertThat(e.toProblem().errors()).allSatisfy(error -> assertThat(error.message()).isNotBlank());
        });
    }
}
