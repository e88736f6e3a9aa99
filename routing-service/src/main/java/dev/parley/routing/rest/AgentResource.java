package dev.parley.routing.rest;

import dev.parley.platform.idempotency.IdempotentCreation;
import dev.parley.platform.paging.Envelope;
import dev.parley.platform.problem.CheckedRequest;
import dev.parley.platform.problem.FieldChecks;
import dev.parley.platform.problem.ProblemException;
import dev.parley.platform.rest.AcceptsSnakeCase;
import dev.parley.platform.rest.PageQuery;
import dev.parley.platform.rest.RequestValues;
import dev.parley.platform.security.CurrentCaller;
import dev.parley.platform.security.Scopes;
import dev.parley.routing.Agent;
import dev.parley.routing.AgentStatus;
import dev.parley.routing.AgentType;
import dev.parley.routing.GroupPriority;
import dev.parley.routing.TeamMember;
import dev.parley.routing.service.AgentService;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

@Path("/v1/agents")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@AcceptsSnakeCase
@Tag(name = "Agents")
public class AgentResource {

    public record GroupRequest(String id, GroupPriority priority) {

        static void checkAll(FieldChecks checks, List<GroupRequest> groups) {
            for (int i = 0; groups != null && i < groups.size(); i++) {
                String field = "groups[" + i + "]";
                if (checks.required(field, groups.get(i))) {
                    checks.required(field + ".id", groups.get(i).id());
                    checks.required(field + ".priority", groups.get(i).priority());
                }
            }
        }
    }

    public record ActionRequest(String name, Map<String, Object> filters, List<String> additionalData) {
    }

    public record WebhooksRequest(String url, String secretKey, List<ActionRequest> actions) {

        void check(FieldChecks checks) {
            checks.requiredText("webhooks.url", url, 2000);
            checks.requiredText("webhooks.secretKey", secretKey, 200);
            if (checks.required("webhooks.actions", actions)) {
                for (int i = 0; i < actions.size(); i++) {
                    String field = "webhooks.actions[" + i + "]";
                    if (checks.required(field, actions.get(i))) {
                        checks.required(field + ".name", actions.get(i).name());
                    }
                }
            }
        }
    }

    public record CreateAgentRequest(AgentType type, String name, String avatar, AgentStatus status,
            Integer maxChatsCount, GroupPriority defaultGroupPriority, String userId, List<GroupRequest> groups,
            WebhooksRequest webhooks) implements CheckedRequest {

        @Override
        public void check(FieldChecks checks) {
            checks.requiredText("name", name, 100);
            checks.maxLength("avatar", avatar, 2000);
            checks.maxLength("userId", userId, 200);
            GroupRequest.checkAll(checks, groups);
            if (webhooks != null) {
                webhooks.check(checks);
            }
        }
    }

    /** Absent fields stay as they are; {@code null} clears {@code avatar}, {@code userId} and {@code webhooks}. */
    public record UpdateAgentRequest(String name, Optional<String> avatar, AgentStatus status, Integer maxChatsCount,
            GroupPriority defaultGroupPriority, Optional<String> userId, List<GroupRequest> groups,
            Optional<WebhooksRequest> webhooks) implements CheckedRequest {

        @Override
        public void check(FieldChecks checks) {
            checks.length("name", name, 1, 100);
            if (avatar != null) {
                avatar.ifPresent(a -> checks.maxLength("avatar", a, 2000));
            }
            if (userId != null) {
                userId.ifPresent(u -> checks.maxLength("userId", u, 200));
            }
            GroupRequest.checkAll(checks, groups);
            if (webhooks != null) {
                webhooks.ifPresent(w -> w.check(checks));
            }
        }
    }

    public record GroupAttributes(String id, GroupPriority priority) {
    }

    public record WebhooksAttributes(String url, List<Agent.WebhookAction> actions) {
    }

    public record AgentAttributes(AgentType type, String name, String avatar, AgentStatus status, int maxChatsCount,
            int activeChats, GroupPriority defaultGroupPriority, List<GroupAttributes> groups, String userId,
            String ownerId, WebhooksAttributes webhooks, Instant createdAt, Instant updatedAt) {
    }

    private final AgentService agents;
    private final CurrentCaller caller;
    private final SecurityIdentity identity;
    private final IdempotentCreation idempotency;

    public AgentResource(AgentService agents, CurrentCaller caller, SecurityIdentity identity,
            IdempotentCreation idempotency) {
        this.agents = agents;
        this.caller = caller;
        this.identity = identity;
        this.idempotency = idempotency;
    }

