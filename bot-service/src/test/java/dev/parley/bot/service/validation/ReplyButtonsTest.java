package dev.parley.bot.service.validation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.events.bot.Button;
import dev.parley.platform.problem.FieldChecks;
import dev.parley.platform.problem.ProblemException;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReplyButtonsTest {

    @Test
    void keepsUniqueClientIdsAndGeneratesTheOthers() {
        List<Button> given = Arrays.asList(new Button("yes", "Yes"), new Button(null, "No"), new Button("yes", "Again"),
                new Button(" ", "Blank"), null);
        List<Button> result = ReplyButtons.withIds(given);

        assertThat(result).hasSize(5);
        assertThat(result.get(0)).isEqualTo(new Button("yes", "Yes"));
        assertThat(result.get(1).id()).startsWith("btn_").hasSize(14);
        assertThat(result.get(2).id()).as("a repeated id is replaced").startsWith("btn_");
        assertThat(result.get(3).id()).startsWith("btn_");
        assertThat(result.get(4)).isNull();
        assertThat(result.subList(0, 4)).extracting(Button::title).containsExactly("Yes", "No", "Again", "Blank");
        assertThat(result.subList(0, 4)).extracting(Button::id).doesNotHaveDuplicates();
        assertThat(ReplyButtons.withIds(null)).isNull();
    }

    @Test
    void checksCountTitlesAndIds() {
        FieldChecks checks = new FieldChecks();
        ReplyButtons.check("buttons", List.of(), true, checks);
        ReplyButtons.check("more", Collections.nCopies(11, new Button(null, "x")), false, checks);
        ReplyButtons.check("titles", List.of(new Button(null, ""), new Button("i".repeat(65), "t".repeat(21))), false, checks);
        ReplyButtons.check("optional", null, false, checks);

        assertThat(errors(checks)).containsExactly(
                "buttons: needs 1 to 10 buttons",
                "more: must have at most 10 buttons (1-3 show as quick replies, 4-10 as a list)",
                "titles[0].title: is required",
                "titles[1].id: must be at most 64 characters",
                "titles[1].title: must be at most 20 characters");
    }

    /** The problems a check collected, as "field: message", in the order the answer lists them. */
    static List<String> errors(FieldChecks checks) {
        try {
            checks.throwIfAny();
            return List.of();
        } catch (ProblemException e) {
            assertThat(e.code()).isEqualTo("VALIDATION_ERROR");
            return e.toProblem().errors().stream().map(error -> error.field() + ": " + error.message()).toList();
        }
    }
}
