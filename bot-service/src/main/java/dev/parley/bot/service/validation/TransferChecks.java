package dev.parley.bot.service.validation;

import dev.parley.events.bot.TransferConfig;
import dev.parley.platform.id.Ids;
import dev.parley.platform.problem.FieldChecks;

/** A handoff's {@code transferConfig}, as keyword rules and flow steps carry it. */
public final class TransferChecks {

    public static void check(String field, TransferConfig transfer, FieldChecks checks) {
        if (transfer == null) {
            return;
        }
        if (transfer.teamId() != null && !Ids.looksLike("team", transfer.teamId())) {
            checks.add(field + ".teamId", "must be a team id (team_...); leave it out for the general queue");
        }
        checks.template(field + ".notes", transfer.notes(), 2000);
    }

    private TransferChecks() {
    }
}
