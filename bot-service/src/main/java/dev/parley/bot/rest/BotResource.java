package dev.parley.bot.rest;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.bot.Bot;
import dev.parley.bot.client.ConversationServiceClient;
import dev.parley.bot.repository.BotFilter;
import dev.parley.bot.service.bots.BotOverviews;
import dev.parley.bot.service.bots.BotService;
import dev.parley.bot.service.bots.CreatedBot;
import dev.parley.bot.service.bots.Deactivation;
import dev.parley.events.bot.BotStatus;
import dev.parley.platform.idempotency.IdempotentCreation;
import dev.parley.platform.paging.Envelope;
import dev.parley.platform.paging.Page;
import dev.parley.platform.rest.PageQuery;
import dev.parley.platform.rest.RequestValues;
import dev.parley.platform.security.CurrentCaller;
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
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;
import org.jboss.resteasy.reactive.RestResponse;

@Path("/v1/bots")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Bots")
public class BotResource {

    private final BotService bots;
    private final BotOverviews overviews;
    private final IdempotentCreation idempotency;
    private final ConversationServiceClient conversations;
    private final CurrentCaller caller;

    public BotResource(BotService bots, BotOverviews overviews, IdempotentCreation idempotency,
            ConversationServiceClient conversations, CurrentCaller caller) {
        this.bots = bots;
        this.overviews = overviews;
        this.idempotency = idempotency;
        this.conversations = conversations;
        this.caller = caller;
    }

    @GET
    @RolesAllowed(Scopes.BOTS_READ)
    @Operation(summary = "List bots", description = "Filter by status, provider and a name search; paginated.")
    public Envelope.Listing<Envelope.Resource<BotAttributes>> list(@BeanParam PageQuery paging, @RestQuery String status, @RestQuery String provider,
            @RestQuery String search) {
        BotFilter filter = new BotFilter(RequestValues.optionalEnum(BotStatus.class, "status", status),
                RequestValues.blankToNull(provider), RequestValues.blankToNull(search));
        Page<Bot> page = bots.list(filter, paging.request());
        Map<String, BotOverviews.Overview> shown = overviews.ofList(page.items());
        return Envelope.list(page.map(bot -> new Envelope.Resource<>(bot.id, BotAttributes.TYPE,
                BotAttributes.of(bot, shown.get(bot.id)))));
    }

    @GET
    @Path("/{id}")
    @RolesAllowed(Scopes.BOTS_READ)
    @Operation(summary = "Get a bot")
    public Envelope.Single<Envelope.Resource<BotAttributes>> get(@RestPath String id) {
        return new Envelope.Single<>(resource(bots.get(id)));
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Scopes.BOTS_WRITE)
    @Operation(summary = "Create a bot", description = "Starts inactive. `template` (blank, handoff, example) "
            + "gives a starting configuration the request is merged over; external bots get a signing `secret`, shown once. "
            + "A retry with the same `Idempotency-Key` returns the first answer and creates nothing.")
    @APIResponse(responseCode = "201", description = "Created")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON, examples = @ExampleObject(name = "support bot",
            value = "{\"name\": \"Support Bot\", \"provider\": \"retrieval\", \"model\": \"retrieval\", \"behaviors\": {\"greeting\": {\"enabled\": true, \"message\": \"Hi! How can I help?\"}}}")))
    public Response create(@RestHeader(IdempotentCreation.HEADER) String idempotencyKey, ObjectNode body) {
        ObjectNode request = RequestValues.requiredBody(body);
        return idempotency.create(idempotencyKey, request, () -> {
            CreatedBot created = bots.create(request);
            return new IdempotentCreation.Created(URI.create("/v1/bots/" + created.bot().id), Envelope.one(created.bot().id,
                    BotAttributes.TYPE, BotAttributes.of(created.bot(), overviews.of(created.bot()), created.newSecret(), null)));
        });
    }

    @PATCH
    @Path("/{id}")
    @Consumes({MediaType.APPLICATION_JSON, RequestValues.MERGE_PATCH_JSON})
    @RolesAllowed(Scopes.BOTS_WRITE)
    @Operation(summary = "Update a bot", description = "A JSON merge patch: `config` and `behaviors` merge deeply, null removes.")
    public Envelope.Single<Envelope.Resource<BotAttributes>> update(@RestPath String id, ObjectNode body) {
        CreatedBot updated = bots.update(id, RequestValues.requiredBody(body));
        return Envelope.one(id, BotAttributes.TYPE, BotAttributes.of(updated.bot(), overviews.of(updated.bot()), updated.newSecret(), null));
    }

    @PUT
    @Path("/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Scopes.BOTS_WRITE)
    @Operation(summary = "Replace a bot", description = "The body is the bot's whole definition (as on create, without "
            + "`template`): what it leaves out is removed, `channelIds` included. Attributes the platform decides (`status`, "
            + "`stats`, `createdAt`…) may be sent back as read and are ignored.")
    public Envelope.Single<Envelope.Resource<BotAttributes>> replace(@RestPath String id, ObjectNode body) {
        CreatedBot replaced = bots.replace(id, RequestValues.requiredBody(body));
        return Envelope.one(id, BotAttributes.TYPE, BotAttributes.of(replaced.bot(), overviews.of(replaced.bot()),
                replaced.newSecret(), null));
    }

    @DELETE
    @Path("/{id}")
    @RolesAllowed(Scopes.BOTS_WRITE)
    @Operation(summary = "Delete an inactive bot")
    public RestResponse<Void> delete(@RestPath String id) {
        bots.delete(id);
        return RestResponse.noContent();
    }

    @POST
    @Path("/{id}/activate")
    @RolesAllowed(Scopes.BOTS_WRITE)
    @Operation(summary = "Activate a bot")
    public Envelope.Single<Envelope.Resource<BotAttributes>> activate(@RestPath String id) {
        return new Envelope.Single<>(resource(bots.activate(id)));
    }

    @POST
    @Path("/{id}/deactivate")
    @RolesAllowed(Scopes.BOTS_WRITE)
    @Operation(summary = "Deactivate a bot", description = "Open (and queued) conversations move to `transferTo`: another "
            + "bot of the tenant answers them from then on, an agent or team gets them as transfers (reason "
            + "`bot_deactivated`). `conversationsTransferred` is how many there are as the deactivation is answered; the "
            + "handover itself follows within moments. A `transferTo` that is not another bot, an agent or a team of the "
            + "tenant (unknown, or another tenant's) is a 400 `VALIDATION_ERROR` naming `transferTo`; agents and teams are "
            + "routing-service's, and when it cannot be asked the answer is 503 `ROUTING_SERVICE_UNAVAILABLE` with "
            + "`Retry-After`, and nothing changes.")
    public Envelope.Single<Envelope.Resource<BotAttributes>> deactivate(@RestPath String id, DeactivateRequest body) {
        DeactivateRequest request = body == null ? new DeactivateRequest(null, null) : body;
        // the reason is only passed on (bot.deactivated, a handover's notes elsewhere): no column here refuses a NUL
        Deactivation done = bots.deactivate(id, RequestValues.blankToNull(request.transferTo()),
                RequestValues.withoutNul(RequestValues.blankToNull(request.reason())),
                () -> conversations.openConversations(caller.tenantId(), id));
        return Envelope.one(id, BotAttributes.TYPE, BotAttributes.of(done.bot(), overviews.of(done.bot()), null,
                done.conversationsTransferred()));
    }

    private Envelope.Resource<BotAttributes> resource(Bot bot) {
        return new Envelope.Resource<>(bot.id, BotAttributes.TYPE, BotAttributes.of(bot, overviews.of(bot)));
    }
}
