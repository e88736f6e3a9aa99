package dev.parley.bot.service.validation;

import dev.parley.events.bot.TransferConfig;
import dev.parley.platform.id.Ids;
import dev.parley.platform.problem.FieldChecks;
import java.util.Map;

/**
 * A handoff's {@code transferConfig}, as keyword rules and flow steps carry it. Its form is checked here; whether its
 * team is the tenant's is routing-service's to say ({@link TransferTargets}), once the form is right.
 */
public final class TransferChecks {

    /** {@code teams}: collects the field path of a well-formed {@code teamId} and the id, for {@link TransferTargets}. */
    public static void check(String field, TransferConfig transfer, FieldChecks checks, Map<String, String> teams) {
        if (transfer == null) {
            return;
        }
        if (transfer.teamId() != null) {
            if (Ids.looksLike("team", transfer.teamId())) {
                teams.put(field + ".teamId", transfer.teamId());
            } else {
                checks.add(field + ".teamId", "must be a team id (team_...); leave it out for the general queue");
            }
        }
        checks.template(field + ".notes", transfer.notes(), 2000);
    }

    private TransferChecks() {
    }
}
