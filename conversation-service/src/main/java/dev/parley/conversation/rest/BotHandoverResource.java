package dev.parley.conversation.rest;

import dev.parley.conversation.service.BotDeactivationService;
import dev.parley.platform.security.CurrentCaller;
import dev.parley.platform.security.Scopes;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestPath;

/**
 * Internal: Parley's services only (client-credentials token, realm role {@code service}, acting for the tenant named
 * in {@code X-Parley-Tenant-Id}); outside the public prefixes, so the gateway does not route it.
 */
@Path("/internal/bots/{id}/open-conversations")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Internal")
public class BotHandoverResource {

    public record OpenConversations(String botId, long count) {
    }

    private final BotDeactivationService deactivations;
    private final CurrentCaller caller;

    public BotHandoverResource(BotDeactivationService deactivations, CurrentCaller caller) {
        this.deactivations = deactivations;
        this.caller = caller;
    }

    @GET
    @RolesAllowed(Scopes.SERVICE)
    @Operation(summary = "How many conversations a deactivation of the bot hands over",
            description = "The bot's open and queued conversations now (bot-service answers `conversationsTransferred` with it).")
    public Map<String, OpenConversations> count(@RestPath String id) {
        return Map.of("data", new OpenConversations(id, deactivations.toHandOver(caller.tenantId(), id)));
    }
}
