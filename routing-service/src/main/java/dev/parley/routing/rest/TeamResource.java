package dev.parley.routing.rest;

import dev.parley.platform.idempotency.IdempotentCreation;
import dev.parley.platform.paging.Envelope;
import dev.parley.platform.paging.PageRequest;
import dev.parley.platform.rest.RequestValues;
import dev.parley.platform.security.Scopes;
import dev.parley.routing.AssignmentStrategy;
import dev.parley.routing.Team;
import dev.parley.routing.service.TeamService;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

@Path("/v1/teams")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Teams")
public class TeamResource {

    public record CreateTeamRequest(@NotBlank @Size(max = 100) String name, @Size(max = 1000) String description,
            AssignmentStrategy strategy) {
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
    public Response create(@RestHeader(IdempotentCreation.HEADER) String idempotencyKey, @Valid CreateTeamRequest body) {
        CreateTeamRequest request = RequestValues.requiredBody(body);
        return idempotency.create(idempotencyKey, request, () -> {
            Team team = teams.create(request.name().trim(), request.description(), request.strategy());
            return new IdempotentCreation.Created(URI.create("/v1/teams/" + team.id), new Envelope.Single<>(resource(team)));
        });
    }

    @GET
    @RolesAllowed(Scopes.ROUTING_READ)
    @Operation(summary = "List teams")
    public Envelope.Listing<Envelope.Resource<TeamAttributes>> list(@RestQuery String page, @RestQuery String perPage,
            @RestQuery("per_page") String perPageSnake) {
        return Envelope.list(teams.list(PageRequest.of(page, perPage, perPageSnake)).map(TeamResource::resource));
    }

    @GET
    @Path("/{id}")
    @RolesAllowed(Scopes.ROUTING_READ)
    @Operation(summary = "Get a team")
    public Envelope.Single<Envelope.Resource<TeamAttributes>> get(@RestPath String id) {
        return new Envelope.Single<>(resource(teams.get(id)));
    }

    private static Envelope.Resource<TeamAttributes> resource(Team team) {
        return new Envelope.Resource<>(team.id, "team",
                new TeamAttributes(team.name, team.description, team.strategy, team.createdAt, team.updatedAt));
    }
}
