package dev.parley.bot.rest;

import dev.parley.bot.BotAiContext;
import dev.parley.bot.service.parts.AiContextService;
import dev.parley.events.bot.AiContext;
import dev.parley.platform.idempotency.IdempotentCreation;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/v1/bots/{botId}/ai-contexts")
@Produces(MediaType.APPLICATION_JSON)
// the scanner does not see the roles of the methods inherited from BotPartResource: say they need a credential
@SecurityRequirement(name = "SecurityScheme")
@Tag(name = "AI contexts", description = "A bot's AI contexts. `contextType` static (`content`) or api (`apiFetch`, whose "
        + "URL must pass the outbound guard); `triggerKeywords` select when it applies.")
public class AiContextResource extends BotPartResource<BotAiContext, AiContext, AiContextAttributes> {

    public AiContextResource(AiContextService contexts, IdempotentCreation idempotency) {
        super(contexts, idempotency, "ai-contexts", "aiContextOf", AiContextAttributes.TYPE, AiContextAttributes::of);
    }
}
