package dev.parley.platform.paging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.parley.platform.problem.FieldError;
import dev.parley.platform.problem.ProblemException;
import org.junit.jupiter.api.Test;

/** The query's page and page size, checked before any query skips rows. */
class PageRequestTest {

    @Test
    void aPageBeyondWhatAQueryCanSkipIsAValidationErrorNotANegativeOffset() {
        ProblemException problem = catchThrowableOfType(ProblemException.class,
                () -> PageRequest.of("2147483647", "100", null));

        assertThat(problem.status()).isEqualTo(400);
        assertThat(problem.toProblem().errors())
                .containsExactly(new FieldError("page", "must be between 1 and 21474836 with 100 per page"));
    }

    @Test
    void theLastPageAQueryCanTakeStartsWithinAnInt() {
        PageRequest last = PageRequest.of("21474836", "100", null);

        assertThat(last.offset()).isEqualTo(2_147_483_500).isPositive();
        assertThat(PageRequest.of("107374182", null, null).offset()).isEqualTo(2_147_483_620); // 20 per page
    }

    @Test
    void defaultsAndTheSnakeCaseSize() {
        assertThat(PageRequest.of(null, null, null)).isEqualTo(new PageRequest(1, 20));
        assertThat(PageRequest.of("3", null, "50").offset()).isEqualTo(100);
    }

    @Test
    void spacesAroundANumberAreTrimmedButAControlCharacterMakesItNoNumber() {
        assertThat(PageRequest.of(" 3 ", "50\t", null).offset()).isEqualTo(100);
        for (String page : new String[] {"2\u0000", "\u00002", "2\u0001"}) {
            ProblemException problem = catchThrowableOfType(ProblemException.class, () -> PageRequest.of(page, null, null));
            assertThat(problem.toProblem().errors()).containsExactly(new FieldError("page", "must be an integer"));
        }
    }
}
