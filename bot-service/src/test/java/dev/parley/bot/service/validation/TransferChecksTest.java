package dev.parley.bot.service.validation;

import static dev.parley.bot.service.validation.ReplyButtonsTest.errors;
import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.events.bot.TransferConfig;
import dev.parley.platform.problem.FieldChecks;
import org.junit.jupiter.api.Test;

class TransferChecksTest {

    @Test
    void aTeamMustBeATeamIdAndNotesATemplate() {
        FieldChecks checks = new FieldChecks();
        TransferChecks.check("response.transferConfig", new TransferConfig("agent_123", "Hi {{name}}"), checks);
        TransferChecks.check("steps[0].transferConfig", new TransferConfig(null, "{{not closed"), checks);
        TransferChecks.check("none", null, checks);

        assertThat(errors(checks)).hasSize(2).first().asString()
                .isEqualTo("response.transferConfig.teamId: must be a team id (team_...); leave it out for the general queue");
        assertThat(errors(checks).get(1))
                .isEqualTo("steps[0].transferConfig.notes: has a {{ placeholder that is not closed with }}");
    }

    @Test
    void theGeneralQueueAndATeamPass() {
        FieldChecks checks = new FieldChecks();
        TransferChecks.check("a", new TransferConfig(null, null), checks);
        TransferChecks.check("b", new TransferConfig("team_0123456789abcdefghijkl", "From {{name}}"), checks);
        assertThat(errors(checks)).isEmpty();
    }
}