    @POST
    @RolesAllowed(Scopes.ROUTING_WRITE)
    @Operation(summary = "Create a human or bot agent", description = "`status` defaults to accepting_chats, "
            + "`maxChatsCount` to 6, `defaultGroupPriority` to normal (supervisor: never assigned automatically).")
    @APIResponse(responseCode = "201", description = "Created")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON, examples = @ExampleObject(name = "human agent",
            value = "{\"type\": \"human\", \"name\": \"Agnes\", \"maxChatsCount\": 3}")))
    public Response create(@RestHeader(IdempotentCreation.HEADER) String idempotencyKey, CreateAgentRequest body) {
        CreateAgentRequest request = RequestValues.requiredBody(body);
        String tenant = caller.tenantId();
        AgentService.Draft draft = new AgentService.Draft(request.type(), request.name().strip(), request.avatar(),
                request.status(), request.maxChatsCount(), request.defaultGroupPriority(),
                RequestValues.blankToNull(request.userId()), groups(request.groups()), webhooks(request.webhooks()));
        if (idempotencyKey == null) {
            AgentService.View created = agents.create(tenant, caller.subject(), draft);
            return Response.created(URI.create("/v1/agents/" + created.agent().id))
                    .entity(new Envelope.Single<>(resource(created))).build();
        }
        // the key and the agent commit together; only then may the agent take conversations
        Response answer = idempotency.create(idempotencyKey, request, () -> {
            AgentService.View created = agents.createInCurrentTransaction(tenant, caller.subject(), draft);
            return new IdempotentCreation.Created(URI.create("/v1/agents/" + created.agent().id),
                    new Envelope.Single<>(resource(created)));
        });
        agents.reassess(tenant);
        return answer;
    }

    @GET
    @RolesAllowed(Scopes.ROUTING_READ)
    @Operation(summary = "List agents", description = "Without `all`: the caller's own bot agents. `all=true` (needs "
            + "routing:write): every agent of the tenant, optionally by `type` and `status`.")
    public Envelope.Listing<Envelope.Resource<AgentAttributes>> list(@RestQuery String all, @RestQuery String type,
            @RestQuery String status, @BeanParam PageQuery paging) {
        boolean everyone = "true".equalsIgnoreCase(RequestValues.blankToNull(all));
        if (all != null && !everyone && !"false".equalsIgnoreCase(all.strip())) {
            throw ProblemException.validation("all", "must be true or false");
        }
        if (everyone && !identity.hasRole(Scopes.ROUTING_WRITE)) {
            throw ProblemException.forbidden("FORBIDDEN", "Listing all agents needs the routing:write scope.");
        }
        return Envelope.list(agents.list(caller.tenantId(), everyone ? null : caller.subject(),
                RequestValues.optionalEnum(AgentType.class, "type", type),
                RequestValues.optionalEnum(AgentStatus.class, "status", status),
                paging.request()).map(AgentResource::resource));
    }

    @GET
    @Path("/me")
    @RolesAllowed(Scopes.ROUTING_READ)
    @Operation(summary = "The agent linked to the caller's sign-in", description = "The human agent whose `userId` is "
            + "the signed-in user (the desk starts here). 404 AGENT_NOT_FOUND when none is linked.")
    public Envelope.Single<Envelope.Resource<AgentAttributes>> me() {
        String tenant = caller.tenantId();
        return new Envelope.Single<>(resource(agents.get(tenant, agents.ofUser(tenant, caller.subject()).id)));
    }

    @GET
    @Path("/{id}")
    @RolesAllowed(Scopes.ROUTING_READ)
    @Operation(summary = "Get an agent")
    public Envelope.Single<Envelope.Resource<AgentAttributes>> get(@RestPath String id) {
        return new Envelope.Single<>(resource(agents.get(caller.tenantId(), id)));
    }

    @PATCH
    @Consumes({MediaType.APPLICATION_JSON, RequestValues.MERGE_PATCH_JSON})
    @Path("/{id}")
    @RolesAllowed(Scopes.ROUTING_WRITE)
    @Operation(summary = "Change an agent", description = "Status, capacity, priorities, groups (replaced as a whole) "
            + "or webhooks; an agent that can take more conversations gets the oldest waiting ones at once.")
    public Envelope.Single<Envelope.Resource<AgentAttributes>> update(@RestPath String id, UpdateAgentRequest body) {
        UpdateAgentRequest request = RequestValues.requiredBody(body);
        AgentService.View updated = agents.update(caller.tenantId(), id, new AgentService.Changes(
                request.name() == null ? null : request.name().strip(), request.avatar(), request.status(),
                request.maxChatsCount(), request.defaultGroupPriority(),
                request.userId() == null ? null : request.userId().map(RequestValues::blankToNull),
                request.groups() == null ? null : groups(request.groups()),
                request.webhooks() == null ? null : request.webhooks().map(AgentResource::webhooks)));
        return new Envelope.Single<>(resource(updated));
    }

    @DELETE
    @Path("/{id}")
    @RolesAllowed(Scopes.ROUTING_WRITE)
    @Operation(summary = "Delete an agent", description = "Its assigned conversations go back to the front of their queues.")
    public Response delete(@RestPath String id) {
        agents.delete(caller.tenantId(), id);
        return Response.noContent().build();
    }

    private static List<AgentService.Membership> groups(List<GroupRequest> groups) {
        return groups == null ? List.of() : groups.stream().map(g -> new AgentService.Membership(g.id(), g.priority())).toList();
    }

    private static AgentService.Webhooks webhooks(WebhooksRequest webhooks) {
        return webhooks == null ? null : new AgentService.Webhooks(webhooks.url(), webhooks.secretKey(),
                webhooks.actions().stream().map(a -> new Agent.WebhookAction(a.name(), a.filters(), a.additionalData()))
                        .toList());
    }

    static Envelope.Resource<AgentAttributes> resource(AgentService.View view) {
        Agent agent = view.agent();
        List<GroupAttributes> groups = view.groups().stream()
                .map((TeamMember m) -> new GroupAttributes(m.teamId, m.priority == null ? agent.defaultGroupPriority : m.priority))
                .toList();
        WebhooksAttributes webhooks = agent.webhookUrl == null ? null
                : new WebhooksAttributes(agent.webhookUrl, agent.webhookActions);
        return new Envelope.Resource<>(agent.id, "agent", new AgentAttributes(agent.type, agent.name, agent.avatar,
                agent.status, agent.maxChatsCount, agent.activeChats, agent.defaultGroupPriority, groups, agent.userId,
                agent.ownerId, webhooks, agent.createdAt, agent.updatedAt));
    }
}
