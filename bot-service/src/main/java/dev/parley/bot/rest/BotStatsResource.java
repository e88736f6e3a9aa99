package dev.parley.bot.rest;

import dev.parley.bot.service.bots.BotStatsService;
import dev.parley.platform.paging.Envelope;
import dev.parley.platform.rest.RequestValues;
import dev.parley.platform.security.Scopes;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

@Path("/v1/bots/{id}/stats")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Bots")
public class BotStatsResource {

    private final BotStatsService stats;

    public BotStatsResource(BotStatsService stats) {
        this.stats = stats;
    }

    @GET
    @RolesAllowed(Scopes.BOTS_READ)
    @Operation(summary = "Bot statistics", description = "`period`: 1h, 24h (default), 7d or 30d. Conversations, "
            + "messages, performance, LLM usage and cost, top intents and handoff reasons, from the conversation and "
            + "usage events of the period.")
    public Envelope.Single<Envelope.Resource<BotStatsService.Stats>> get(@RestPath String id, @RestQuery String period) {
        BotStatsService.Period chosen = RequestValues.optionalEnum(BotStatsService.Period.class, "period", period);
        return Envelope.one(id, "bot_stats", stats.stats(id, chosen == null ? BotStatsService.Period.DAY : chosen));
    }
}
