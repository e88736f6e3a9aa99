package dev.parley.bot.rest;

import dev.parley.bot.BotKeywordRule;
import dev.parley.bot.service.parts.KeywordRuleService;
import dev.parley.events.bot.KeywordRule;
import dev.parley.platform.idempotency.IdempotentCreation;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/v1/bots/{botId}/keyword-rules")
@Produces(MediaType.APPLICATION_JSON)
// the scanner does not see the roles of the methods inherited from BotPartResource: say they need a credential
@SecurityRequirement(name = "SecurityScheme")
@Tag(name = "Keyword rules", description = "A bot's keyword rules. `matchType` exact, contains (default), starts_with or "
        + "regex (compiled and checked for catastrophic backtracking); `response` a text, buttons, a flow to start or a "
        + "transfer. The seed's flat `response_type` + `response` text is accepted too. A transfer's "
        + "`transferConfig.teamId` must be a team of the tenant (routing-service's): otherwise a 404 `TEAM_NOT_FOUND` "
        + "naming the field, or 503 `ROUTING_SERVICE_UNAVAILABLE` with `Retry-After` when routing-service cannot be asked.")
public class KeywordRuleResource extends BotPartResource<BotKeywordRule, KeywordRule, KeywordRuleAttributes> {

    public KeywordRuleResource(KeywordRuleService rules, IdempotentCreation idempotency) {
        super(rules, idempotency, "keyword-rules", "keywordRuleOf", KeywordRuleAttributes.TYPE, KeywordRuleAttributes::of);
    }
}
