package dev.parley.routing.service;

import dev.parley.events.conversation.HandoffRequested;
import dev.parley.events.routing.TransferEvent;
import dev.parley.platform.id.Ids;
import dev.parley.platform.paging.Page;
import dev.parley.platform.paging.PageRequest;
import dev.parley.platform.problem.ProblemException;
import dev.parley.routing.Agent;
import dev.parley.routing.AgentStatus;
import dev.parley.routing.Transfer;
import dev.parley.routing.TransferStatus;
import dev.parley.routing.messaging.TransferEvents;
import dev.parley.routing.repository.AgentRepository;
import dev.parley.routing.repository.AssignmentRepository;
import dev.parley.routing.repository.ConversationDirectory;
import dev.parley.routing.repository.TeamRepository;
import dev.parley.routing.repository.TransferRepository;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Transfers and their queues: created from handoffs or by API, picked up, assigned, resumed. Each change
 * commits (with its event) before automatic assignment reassesses the queues, so an answer shows the
 * transfer as it is after that.
 */
@ApplicationScoped
public class TransferService {

    /** What a new transfer says, wherever it comes from. */
    public record NewTransfer(String conversationId, String contactId, String botId, String teamId, String reason,
            String notes, String source) {
    }

    public record Queues(long generalQueueCount, Map<String, Long> teamQueueCounts) {
    }

    /** A transfer with the names of its contact, agent and team, as the API shows it (Whatomate's list). */
    public record View(Transfer transfer, String contactName, String agentName, String teamName) {
    }

    private final TransferRepository transfers;
    private final AssignmentRepository assignments;
    private final AssignmentService assignment;
    private final TeamRepository teams;
    private final AgentRepository agents;
    private final TransferEvents events;
    private final AgentNotifications notifications;
    private final ConversationDirectory directory;

    public TransferService(TransferRepository transfers, AssignmentRepository assignments, AssignmentService assignment,
            TeamRepository teams, AgentRepository agents, TransferEvents events, AgentNotifications notifications,
            ConversationDirectory directory) {
        this.directory = directory;
        this.transfers = transfers;
        this.assignments = assignments;
        this.assignment = assignment;
        this.teams = teams;
        this.agents = agents;
        this.events = events;
        this.notifications = notifications;
    }

    /** By API: 409 TRANSFER_ALREADY_OPEN when the conversation already waits or is with an agent. */
    public Transfer create(String tenantId, NewTransfer request) {
        Transfer created = QuarkusTransaction.requiringNew().call(() -> createInCurrentTransaction(tenantId, request));
        assignment.reassessQueue(tenantId, created.teamId);
        return reload(tenantId, created.id);
    }

    /**
     * {@link #create} inside the caller's transaction (an Idempotency-Key's); the caller then {@link #reassessQueue}s.
     * The conversation must exist in the tenant and be open; a contact alone names the contact's open conversation.
     * conversation-service hands the conversation off when it reads {@code transfer.created}, as after the engine's
     * handoff.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Transfer createInCurrentTransaction(String tenantId, NewTransfer request) {
        if (request.teamId() != null && teams.findOwned(tenantId, request.teamId()).isEmpty()) {
            throw ProblemException.notFound("TEAM_NOT_FOUND", "Team " + request.teamId() + " does not exist.");
        }
        ConversationDirectory.Entry conversation = conversationOf(tenantId, request);
        NewTransfer resolved = new NewTransfer(conversation.id(), conversation.contactId(),
                request.botId() != null ? request.botId() : conversation.botId(), request.teamId(), request.reason(),
                request.notes(), request.source());
        return insert(tenantId, resolved).orElseThrow(() -> ProblemException.conflict("TRANSFER_ALREADY_OPEN",
                "Conversation " + conversation.id() + " is already waiting for or with an agent."));
    }

    private ConversationDirectory.Entry conversationOf(String tenantId, NewTransfer request) {
        if (request.conversationId() != null) {
            ConversationDirectory.Entry conversation = directory.find(tenantId, request.conversationId())
                    .orElseThrow(() -> ProblemException.notFound("CONVERSATION_NOT_FOUND",
                            "Conversation " + request.conversationId() + " does not exist."));
            if (request.contactId() != null && !request.contactId().equals(conversation.contactId())) {
                throw ProblemException.validation("contactId", "is not the contact of conversation " + conversation.id());
            }
            if (!conversation.open()) {
                throw ProblemException.conflict("CONVERSATION_CLOSED", "Conversation " + conversation.id() + " is closed.");
            }
            return conversation;
        }
        List<ConversationDirectory.Entry> ofContact = directory.ofContact(tenantId, request.contactId());
        if (ofContact.isEmpty()) {
            throw ProblemException.notFound("CONTACT_NOT_FOUND", "Contact " + request.contactId() + " does not exist.");
        }
        return ofContact.stream().filter(ConversationDirectory.Entry::open).findFirst()
                .orElseThrow(() -> ProblemException.conflict("NO_OPEN_CONVERSATION",
                        "Contact " + request.contactId() + " has no open conversation to transfer."));
    }

    /** After a transfer joined the queue of {@code teamId} ({@code null}: the general queue). */
    public void reassessQueue(String tenantId, String teamId) {
        assignment.reassessQueue(tenantId, teamId);
    }

