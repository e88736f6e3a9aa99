package dev.parley.routing.service;

import dev.parley.events.routing.TransferEvent;
import dev.parley.routing.AssignmentStrategy;
import dev.parley.routing.Transfer;
import dev.parley.routing.repository.AssignmentRepository;
import dev.parley.routing.repository.TeamRepository;
import dev.parley.routing.repository.TransferRepository;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import org.jboss.logging.Logger;

/**
 * Automatic assignment: gives waiting transfers to free agents, oldest waiting first, each decision in its own
 * short transaction. It runs after every change that can make an assignment possible (a transfer queued, an
 * agent accepting chats or given more slots or teams, a slot freed) and on a timer as a safety net, on every
 * replica; the guarded statements of {@link AssignmentRepository} keep concurrent replicas correct.
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

    public AssignmentService(AssignmentRepository assignments, TransferRepository transfers, TeamRepository teams,
            TransferEvents events, AgentNotifications notifications) {
        this.assignments = assignments;
        this.transfers = transfers;
        this.teams = teams;
        this.events = events;
        this.notifications = notifications;
    }

    /** One decision: the oldest waiting transfer of the queue to the best free agent, if there is one. */
    public Decision assignNext(String tenantId, String teamId) {
        return QuarkusTransaction.requiringNew().call(() -> {
            AssignmentStrategy strategy = strategyOf(tenantId, teamId);
            if (strategy == AssignmentStrategy.MANUAL) {
                return Decision.NO_FREE_AGENT;
            }
            Optional<String> head = assignments.lockQueueHead(tenantId, teamId);
            if (head.isEmpty()) {
                return Decision.QUEUE_EMPTY;
            }
            Optional<String> agent = assignments.lockBestAgent(tenantId, teamId, strategy);
            if (agent.isEmpty()) {
                return Decision.NO_FREE_AGENT;
            }
            if (!assignments.takeSlot(tenantId, agent.get())
                    || !assignments.markAssigned(head.get(), agent.get(), "WAITING", null)) {
                // cannot happen while both rows are locked; rolling back keeps the guarantees if it ever does
                throw new IllegalStateException("assignment of " + head.get() + " lost its locks");
            }
            if (teamId != null) {
                assignments.touchMembership(teamId, agent.get());
            }
            Transfer transfer = transfers.findById(head.get());
            events.publish(TransferEvent.ASSIGNED, transfer);
            notifications.assigned(transfer);
            return Decision.ASSIGNED;
        });
    }

    /**
     * Assigns what can be assigned in a tenant, oldest waiting transfer first across its queues; stops on a queue
     * once it has no free agent. Returns how many transfers were assigned.
     */
    public int reassess(String tenantId) {
        try {
            return reassessQueues(tenantId);
        } catch (RuntimeException e) {
            // the change that asked for it has committed; the timer reassesses again shortly
            LOG.warnf(e, "Reassessing the queues of %s failed; the next scheduled run retries", tenantId);
            return 0;
        }
    }

    private int reassessQueues(String tenantId) {
        Map<String, Instant> heads = QuarkusTransaction.requiringNew().call(() -> assignments.waitingQueueHeads(tenantId));
        record Queue(String teamId, Instant head) {
        }
        PriorityQueue<Queue> queues = new PriorityQueue<>(Comparator.comparing(Queue::head));
        heads.forEach((team, head) -> queues.add(new Queue(team, head)));
        int assigned = 0;
        while (!queues.isEmpty()) {
            Queue queue = queues.poll();
            if (assignNext(tenantId, queue.teamId()) != Decision.ASSIGNED) {
                continue;
            }
            assigned++;
            QuarkusTransaction.requiringNew().call(() -> assignments.queueHead(tenantId, queue.teamId())).ifPresent(head -> queues.add(new Queue(queue.teamId(), head)));
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
