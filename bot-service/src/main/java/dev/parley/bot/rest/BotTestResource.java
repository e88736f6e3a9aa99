package dev.parley.bot.rest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.bot.service.bots.BotTester;
import dev.parley.platform.rest.RequestValues;
import dev.parley.platform.security.Scopes;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestPath;

@Path("/v1/bots/{id}/test")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Bots")
public class BotTestResource {

    private final BotTester tester;

    public BotTestResource(BotTester tester) {
        this.tester = tester;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Scopes.BOTS_WRITE)
    @Operation(summary = "Test a bot with a message", description = "A dry run of the bot engine (conversation-service) on "
            + "`message`, with `context.history` (`[{role: user|assistant, content}]`) and `context.metadata`, for the bot as "
            + "it stands now, active or not. Answers `response` {`content`, `confidence` (0–1: 1 for a greeting, flow, keyword "
            + "rule or handoff, the best knowledge-base passage's score for a retrieval answer, 0 for the fallback), `intent`, "
            + "`sources`}, `usage` (tokens), `latency` (seconds), plus every reply in `messages`, the `handoff` it would "
            + "request and whether it would be `queued`. Nothing is stored and no event is sent; AI answers do call the "
            + "gateway and count as usage.")
    public Map<String, JsonNode> test(@RestPath String id, BotTester.TestRequest body) {
        return Map.of("data", tester.test(id, RequestValues.requiredBody(body)));
    }
}
