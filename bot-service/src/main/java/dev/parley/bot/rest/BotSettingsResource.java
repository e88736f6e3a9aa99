package dev.parley.bot.rest;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.bot.service.bots.BotSettings;
import dev.parley.platform.paging.Envelope;
import dev.parley.platform.rest.AcceptsSnakeCase;
import dev.parley.platform.rest.RequestValues;
import dev.parley.platform.security.Scopes;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestPath;

/** Whatomate's chatbot settings, per bot. */
@Path("/v1/bots/{id}/settings")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Bots")
@AcceptsSnakeCase
public class BotSettingsResource {

    static final String TYPE = "bot_settings";

    private final BotSettings settings;

    public BotSettingsResource(BotSettings settings) {
        this.settings = settings;
    }

    @GET
    @RolesAllowed(Scopes.BOTS_READ)
    @Operation(summary = "Get the bot's chatbot settings", description = "Whatomate's settings, read from the bot: "
            + "`chatbotEnabled` is its status, `aiEnabled`/`aiProvider`/`aiModel` its provider (`none`: no AI) and model, "
            + "`aiTemperature`/`aiMaxTokens`/`systemPrompt` its `config`, greeting, fallback, transfer keywords, business "
            + "hours and offline message its `behaviors`.")
    public Envelope.Single<Envelope.Resource<BotSettings.Settings>> get(@RestPath String id) {
        return Envelope.one(id, TYPE, settings.get(id));
    }

    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Scopes.BOTS_WRITE)
    @Operation(summary = "Change the bot's chatbot settings", description = "The seed's body (snake_case accepted); "
            + "settings left out stay as they are. Written to the bot itself (validated and published like a PATCH); "
            + "`chatbotEnabled` activates or deactivates it; `aiEnabled: false` sets its provider to `none`.")
    public Envelope.Single<Envelope.Resource<BotSettings.Settings>> put(@RestPath String id, ObjectNode body) {
        return Envelope.one(id, TYPE, settings.update(id, RequestValues.requiredBody(body)));
    }
}
