package dev.parley.bot.service.validation;

import dev.parley.bot.client.RoutingServiceClient;
import dev.parley.platform.problem.FieldError;
import dev.parley.platform.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The teams a bot's keyword rules and flow steps hand conversations to. routing-service owns them and is asked whether
 * they are the tenant's (another tenant's and an unknown id are the same no); routing-service unreachable is its
 * client's 503 {@code ROUTING_SERVICE_UNAVAILABLE}, before anything is changed.
 */
@ApplicationScoped
public class TransferTargets {

    private final RoutingServiceClient routing;

    public TransferTargets(RoutingServiceClient routing) {
        this.routing = routing;
    }

    /**
     * {@code teams}: field path to team id (as {@link TransferChecks} collects them). 404 {@code TEAM_NOT_FOUND} naming
     * every field whose team is not the tenant's, as routing-service's {@code POST /v1/transfers} refuses one.
     */
    public void requireTeams(String tenantId, Map<String, String> teams) {
        if (teams.isEmpty()) {
            return;
        }
        Map<String, Boolean> known = new HashMap<>();
        List<FieldError> missing = new ArrayList<>();
        teams.forEach((field, id) -> {
            if (!known.computeIfAbsent(id, team -> routing.teamExists(tenantId, team))) {
                missing.add(new FieldError(field, "team " + id + " does not exist"));
            }
        });
        if (!missing.isEmpty()) {
            throw new ProblemException(404, "TEAM_NOT_FOUND", "Not found", "The request references teams that do not exist: "
                    + missing.stream().map(FieldError::message).collect(Collectors.joining("; ")) + ".", missing, Map.of());
        }
    }
}
