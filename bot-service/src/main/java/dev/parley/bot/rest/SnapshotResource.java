package dev.parley.bot.rest;

import dev.parley.bot.service.parts.BotChanges;
import dev.parley.bot.service.parts.SnapshotCatchUp;
import dev.parley.events.bot.BotSnapshot;
import dev.parley.platform.security.Scopes;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestPath;

/**
 * Internal: Parley's services only (Keycloak client-credentials token with the realm role {@code service}); outside
 * the public prefixes, so the gateway does not route it.
 */
@Path("/internal/snapshots")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Internal")
@RolesAllowed(Scopes.SERVICE)
public class SnapshotResource {

    private final SnapshotCatchUp catchUp;

    public SnapshotResource(SnapshotCatchUp catchUp) {
        this.catchUp = catchUp;
    }

    @GET
    @Path("/bots/{id}")
    @Operation(summary = "A bot's current snapshot", description = "What parley.bot-config carries for the bot, as it "
            + "stands now (conversation-service catching up before the event arrives).")
    public BotSnapshot bot(@RestPath String id) {
        return catchUp.ofBot(id).orElseThrow(() -> BotChanges.botNotFound(id));
    }

    @GET
    @Path("/channels/{id}")
    @Operation(summary = "The current snapshot of the bot a channel serves", description = "404 CHANNEL_NOT_FOUND: no "
            + "such channel; 409 CHANNEL_NOT_BOUND: the channel exists and serves no bot (never bound, unbound, or its "
            + "bot deleted).")
    public BotSnapshot channel(@RestPath String id) {
        return catchUp.ofChannel(id);
    }
}
