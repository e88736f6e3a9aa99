package dev.parley.routing.rest;

import dev.parley.platform.idempotency.IdempotentCreation;
import dev.parley.platform.paging.Envelope;
import dev.parley.platform.paging.Page;
import dev.parley.platform.paging.PageRequest;
import dev.parley.platform.problem.CheckedRequest;
import dev.parley.platform.problem.FieldChecks;
import dev.parley.platform.rest.AcceptsSnakeCase;
import dev.parley.platform.rest.PageQuery;
import dev.parley.platform.rest.RequestValues;
import dev.parley.platform.security.Scopes;
import dev.parley.routing.Agent;
import dev.parley.routing.AgentStatus;
import dev.parley.routing.AgentType;
import dev.parley.routing.AssignmentStrategy;
import dev.parley.routing.GroupPriority;
import dev.parley.routing.Team;
import dev.parley.routing.service.TeamService;
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
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.RestPath;

@Path("/v1/teams")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@AcceptsSnakeCase
@Tag(name = "Teams")
public class TeamResource {

    public record CreateTeamRequest(String name, String description, AssignmentStrategy strategy)
            implements CheckedRequest {

        @Override
        public void check(FieldChecks checks) {
            checks.requiredText("name", name, 100);
            checks.maxLength("description", description, 1000);
        }
    }

    public record UpdateTeamRequest(String name, String description, AssignmentStrategy strategy)
            implements CheckedRequest {

        @Override
        public void check(FieldChecks checks) {
            checks.length("name", name, 1, 100);
            checks.maxLength("description", description, 1000);
        }
    }

    public record MemberRequest(GroupPriority priority) {
    }

    public record MemberAttributes(String agentId, String teamId, AgentType type, String name, AgentStatus status,
            GroupPriority priority, int activeChats, int maxChatsCount) {
    }

    public record TeamAttributes(String name, String description, AssignmentStrategy strategy, Instant createdAt,
            Instant updatedAt) {
    }

    private final TeamService teams;
    private final IdempotentCreation idempotency;

    public TeamResource(TeamService teams, IdempotentCreation idempotency) {
        this.teams = teams;
        this.idempotency = idempotency;
    }

    @POST
    @RolesAllowed(Scopes.ROUTING_WRITE)
    @Operation(summary = "Create a team", description = "`strategy`: round_robin (default), load_balanced or manual.")
    @APIResponse(responseCode = "201", description = "Created")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON, examples = @ExampleObject(name = "support team",
            value = "{\"name\": \"Support\", \"strategy\": \"load_balanced\"}")))
    public Response create(@RestHeader(IdempotentCreation.HEADER) String idempotencyKey, CreateTeamRequest body) {
        CreateTeamRequest request = RequestValues.requiredBody(body);
        return idempotency.create(idempotencyKey, request, () -> {
            Team team = teams.create(request.name().strip(), request.description(), request.strategy());
            return new IdempotentCreation.Created(URI.create("/v1/teams/" + team.id), new Envelope.Single<>(resource(team)));
        });
    }

    @GET
    @RolesAllowed(Scopes.ROUTING_READ)
    @Operation(summary = "List teams")
    public Envelope.Listing<Envelope.Resource<TeamAttributes>> list(@BeanParam PageQuery paging) {
        return Envelope.list(teams.list(paging.request()).map(TeamResource::resource));
    }

    @GET
    @Path("/{id}")
    @RolesAllowed(Scopes.ROUTING_READ)
    @Operation(summary = "Get a team")
    public Envelope.Single<Envelope.Resource<TeamAttributes>> get(@RestPath String id) {
        return new Envelope.Single<>(resource(teams.get(id)));
    }

    @PATCH
    @Consumes({MediaType.APPLICATION_JSON, RequestValues.MERGE_PATCH_JSON})
    @Path("/{id}")
    @RolesAllowed(Scopes.ROUTING_WRITE)
    @Operation(summary = "Change a team's name, description or strategy")
    public Envelope.Single<Envelope.Resource<TeamAttributes>> update(@RestPath String id, UpdateTeamRequest body) {
        UpdateTeamRequest request = RequestValues.requiredBody(body);
        return new Envelope.Single<>(resource(teams.update(id, request.name() == null ? null : request.name().strip(),
                request.description(), request.strategy())));
    }

    @DELETE
    @Path("/{id}")
    @RolesAllowed(Scopes.ROUTING_WRITE)
    @Operation(summary = "Delete a team", description = "409 TEAM_HAS_OPEN_TRANSFERS while conversations wait in it or are with its agents.")
    public Response delete(@RestPath String id) {
        teams.delete(id);
        return Response.noContent().build();
    }

    @GET
    @Path("/{id}/members")
    @RolesAllowed(Scopes.ROUTING_READ)
    @Operation(summary = "List a team's agents with their priority there")
    public Envelope.Listing<Envelope.Resource<MemberAttributes>> members(@RestPath String id) {
        List<Envelope.Resource<MemberAttributes>> members = teams.members(id).stream().map(TeamResource::member).toList();
        return Envelope.list(Page.of(members, new PageRequest(1, Math.max(1, members.size()))));
    }

    @PUT
    @Path("/{id}/members/{agentId}")
    @RolesAllowed(Scopes.ROUTING_WRITE)
    @Operation(summary = "Add an agent to the team or change its priority", description = "`priority`: first, normal, "
            + "last or supervisor; omitted: the agent's defaultGroupPriority.")
    public Envelope.Single<Envelope.Resource<MemberAttributes>> putMember(@RestPath String id, @RestPath String agentId,
            MemberRequest body) {
        return new Envelope.Single<>(member(teams.putMember(id, agentId, body == null ? null : body.priority())));
    }

    @DELETE
    @Path("/{id}/members/{agentId}")
    @RolesAllowed(Scopes.ROUTING_WRITE)
    @Operation(summary = "Remove an agent from the team")
    public Response removeMember(@RestPath String id, @RestPath String agentId) {
        teams.removeMember(id, agentId);
        return Response.noContent().build();
    }

    private static Envelope.Resource<MemberAttributes> member(TeamService.Member member) {
        Agent agent = member.agent();
        GroupPriority priority = member.membership().priority == null ? agent.defaultGroupPriority : member.membership().priority;
        return new Envelope.Resource<>(agent.id, "team_member", new MemberAttributes(agent.id, member.membership().teamId,
                agent.type, agent.name, agent.status, priority, agent.activeChats, agent.maxChatsCount));
    }

    private static Envelope.Resource<TeamAttributes> resource(Team team) {
        return new Envelope.Resource<>(team.id, "team",
                new TeamAttributes(team.name, team.description, team.strategy, team.createdAt, team.updatedAt));
    }
}
