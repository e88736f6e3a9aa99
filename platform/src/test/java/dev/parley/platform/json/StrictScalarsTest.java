package dev.parley.platform.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parley.platform.problem.FieldError;
import dev.parley.platform.problem.JsonProblems;
import dev.parley.platform.problem.ProblemException;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

/** Request bodies are read by the services' mapper: a value of the wrong type is a problem naming its field. */
class StrictScalarsTest {

    record Feedback(String comment, Integer rating, Boolean enabled, Double temperature, BigDecimal cost) {
    }

    private final ObjectMapper json = mapper();

    @Test
    void aNumberOrABooleanIsNotText() {
        assertThat(problem("{\"comment\": 123}")).containsExactly(new FieldError("comment", "must be a string"));
        assertThat(problem("{\"comment\": true}")).containsExactly(new FieldError("comment", "must be a string"));
        assertThat(problem("{\"comment\": 1.5}")).containsExactly(new FieldError("comment", "must be a string"));
    }

    @Test
    void textOrAFractionIsNotAnInteger() {
        assertThat(problem("{\"rating\": \"5\"}")).containsExactly(new FieldError("rating", "must be an integer"));
        assertThat(problem("{\"rating\": 4.5}")).containsExactly(new FieldError("rating", "must be an integer"));
    }

    @Test
    void textIsNotABooleanNorADecimal() {
        assertThat(problem("{\"enabled\": \"yes\"}")).containsExactly(new FieldError("enabled", "must be a boolean"));
        assertThat(problem("{\"enabled\": 1}")).containsExactly(new FieldError("enabled", "must be a boolean"));
        assertThat(problem("{\"temperature\": \"0.5\"}")).containsExactly(new FieldError("temperature", "must be a number"));
    }

    @Test
    void valuesOfTheirOwnTypeAndWholeNumbersForDecimalsPass() throws Exception {
        Feedback read = json.readValue("""
                {"comment": "fine", "rating": 5, "enabled": true, "temperature": 1, "cost": 2}""", Feedback.class);

        assertThat(read).isEqualTo(new Feedback("fine", 5, true, 1.0, new BigDecimal("2")));
    }

    private java.util.List<FieldError> problem(String body) {
        JsonProcessingException e = catchThrowableOfType(JsonProcessingException.class,
                () -> json.readValue(body, Feedback.class));
        assertThat(e).as("refused: " + body).isNotNull();
        ProblemException problem = JsonProblems.of(e);
        assertThat(problem.code()).isEqualTo("VALIDATION_ERROR");
        return problem.toProblem().errors();
    }

    private static ObjectMapper mapper() {
        ObjectMapper mapper = new ObjectMapper();
        new StrictScalars().customize(mapper);
        return mapper;
    }
}
