package dev.parley.bot.service.validation;

import static dev.parley.bot.service.validation.ReplyButtonsTest.errors;
import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.events.bot.TransferConfig;
import dev.parley.platform.problem.FieldChecks;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TransferChecksTest {

    @Test
    void aTeamMustBeATeamIdAndNotesATemplate() {
        FieldChecks checks = new FieldChecks();
        Map<String, String> teams = new LinkedHashMap<>();
        TransferChecks.check("response.transferConfig", new TransferConfig("agent_123", "Hi {{name}}"), checks, teams);
        TransferChecks.check("steps[0].transferConfig", new TransferConfig(null, "{{not closed"), checks, teams);
        TransferChecks.check("none", null, checks, teams);

        assertThat(errors(checks)).hasSize(2).first().asString()
                .isEqualTo("response.transferConfig.teamId: must be a team id (team_...); leave it out for the general queue");
        assertThat(errors(checks).get(1))
                .isEqualTo("steps[0].transferConfig.notes: has a {{ placeholder that is not closed with }}");
        // nothing to ask routing-service about: the malformed team is refused by its form alone
        assertThat(teams).isEmpty();
    }

    @Test
    void theGeneralQueueAndATeamPassTheTeamToBeAskedAbout() {
        FieldChecks checks = new FieldChecks();
        Map<String, String> teams = new LinkedHashMap<>();
        TransferChecks.check("a", new TransferConfig(null, null), checks, teams);
        TransferChecks.check("b", new TransferConfig("team_0123456789abcdefghijkl", "From {{name}}"), checks, teams);
        assertThat(errors(checks)).isEmpty();
        assertThat(teams).containsExactly(Map.entry("b.teamId", "team_0123456789abcdefghijkl"));
    }
}
