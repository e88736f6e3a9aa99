package dev.parley.bot.rest;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.bot.ConversationFlow;
import dev.parley.bot.service.flows.FlowService;
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
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;
import org.jboss.resteasy.reactive.RestResponse;

@Path("/v1/flows")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Flows")
public class FlowResource {

    private final FlowService flows;
    private final IdempotentCreation idempotency;

    public FlowResource(FlowService flows, IdempotentCreation idempotency) {
        this.flows = flows;
        this.idempotency = idempotency;
    }

    @GET
    @RolesAllowed(Scopes.BOTS_READ)
    @Operation(summary = "List flows", description = "The tenant's flows, newest first; `search` filters by name.")
    public Envelope.Listing<Envelope.Resource<FlowAttributes>> list(@BeanParam PageQuery paging, @RestQuery String search) {
        return Envelope.list(flows.list(RequestValues.blankToNull(search), paging.request())
                .map(FlowResource::resource));
    }

    @GET
    @Path("/{id}")
    @RolesAllowed(Scopes.BOTS_READ)
    @Operation(summary = "Get a flow")
    public Envelope.Single<Envelope.Resource<FlowAttributes>> get(@RestPath String id) {
        return new Envelope.Single<>(resource(flows.get(id)));
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Scopes.BOTS_WRITE)
    @Operation(summary = "Create a flow", description = "Trigger keywords, initial and completion messages, panelConfig and "
            + "ordered steps (text, buttons, api_fetch, whatsapp_flow, transfer). Bots use it through flowId/flowIds or a "
            + "keyword rule. snake_case field names as in the seed are accepted. A transfer step's `transferConfig.teamId` "
            + "must be a team of the tenant (routing-service's): another tenant's or an unknown one is a 404 "
            + "`TEAM_NOT_FOUND` naming the field (leave it out for the general queue); when routing-service cannot be asked "
            + "the answer is 503 `ROUTING_SERVICE_UNAVAILABLE` with `Retry-After`, and nothing is saved.")
    @APIResponse(responseCode = "201", description = "Created")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON, examples = @ExampleObject(name = "feedback flow",
            value = "{\"name\": \"Feedback\", \"triggerKeywords\": [\"feedback\"], \"initialMessage\": \"Happy to hear from you.\", \"steps\": [{\"stepName\": \"rating\", \"stepOrder\": 1, \"message\": \"How was your experience?\", \"messageType\": \"buttons\", \"inputType\": \"select\", \"storeAs\": \"rating\", \"buttons\": [{\"id\": \"great\", \"title\": \"Great\"}, {\"id\": \"poor\", \"title\": \"Poor\"}]}]}")))
    public Response create(@RestHeader(IdempotentCreation.HEADER) String idempotencyKey, ObjectNode body) {
        ObjectNode request = RequestValues.requiredBody(body);
        return idempotency.create(idempotencyKey, Map.of("flow", request), () -> {
            ConversationFlow flow = flows.create(request);
            return new IdempotentCreation.Created(URI.create("/v1/flows/" + flow.id), new Envelope.Single<>(resource(flow)));
        });
    }

    @PUT
    @Path("/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Scopes.BOTS_WRITE)
    @Operation(summary = "Replace a flow", description = "Validated as on create. Republishes every bot that uses it.")
    public Envelope.Single<Envelope.Resource<FlowAttributes>> replace(@RestPath String id, ObjectNode body) {
        return new Envelope.Single<>(resource(flows.update(id, RequestValues.requiredBody(body), true)));
    }

    @PATCH
    @Path("/{id}")
    @Consumes({MediaType.APPLICATION_JSON, RequestValues.MERGE_PATCH_JSON})
    @RolesAllowed(Scopes.BOTS_WRITE)
    @Operation(summary = "Update a flow", description = "A JSON merge patch (`steps` is replaced whole), the result validated "
            + "as on create. Republishes every bot that uses it.")
    public Envelope.Single<Envelope.Resource<FlowAttributes>> update(@RestPath String id, ObjectNode body) {
        return new Envelope.Single<>(resource(flows.update(id, RequestValues.requiredBody(body), false)));
    }

    @DELETE
    @Path("/{id}")
    @RolesAllowed(Scopes.BOTS_WRITE)
    @Operation(summary = "Delete a flow", description = "409 FLOW_IN_USE while a bot or keyword rule references it.")
    public RestResponse<Void> delete(@RestPath String id) {
        flows.delete(id);
        return RestResponse.noContent();
    }

    private static Envelope.Resource<FlowAttributes> resource(ConversationFlow flow) {
        return new Envelope.Resource<>(flow.id, FlowAttributes.TYPE, FlowAttributes.of(flow));
    }
}
