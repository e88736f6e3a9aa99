package dev.parley.bot.rest;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.bot.BotKeywordRule;
import dev.parley.bot.service.parts.KeywordRuleService;
import dev.parley.platform.idempotency.IdempotentCreation;
import dev.parley.platform.paging.Envelope;
import dev.parley.platform.rest.PageQuery;
import dev.parley.platform.rest.RequestValues;
import dev.parley.platform.security.Scopes;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestResponse;

@Path("/v1/bots/{botId}/keyword-rules")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Keyword rules")
public class KeywordRuleResource {

    private final KeywordRuleService rules;
    private final IdempotentCreation idempotency;

    public KeywordRuleResource(KeywordRuleService rules, IdempotentCreation idempotency) {
        this.rules = rules;
        this.idempotency = idempotency;
    }

    @GET
    @RolesAllowed(Scopes.BOTS_READ)
    @Operation(summary = "List a bot's keyword rules", description = "Highest priority first; paginated.")
    public Envelope.Listing<Envelope.Resource<KeywordRuleAttributes>> list(@RestPath String botId, @BeanParam PageQuery paging) {
        return Envelope.list(rules.list(botId, paging.request()).map(KeywordRuleResource::resource));
    }

    @GET
    @Path("/{id}")
    @RolesAllowed(Scopes.BOTS_READ)
    @Operation(summary = "Get a keyword rule")
    public Envelope.Single<Envelope.Resource<KeywordRuleAttributes>> get(@RestPath String botId, @RestPath String id) {
        return new Envelope.Single<>(resource(rules.get(botId, id)));
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Scopes.BOTS_WRITE)
    @Operation(summary = "Create a keyword rule", description = "`matchType` exact, contains (default), starts_with or "
            + "regex (compiled and checked for catastrophic backtracking); `response` a text, buttons, a flow to start or "
            + "a transfer. The seed's flat `response_type` + `response` text is accepted too. Republishes the bot.")
    public Response create(@RestPath String botId, @RestHeader(IdempotentCreation.HEADER) String idempotencyKey,
            ObjectNode body) {
        ObjectNode request = RequestValues.requiredBody(body);
        return idempotency.create(idempotencyKey, Map.of("keywordRuleOf", botId, "body", request), () -> {
            BotKeywordRule rule = rules.create(botId, request);
            return new IdempotentCreation.Created(URI.create("/v1/bots/" + botId + "/keyword-rules/" + rule.id),
                    new Envelope.Single<>(resource(rule)));
        });
    }

    @PUT
    @Path("/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Scopes.BOTS_WRITE)
    @Operation(summary = "Replace a keyword rule")
    public Envelope.Single<Envelope.Resource<KeywordRuleAttributes>> replace(@RestPath String botId, @RestPath String id,
            ObjectNode body) {
        return new Envelope.Single<>(resource(rules.update(botId, id, RequestValues.requiredBody(body), true)));
    }

    @PATCH
    @Path("/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Scopes.BOTS_WRITE)
    @Operation(summary = "Update a keyword rule", description = "A JSON merge patch.")
    public Envelope.Single<Envelope.Resource<KeywordRuleAttributes>> update(@RestPath String botId, @RestPath String id,
            ObjectNode body) {
        return new Envelope.Single<>(resource(rules.update(botId, id, RequestValues.requiredBody(body), false)));
    }

    @DELETE
    @Path("/{id}")
    @RolesAllowed(Scopes.BOTS_WRITE)
    @Operation(summary = "Delete a keyword rule")
    public RestResponse<Void> delete(@RestPath String botId, @RestPath String id) {
        rules.delete(botId, id);
        return RestResponse.noContent();
    }

    private static Envelope.Resource<KeywordRuleAttributes> resource(BotKeywordRule rule) {
        return new Envelope.Resource<>(rule.id, KeywordRuleAttributes.TYPE, KeywordRuleAttributes.of(rule));
    }
}