    /**
     * From a batch of {@code handoff.requested} events, inside the consumer's transaction, in a few statements
     * whatever the size of the batch: the conversations they name become known, their transfers are created (a
     * conversation that already has an open transfer keeps it, so a repeated handoff creates nothing), with their
     * {@code transfer.created} and {@code bot.handoff} events; a team that does not exist (any more) sends the
     * customer to the general queue rather than losing them. With {@code assign}, what can be assigned is assigned in
     * the same transaction (a batch of decisions per queue the new transfers joined); else the caller
     * {@link #reassessQueue}s each new transfer's queue once this transaction has committed. A handoff naming an
     * agent goes straight to it while it accepts chats and has room. Returns the transfers created.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public List<Transfer> createFromHandoffs(List<HandoffRequested> handoffs, boolean assign) {
        directory.recordNamed(handoffs.stream().filter(h -> h.conversationId() != null)
                // the engine names the conversation, so it exists, even when its conversation.started was not seen
                .map(h -> new ConversationDirectory.Named(h.tenantId(), h.conversationId(), h.contactId(), h.botId()))
                .toList());
        // in (tenant, conversation) order: two batches holding the same conversations never wait on each other in a cycle
        List<HandoffRequested> ordered = handoffs.stream().sorted(Comparator.comparing(HandoffRequested::tenantId)
                .thenComparing(HandoffRequested::conversationId, Comparator.nullsLast(Comparator.naturalOrder()))).toList();
        Map<String, HandoffRequested> byTransfer = new HashMap<>();
        List<TransferRepository.NewRow> rows = new ArrayList<>(ordered.size());
        for (HandoffRequested handoff : ordered) {
            String source = Transfer.REASON_FLOW_TRANSFER.equals(handoff.reason()) ? Transfer.SOURCE_FLOW : Transfer.SOURCE_HANDOFF;
            String id = Ids.generate("tr");
            byTransfer.put(id, handoff);
            rows.add(new TransferRepository.NewRow(id, handoff.tenantId(), handoff.conversationId(), handoff.contactId(),
                    handoff.botId(), handoff.teamId(), source, handoff.reason() == null ? "handoff" : handoff.reason(),
                    handoff.notes(), transfers.panelsJson(handoff.panels())));
        }
        List<TransferRepository.Inserted> inserted = transfers.insertWaitingAll(rows);
        List<Transfer> created = inserted.stream().map(TransferRepository.Inserted::transfer).toList();
        events.createdAll(created);
        // straight to the named agent while it has room (a deactivated bot's transferTo); else it waits its turn
        Set<String> toNamedAgent = new HashSet<>();
        for (Transfer transfer : created) {
            String agentId = byTransfer.get(transfer.id).agentId();
            if (agentId != null && agents.findOwned(transfer.tenantId, agentId)
                    .filter(agent -> agent.status == AgentStatus.ACCEPTING_CHATS).isPresent()
                    && assignments.takeSlot(transfer.tenantId, agentId)) {
                assignments.markAssigned(transfer.id, agentId, "WAITING", null);
                transfer.status = TransferStatus.ASSIGNED;
                transfer.agentId = agentId;
                events.publish(TransferEvent.ASSIGNED, transfer);
                notifications.assigned(transfer);
                toNamedAgent.add(transfer.id);
            }
        }
        if (assign) {
            // per tenant, each queue the new transfers joined, with its strategy and a decision per transfer that joined it
            Map<String, Map<String, AssignmentService.QueueBatch>> joined = new LinkedHashMap<>();
            for (TransferRepository.Inserted row : inserted) {
                Transfer transfer = row.transfer();
                if (!toNamedAgent.contains(transfer.id)) {
                    joined.computeIfAbsent(transfer.tenantId, t -> new LinkedHashMap<>()).merge(transfer.teamId,
                            new AssignmentService.QueueBatch(transfer.teamId, row.strategy(), 1),
                            AssignmentService.QueueBatch::plus);
                }
            }
            joined.forEach((tenant, queues) ->
                    assignment.assignNewInCurrentTransaction(tenant, List.copyOf(queues.values())));
        }
        return created;
    }

    private Optional<Transfer> insert(String tenantId, NewTransfer request) {
        String id = Ids.generate("tr");
        boolean inserted = transfers.insertWaiting(id, tenantId, request.conversationId(), request.contactId(),
                request.botId(), request.teamId(), request.source(), request.reason(), request.notes());
        if (!inserted) {
            return Optional.empty();
        }
        Transfer transfer = transfers.findById(id);
        events.publish(TransferEvent.CREATED, transfer);
        events.handoff(transfer);
        return Optional.of(transfer);
    }

    @Transactional
    public Page<Transfer> list(String tenantId, Collection<TransferStatus> statuses, String teamFilter, String agentId,
            PageRequest page) {
        return transfers.list(tenantId, statuses, teamFilter, agentId, page);
    }

    /** The transfers with their contact's, agent's and team's names (a few lookups for the whole page). */
    @Transactional
    public List<View> views(String tenantId, List<Transfer> page) {
        Map<String, String> agentNames = agents.names(tenantId, ids(page.stream().map(t -> t.agentId)));
        Map<String, String> teamNames = teams.names(tenantId, ids(page.stream().map(t -> t.teamId)));
        Map<String, String> contactNames = directory.contactNames(tenantId,
                page.stream().map(t -> t.contactId).filter(Objects::nonNull).collect(Collectors.toSet()));
        return page.stream().map(t -> new View(t, contactNames.get(t.contactId), agentNames.get(t.agentId),
                teamNames.get(t.teamId))).toList();
    }

