package dev.parley.routing.rest;

import dev.parley.events.conversation.ContactPanel;
import dev.parley.platform.idempotency.IdempotentCreation;
import dev.parley.platform.json.JsonNames;
import dev.parley.platform.paging.Envelope;
import dev.parley.platform.paging.Page;
import dev.parley.platform.paging.PageRequest;
import dev.parley.platform.problem.CheckedRequest;
import dev.parley.platform.problem.FieldChecks;
import dev.parley.platform.problem.ProblemException;
import dev.parley.platform.rest.AcceptsSnakeCase;
import dev.parley.platform.rest.PageQuery;
import dev.parley.platform.rest.RequestValues;
import dev.parley.platform.security.CurrentCaller;
import dev.parley.platform.security.Scopes;
import dev.parley.routing.Transfer;
import dev.parley.routing.TransferStatus;
import dev.parley.routing.service.AgentService;
import dev.parley.routing.service.TransferService;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

@Path("/v1/transfers")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@AcceptsSnakeCase
@Tag(name = "Transfers")
public class TransferResource {

    /** The query value that names the general queue (transfers without a team). */
    public static final String GENERAL = "general";

    public record CreateTransferRequest(String conversationId, String contactId, String botId, String teamId,
            String notes) implements CheckedRequest {

        @Override
        public void check(FieldChecks checks) {
            checks.maxLength("conversationId", conversationId, 100);
            checks.maxLength("contactId", contactId, 100);
            checks.maxLength("botId", botId, 100);
            checks.maxLength("teamId", teamId, 100);
            checks.maxLength("notes", notes, 4000);
        }
    }

    public record AssignRequest(String agentId) implements CheckedRequest {

        @Override
        public void check(FieldChecks checks) {
            checks.required("agentId", agentId);
        }
    }

    public record PickupRequest(String agentId) {
    }

    public record TransferAttributes(String conversationId, String contactId, String contactName, String botId,
            TransferStatus status, String source, String reason, String agentId, String agentName, String teamId,
            String teamName, String notes, List<ContactPanel> panels, Instant transferredAt, Instant assignedAt,
            Instant resumedAt) {
    }

    public record QueueMeta(Envelope.Pagination pagination, long generalQueueCount, Map<String, Long> teamQueueCounts) {
    }

    public record TransferListing(List<Envelope.Resource<TransferAttributes>> data, QueueMeta meta) {
    }

    private final TransferService transfers;
    private final AgentService agents;
    private final CurrentCaller caller;
    private final IdempotentCreation idempotency;

    public TransferResource(TransferService transfers, AgentService agents, CurrentCaller caller,
            IdempotentCreation idempotency) {
        this.transfers = transfers;
        this.agents = agents;
        this.caller = caller;
        this.idempotency = idempotency;
    }

    @POST
    @RolesAllowed(Scopes.ROUTING_WRITE)
    @Operation(summary = "Transfer a conversation to agents", description = "`conversationId` or `contactId`; `teamId` "
            + "omitted: the general queue. Assigned at once when an agent is free. 409 TRANSFER_ALREADY_OPEN when the "
            + "conversation already waits or is with an agent.")
    public Response create(@RestHeader(IdempotentCreation.HEADER) String idempotencyKey, CreateTransferRequest body) {
        CreateTransferRequest request = RequestValues.requiredBody(body);
        String conversation = RequestValues.blankToNull(request.conversationId());
        String contact = RequestValues.blankToNull(request.contactId());
        if (conversation == null && contact == null) {
            throw ProblemException.validation("conversationId", "conversationId or contactId is required");
        }
        String tenant = caller.tenantId();
        TransferService.NewTransfer transfer = new TransferService.NewTransfer(conversation, contact,
                RequestValues.blankToNull(request.botId()), RequestValues.blankToNull(request.teamId()), "manual",
                request.notes(), Transfer.SOURCE_API);
        // the key is claimed in its own transaction; the transfer commits before assignment looks at it
        if (idempotencyKey == null) {
            Transfer created = transfers.create(tenant, transfer);
            return Response.created(URI.create("/v1/transfers/" + created.id)).entity(new Envelope.Single<>(resource(created)))
                    .build();
        }
        Response answer = idempotency.create(idempotencyKey, request, () -> {
            Transfer created = transfers.createInCurrentTransaction(tenant, transfer);
            return new IdempotentCreation.Created(URI.create("/v1/transfers/" + created.id),
                    new Envelope.Single<>(resource(created)));
        });
        transfers.reassessQueue(tenant, transfer.teamId());
        return answer;
    }

