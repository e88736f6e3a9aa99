package dev.parley.platform.problem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The one collector of request problems: every problem of a document in one VALIDATION_ERROR, sorted by field. */
class FieldChecksTest {

    static List<FieldError> errors(FieldChecks checks) {
        try {
            checks.throwIfAny();
        } catch (ProblemException e) {
            assertThat(e.status()).isEqualTo(400);
            assertThat(e.code()).isEqualTo("VALIDATION_ERROR");
            return e.toProblem().errors();
        }
        return List.of();
    }

    @Test
    void everyProblemIsListedOnceSortedByField() {
        FieldChecks checks = new FieldChecks();
        checks.maxLength("response.text", "x".repeat(11), 10);
        checks.required("keywords", List.of());
        checks.range("priority", 11, 0, 10);
        checks.required("name", "  ");

        assertThat(errors(checks)).containsExactly(
                new FieldError("keywords", "is required"),
                new FieldError("name", "is required"),
                new FieldError("priority", "must be between 0 and 10"),
                new FieldError("response.text", "must be at most 10 characters"));
    }

    @Test
    void nothingWrongMeansNoProblem() {
        FieldChecks checks = new FieldChecks();
        assertThat(checks.required("name", "Hours")).isTrue();
        checks.maxLength("name", "x".repeat(10), 10);
        checks.range("priority", 10, 0, 10);
        checks.range("priority", null, 0, 10);
        checks.maxItems("keywords", List.of("a", "b"), 2);
        checks.phrases("keywords", List.of("opening hours", "when"), 2);
        checks.template("text", "Hello {{name}}, your order {{ order.id }} is on its way.", 100);
        checks.throwIfAny();
    }

    @Test
    void phrasesNameTheBadItemByItsIndex() {
        FieldChecks checks = new FieldChecks();
        checks.phrases("keywords", Arrays.asList("hours", " ", null, "x".repeat(201)), 100);
        assertThat(errors(checks)).containsExactly(
                new FieldError("keywords[1]", "must not be blank"),
                new FieldError("keywords[2]", "must not be blank"),
                new FieldError("keywords[3]", "must be at most 200 characters"));

        FieldChecks tooMany = new FieldChecks();
        tooMany.phrases("keywords", List.of("a", "b", "c"), 2);
        assertThat(errors(tooMany)).containsExactly(new FieldError("keywords", "must have at most 2 items"));
    }

    @Test
    void placeholdersMustNameAVariableAndBeClosed() {
        FieldChecks bad = new FieldChecks();
        bad.template("text", "Hi {{first name}}!", 100);
        assertThat(errors(bad)).containsExactly(
                new FieldError("text", "has a placeholder {{first name}} that is not a variable name"));

        FieldChecks open = new FieldChecks();
        open.template("text", "Hi {{name}}, see {{link", 100);
        assertThat(errors(open)).containsExactly(new FieldError("text", "has a {{ placeholder that is not closed with }}"));

        FieldChecks empty = new FieldChecks();
        empty.template("text", "Hi {{}}", 100);
        assertThat(errors(empty)).extracting(FieldError::field).containsExactly("text");
    }

    @Test
    void throwIfAnyThrowsOnlyWhenSomethingWasAdded() {
        FieldChecks checks = new FieldChecks();
        checks.throwIfAny();
        checks.add("flowId", "does not exist");
        assertThatThrownBy(checks::throwIfAny).isInstanceOf(ProblemException.class);
    }
}