    @Transactional
    public View view(String tenantId, Transfer transfer) {
        return views(tenantId, List.of(transfer)).get(0);
    }

    private static Set<String> ids(Stream<String> ids) {
        return ids.filter(Objects::nonNull).collect(Collectors.toSet());
    }

    @Transactional
    public Queues queues(String tenantId) {
        Map<String, Long> counts = transfers.waitingCounts(tenantId);
        Long general = counts.remove(null);
        return new Queues(general == null ? 0 : general, counts);
    }

    @Transactional
    public Transfer get(String tenantId, String id) {
        return transfers.findOwned(tenantId, id).orElseThrow(() -> notFound(id));
    }

    /**
     * The oldest waiting transfer (of one queue, or any) to the agent, within its capacity; a team the tenant does not
     * have is a 404 {@code TEAM_NOT_FOUND}, not an empty queue.
     */
    public Transfer pickup(String tenantId, String agentId, String teamFilter) {
        String picked = QuarkusTransaction.requiringNew().call(() -> {
            agent(tenantId, agentId);
            if (teamFilter != null && !teamFilter.isEmpty() && teams.findOwned(tenantId, teamFilter).isEmpty()) {
                throw ProblemException.notFound("TEAM_NOT_FOUND", "Team " + teamFilter + " does not exist.");
            }
            String transferId = assignments.lockOldestWaiting(tenantId, teamFilter)
                    .orElseThrow(() -> ProblemException.notFound("QUEUE_EMPTY", "No transfer is waiting"
                            + (teamFilter == null ? "." : teamFilter.isEmpty() ? " in the general queue." : " in team " + teamFilter + ".")));
            if (!assignments.takeSlot(tenantId, agentId)) {
                throw atCapacity(agentId);
            }
            assignments.markAssigned(transferId, agentId, "WAITING", null);
            Transfer transfer = transfers.findById(transferId);
            if (transfer.teamId != null) {
                assignments.touchMembership(transfer.teamId, agentId);
            }
            events.publish(TransferEvent.ASSIGNED, transfer);
            notifications.assigned(transfer);
            return transferId;
        });
        return reload(tenantId, picked);
    }

    /** To a chosen agent, also away from another one (whose slot is freed). */
    public Transfer assign(String tenantId, String transferId, String agentId) {
        String freed = QuarkusTransaction.requiringNew().call(() -> {
            Object[] current = assignments.lockTransfer(tenantId, transferId).orElseThrow(() -> notFound(transferId));
            String status = (String) current[0];
            String previous = (String) current[1];
            agent(tenantId, agentId);
            if ("RESUMED".equals(status)) {
                throw ProblemException.conflict("TRANSFER_RESUMED", "Transfer " + transferId + " is already back with the bot.");
            }
            if (agentId.equals(previous)) {
                return null;
            }
            assignments.lockAgents(previous == null ? List.of(agentId) : List.of(agentId, previous));
            if (!assignments.takeSlot(tenantId, agentId)) {
                throw atCapacity(agentId);
            }
            if (previous != null) {
                assignments.releaseSlot(previous);
            }
            assignments.markAssigned(transferId, agentId, status, previous);
            Transfer transfer = transfers.findById(transferId);
            events.publish(TransferEvent.ASSIGNED, transfer);
            notifications.assigned(transfer);
            if (previous != null) {
                notifications.transferred(transfer, previous);
                if (assignment.fillFreedSlotInCurrentTransaction(tenantId, previous)) {
                    return null; // the freed slot is taken again: nothing left to reassess
                }
            }
            return previous;
        });
        if (freed != null) {
            assignment.reassessForAgent(tenantId, freed);
        }
        return reload(tenantId, transferId);
    }