    @GET
    @RolesAllowed(Scopes.ROUTING_READ)
    @Operation(summary = "List transfers with queue counts", description = "`status`: waiting, assigned, resumed, or "
            + "active (waiting and assigned); `teamId`: a team, or `general` for the general queue; `agentId`. "
            + "`meta.generalQueueCount` and `meta.teamQueueCounts` count waiting transfers.")
    public TransferListing list(@RestQuery String status, @RestQuery String teamId, @RestQuery("team_id") String teamIdSnake,
            @RestQuery String agentId, @RestQuery("agent_id") String agentIdSnake, @BeanParam PageQuery paging) {
        PageRequest request = paging.request();
        String tenant = caller.tenantId();
        Page<Transfer> found = transfers.list(tenant, statuses(status), teamFilter(teamId != null ? teamId : teamIdSnake),
                RequestValues.blankToNull(agentId != null ? agentId : agentIdSnake), request);
        TransferService.Queues queues = transfers.queues(tenant);
        Page<TransferService.View> named = new Page<>(transfers.views(tenant, found.items()), found.request(),
                found.totalCount());
        Envelope.Listing<Envelope.Resource<TransferAttributes>> listing = Envelope.list(named.map(TransferResource::resource));
        return new TransferListing(listing.data(), new QueueMeta(listing.meta().pagination(), queues.generalQueueCount(),
                queues.teamQueueCounts()));
    }

    @GET
    @Path("/{id}")
    @RolesAllowed(Scopes.ROUTING_READ)
    @Operation(summary = "Get a transfer")
    public Envelope.Single<Envelope.Resource<TransferAttributes>> get(@RestPath String id) {
        return new Envelope.Single<>(resource(transfers.get(caller.tenantId(), id)));
    }

    @POST
    @Path("/pickup")
    @RolesAllowed(Scopes.ROUTING_WRITE)
    @Operation(summary = "Take the oldest waiting transfer", description = "`teamId` (also `team_id`): from that "
            + "team's queue, or `general`; omitted: any queue. `agentId` (query, also `agent_id`, or body) omitted: the "
            + "agent linked to the caller's sign-in. 404 QUEUE_EMPTY, TEAM_NOT_FOUND; 409 AGENT_AT_CAPACITY.")
    public Envelope.Single<Envelope.Resource<TransferAttributes>> pickup(@RestQuery String teamId,
            @RestQuery("team_id") String teamIdSnake, @RestQuery("agentId") String agentQuery,
            @RestQuery("agent_id") String agentQuerySnake, PickupRequest body) {
        String tenant = caller.tenantId();
        String agentId = RequestValues.blankToNull(agentQuery != null ? agentQuery : agentQuerySnake);
        if (agentId == null && body != null) {
            agentId = RequestValues.blankToNull(body.agentId());
        }
        if (agentId == null) {
            agentId = agents.ofUser(tenant, caller.subject()).id;
        }
        return new Envelope.Single<>(resource(transfers.pickup(tenant, agentId,
                teamFilter(teamId != null ? teamId : teamIdSnake))));
    }

    @PUT
    @Path("/{id}/assign")
    @RolesAllowed(Scopes.ROUTING_WRITE)
    @Operation(summary = "Assign a transfer to an agent", description = "Also from one agent to another. "
            + "409 AGENT_AT_CAPACITY, 409 TRANSFER_RESUMED.")
    public Envelope.Single<Envelope.Resource<TransferAttributes>> assign(@RestPath String id, AssignRequest body) {
        AssignRequest request = RequestValues.requiredBody(body);
        return new Envelope.Single<>(resource(transfers.assign(caller.tenantId(), id, request.agentId().strip())));
    }

    @PUT
    @Path("/{id}/resume")
    @RolesAllowed(Scopes.ROUTING_WRITE)
    @Operation(summary = "Hand the conversation back to the bot", description = "Publishes transfer.resumed; the "
            + "agent's slot is freed. 409 TRANSFER_RESUMED when it already was.")
    public Envelope.Single<Envelope.Resource<TransferAttributes>> resume(@RestPath String id) {
        return new Envelope.Single<>(resource(transfers.resume(caller.tenantId(), id)));
    }

    private static Collection<TransferStatus> statuses(String raw) {
        String value = RequestValues.blankToNull(raw);
        if ("active".equals(value)) {
            return List.of(TransferStatus.WAITING, TransferStatus.ASSIGNED);
        }
        if (value == null) {
            return null;
        }
        try {
            return List.of(RequestValues.optionalEnum(TransferStatus.class, "status", value));
        } catch (ProblemException e) {
            throw ProblemException.validation("status", "must be one of: active, " + JsonNames.allOf(TransferStatus.class));
        }
    }

    /** {@code null}: any queue; {@code ""}: the general queue; else a team id. */
    private static String teamFilter(String raw) {
        String value = RequestValues.blankToNull(raw);
        return GENERAL.equals(value) ? "" : value;
    }

    private Envelope.Resource<TransferAttributes> resource(Transfer transfer) {
        return resource(transfers.view(caller.tenantId(), transfer));
    }

    static Envelope.Resource<TransferAttributes> resource(TransferService.View view) {
        Transfer transfer = view.transfer();
        return new Envelope.Resource<>(transfer.id, "transfer", new TransferAttributes(transfer.conversationId,
                transfer.contactId, view.contactName(), transfer.botId, transfer.status, transfer.source, transfer.reason,
                transfer.agentId, view.agentName(), transfer.teamId, view.teamName(), transfer.notes, transfer.panels,
                transfer.createdAt,
                transfer.assignedAt, transfer.resumedAt));
    }
}
