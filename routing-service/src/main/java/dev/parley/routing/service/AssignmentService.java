package dev.parley.routing.service;

import dev.parley.events.routing.TransferEvent;
import dev.parley.routing.AssignmentStrategy;
import dev.parley.routing.Transfer;
import dev.parley.routing.config.AssignmentConfig;
import dev.parley.routing.messaging.TransferEvents;
import dev.parley.routing.repository.AssignmentRepository;
import dev.parley.routing.repository.TeamRepository;
import dev.parley.routing.repository.TransferRepository;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Automatic assignment: gives waiting transfers to free agents, oldest waiting first, in short transactions of
 * up to {@link AssignmentConfig#batchSize()} decisions on one queue. It runs after every change that can make an
 * assignment possible, on the queues that change can affect (a transfer queued: its queue; an agent accepting
 * chats, given more slots or teams, or a slot freed: the queues that agent serves), and on a timer over every
 * queue as a safety net, on every replica; the guarded statements of {@link AssignmentRepository} keep concurrent
 * replicas correct.
 */
@ApplicationScoped
public class AssignmentService {

    private static final Logger LOG = Logger.getLogger(AssignmentService.class);

    /** The outcome of one decision on one queue. */
    public enum Decision {
        ASSIGNED, QUEUE_EMPTY, NO_FREE_AGENT
    }

    /** The general queue has no team, so no team strategy: it spreads conversations by load. */
    static final AssignmentStrategy GENERAL_QUEUE_STRATEGY = AssignmentStrategy.LOAD_BALANCED;

    private final AssignmentRepository assignments;
    private final TransferRepository transfers;
    private final TeamRepository teams;
    private final TransferEvents events;
    private final AgentNotifications notifications;
    private final AssignmentConfig config;

    public AssignmentService(AssignmentRepository assignments, TransferRepository transfers, TeamRepository teams,
            TransferEvents events, AgentNotifications notifications, AssignmentConfig config) {
        this.assignments = assignments;
        this.transfers = transfers;
        this.teams = teams;
        this.events = events;
        this.notifications = notifications;
        this.config = config;
    }

    /** One decision: the oldest waiting transfer of the queue to the best free agent, if there is one. */
    public Decision assignNext(String tenantId, String teamId) {
        Batch batch = assignBatch(tenantId, teamId, null, 1);
        return batch.assigned() > 0 ? Decision.ASSIGNED : batch.outcome();
    }

    /** What one batch did: how many it assigned, and why it stopped if it stopped short. */
    record Batch(int assigned, Decision outcome) {
    }

    /**
     * Up to {@code limit} decisions on one queue in one transaction, oldest waiting first, each one the production
     * decision: lock the head, one lookup in the index of free agents, take the slot, assign, publish. Only
     * transfers that waited since {@code notAfter} or longer are taken, so that a batch never overtakes the head of
     * another queue of the tenant (oldest waiting first across queues).
     */
    Batch assignBatch(String tenantId, String teamId, Instant notAfter, int limit) {
        return QuarkusTransaction.requiringNew().call(() -> {
            AssignmentStrategy strategy = strategyOf(tenantId, teamId);
            if (strategy == AssignmentStrategy.MANUAL) {
                return new Batch(0, Decision.NO_FREE_AGENT);
            }
            List<String> heads = assignments.lockQueueHeads(tenantId, teamId, notAfter, limit);
            if (heads.isEmpty()) {
                return new Batch(0, Decision.QUEUE_EMPTY);
            }
            int assigned = 0;
            for (String head : heads) {
                Optional<String> agent = assignments.lockBestAgent(tenantId, teamId, strategy);
                if (agent.isEmpty()) {
                    return new Batch(assigned, Decision.NO_FREE_AGENT);
                }
                if (!assignments.takeSlot(tenantId, agent.get())
                        || !assignments.markAssigned(head, agent.get(), "WAITING", null)) {
                    // cannot happen while both rows are locked; rolling back keeps the guarantees if it ever does
                    throw new IllegalStateException("assignment of " + head + " lost its locks");
                }
                if (teamId != null) {
                    assignments.touchMembership(teamId, agent.get());
                }
                Transfer transfer = transfers.findById(head);
                events.publish(TransferEvent.ASSIGNED, transfer);
                notifications.assigned(transfer);
                assigned++;
            }
            return new Batch(assigned, heads.size() < limit ? Decision.QUEUE_EMPTY : Decision.ASSIGNED);
        });
    }

    /**
     * Assigns what can be assigned in a tenant, oldest waiting transfer first across its queues; stops on a queue
     * once it has no free agent. Returns how many transfers were assigned.
     */
    public int reassess(String tenantId) {
        return reassessSafely(tenantId, () -> assignments.waitingQueueHeads(tenantId));
    }

    /** After a transfer joined a queue ({@code teamId == null}: the general queue): only that queue can change. */
    public int reassessQueue(String tenantId, String teamId) {
        return reassessSafely(tenantId, () -> {
            Map<String, Instant> heads = new HashMap<>();
            assignments.queueHead(tenantId, teamId).ifPresent(head -> heads.put(teamId, head));
            return heads;
        });
    }

    /**
     * After an agent gained room (a slot freed, accepting chats again, more slots or teams): the queues it serves,
     * its teams' and the general queue, oldest waiting first across them.
     */
    public int reassessForAgent(String tenantId, String agentId) {
        return reassessSafely(tenantId, () -> assignments.waitingQueueHeadsServedBy(tenantId, agentId));
    }

    private int reassessSafely(String tenantId, Supplier<Map<String, Instant>> queues) {
        try {
            return drain(tenantId, QuarkusTransaction.requiringNew().call(queues::get));
        } catch (RuntimeException e) {
            // the change that asked for it has committed; the timer reassesses again shortly
            LOG.warnf(e, "Reassessing the queues of %s failed; the next scheduled run retries", tenantId);
            return 0;
        }
    }

    private int drain(String tenantId, Map<String, Instant> heads) {
        record Queue(String teamId, Instant head) {
        }
        PriorityQueue<Queue> queues = new PriorityQueue<>(Comparator.comparing(Queue::head));
        heads.forEach((team, head) -> queues.add(new Queue(team, head)));
        int assigned = 0;
        while (!queues.isEmpty()) {
            Queue queue = queues.poll();
            Instant notAfter = queues.isEmpty() ? null : queues.peek().head();
            Batch batch = assignBatch(tenantId, queue.teamId(), notAfter, config.batchSize());
            assigned += batch.assigned();
            if (batch.assigned() == 0 || batch.outcome() == Decision.NO_FREE_AGENT) {
                continue;
            }
            QuarkusTransaction.requiringNew().call(() -> assignments.queueHead(tenantId, queue.teamId()))
                    .ifPresent(head -> queues.add(new Queue(queue.teamId(), head)));
        }
        return assigned;
    }

    /** Whatever the triggers missed (a replica stopped between a change and its reassessment). */
    @Scheduled(every = "${parley.routing.reassess-every:10s}", delayed = "5s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void reassessAll() {
        for (String tenant : QuarkusTransaction.requiringNew().call(assignments::tenantsWithWaitingTransfers)) {
            reassess(tenant);
        }
    }

    private AssignmentStrategy strategyOf(String tenantId, String teamId) {
        if (teamId == null) {
            return GENERAL_QUEUE_STRATEGY;
        }
        return teams.findOwned(tenantId, teamId).map(team -> team.strategy).orElse(AssignmentStrategy.MANUAL);
    }
}