    /** Back to the bot: conversation-service lets the bot answer again when it reads {@code transfer.resumed}. */
    public Transfer resume(String tenantId, String transferId) {
        String freed = QuarkusTransaction.requiringNew().call(() -> {
            Object[] current = assignments.lockTransfer(tenantId, transferId).orElseThrow(() -> notFound(transferId));
            if (!assignments.markResumed(transferId)) {
                throw ProblemException.conflict("TRANSFER_RESUMED", "Transfer " + transferId + " is already back with the bot.");
            }
            return afterResumed(tenantId, transferId, (String) current[1]);
        });
        if (freed != null) {
            assignment.reassessForAgent(tenantId, freed);
        }
        return reload(tenantId, transferId);
    }

    /** A conversation conversation-service closed or erased ({@code conversation.closed}, {@code conversation.deleted}). */
    public record EndedConversation(String tenantId, String conversationId) {
    }

    /** An agent whose slot a change freed and nobody took again in its transaction: {@link #reassessForAgent} after it. */
    public record FreedSlot(String tenantId, String agentId) {
    }

    /**
     * Conversations that were closed or erased, in the consumer's transaction: each one's open transfer (waiting or
     * assigned) ends as a resume ends it — {@code resumed}, the only state a transfer ends in (the desk's Close resumed
     * it too; conversation-service leaves a closed or erased conversation as it is on {@code transfer.resumed}) — with
     * the agent's slot freed and filled again from the queues the agent serves in this transaction,
     * {@code transfer.resumed} through the outbox and the agent's {@code chat_deactivated}. The open transfers are
     * locked first, in id order, and all marked resumed before any freed slot is filled, so a slot is never filled
     * with a transfer that is ending too. A transfer already resumed (by the desk, or an earlier delivery) is left
     * alone. Returns the agents whose freed slot is still free, to reassess once this transaction has committed.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public List<FreedSlot> endForConversations(List<EndedConversation> ended) {
        List<AssignmentRepository.OpenTransfer> open = assignments.lockOpenOfConversations(
                ended.stream().map(EndedConversation::tenantId).toArray(String[]::new),
                ended.stream().map(EndedConversation::conversationId).toArray(String[]::new));
        List<AssignmentRepository.OpenTransfer> resumed = open.stream()
                .filter(transfer -> assignments.markResumed(transfer.transferId())).toList();
        List<FreedSlot> freed = new ArrayList<>();
        for (AssignmentRepository.OpenTransfer transfer : resumed) {
            String agentId = afterResumed(transfer.tenantId(), transfer.transferId(), transfer.agentId());
            if (agentId != null) {
                freed.add(new FreedSlot(transfer.tenantId(), agentId));
            }
        }
        return freed;
    }

    /** After {@link #endForConversations} committed: the queues a freed agent serves, for its still free slot. */
    public void reassessForAgent(String tenantId, String agentId) {
        assignment.reassessForAgent(tenantId, agentId);
    }

    /**
     * A transfer the caller locked and marked resumed, in its transaction: its agent's slot freed, {@code transfer.resumed}
     * and the agent's {@code chat_deactivated} written, the slot filled again from the queues the agent serves. Returns
     * the agent whose slot is still free (to reassess after the commit), or null.
     */
    private String afterResumed(String tenantId, String transferId, String agentId) {
        if (agentId != null) {
            assignments.releaseSlot(agentId);
        }
        Transfer transfer = transfers.findById(transferId);
        events.publish(TransferEvent.RESUMED, transfer);
        notifications.deactivated(transfer, agentId);
        if (agentId != null && assignment.fillFreedSlotInCurrentTransaction(tenantId, agentId)) {
            return null; // the freed slot is taken again: nothing left to reassess
        }
        return agentId;
    }

    private Transfer reload(String tenantId, String id) {
        return QuarkusTransaction.requiringNew().call(() -> transfers.findOwned(tenantId, id).orElseThrow(() -> notFound(id)));
    }

    private Agent agent(String tenantId, String agentId) {
        return agents.findOwned(tenantId, agentId)
                .orElseThrow(() -> ProblemException.notFound("AGENT_NOT_FOUND", "Agent " + agentId + " does not exist."));
    }

    private static ProblemException atCapacity(String agentId) {
        return ProblemException.conflict("AGENT_AT_CAPACITY", "Agent " + agentId + " has no free chat slot (maxChatsCount).");
    }

    private static ProblemException notFound(String id) {
        return ProblemException.notFound("TRANSFER_NOT_FOUND", "Transfer " + id + " does not exist.");
    }
}
