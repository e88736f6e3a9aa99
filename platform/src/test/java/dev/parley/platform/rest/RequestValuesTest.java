package dev.parley.platform.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.parley.platform.problem.ProblemException;
import org.junit.jupiter.api.Test;

/** What a request sent, read without quietly changing it. */
class RequestValuesTest {

    @Test
    void blankToNullTrimsWhitespaceOnlyAndLeavesControlCharactersForTheChecks() {
        assertThat(RequestValues.blankToNull(null)).isNull();
        assertThat(RequestValues.blankToNull(" \t\n ")).isNull();
        assertThat(RequestValues.blankToNull("  Sales \t")).isEqualTo("Sales");
        // String.trim() took these away: a NUL must reach PostgreSQL's refusal (INVALID_CHARACTER), not vanish
        assertThat(RequestValues.blankToNull("Sales\u0000")).isEqualTo("Sales\u0000");
        assertThat(RequestValues.blankToNull(" \u0000Sales ")).isEqualTo("\u0000Sales");
        assertThat(RequestValues.blankToNull("\u0001Sales\u0007")).isEqualTo("\u0001Sales\u0007");
    }

    @Test
    void withoutNulRefusesANulAnywhereAsInvalidCharacter() {
        assertThat(RequestValues.withoutNul(null)).isNull();
        assertThat(RequestValues.withoutNul("sk-key")).isEqualTo("sk-key");
        for (String value : new String[] {"\u0000sk-key", "sk-\u0000key", "sk-key\u0000"}) {
            ProblemException problem = catchThrowableOfType(ProblemException.class, () -> RequestValues.withoutNul(value));
            assertThat(problem.status()).isEqualTo(400);
            assertThat(problem.toProblem().code()).isEqualTo("INVALID_CHARACTER");
        }
    }
}
