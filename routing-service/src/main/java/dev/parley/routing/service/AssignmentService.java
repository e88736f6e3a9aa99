package dev.parley.routing.service;

import dev.parley.events.routing.TransferEvent;
import dev.parley.routing.AssignmentStrategy;
import dev.parley.routing.config.AssignmentConfig;
import dev.parley.routing.messaging.TransferEvents;
import dev.parley.routing.repository.AssignmentRepository;
import dev.parley.routing.repository.TeamRepository;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Automatic assignment: gives waiting transfers to free agents, oldest waiting first, in short transactions of
 * up to {@link AssignmentConfig#batchSize()} decisions on one queue. It runs after every change that can make an
 * assignment possible, on the queues that change can affect (a transfer queued: its queue; an agent accepting
 * chats, given more slots or teams, or a slot freed: the queues that agent serves), and on a timer over every
 * queue as a safety net, on every replica; the guarded statements of {@link AssignmentRepository} keep concurrent
 * replicas correct. What triggered it takes one batch; a backlog beyond that drains on the replica's drain thread at
 * a pace ({@link AssignmentConfig#drainRate()}) that leaves the cores to live traffic (handoffs, freed slots).
 */
@ApplicationScoped
public class AssignmentService {

    private static final Logger LOG = Logger.getLogger(AssignmentService.class);

    /** The outcome of one decision on one queue. */
    public enum Decision {
        ASSIGNED, QUEUE_EMPTY, NO_FREE_AGENT
    }

    /** Batches a tenant's backlog takes on the drain thread before the next tenant's. */
    static final int DRAIN_TURN = 10;
    /**
     * How long a drain waits before trying a queue again whose free agents another replica's batch held locked, and
     * how many times in a row it does before giving the next tenant its turn.
     */
    static final long CONTENDED_PAUSE_MILLIS = 5;
    static final int CONTENDED_TRIES = 40;

    /** The general queue has no team, so no team strategy: it spreads conversations by load. */
    static final AssignmentStrategy GENERAL_QUEUE_STRATEGY = AssignmentStrategy.LOAD_BALANCED;

    private final AssignmentRepository assignments;
    private final TeamRepository teams;
    private final TransferEvents events;
    private final AgentNotifications notifications;
    private final AssignmentConfig config;
    private final DrainPace pace;
    private final ExecutorService drains = Executors.newSingleThreadExecutor(
            Thread.ofPlatform().name("assignment-drain").daemon().factory());
    private final Set<String> drainsWaiting = ConcurrentHashMap.newKeySet();

    public AssignmentService(AssignmentRepository assignments, TeamRepository teams, TransferEvents events,
            AgentNotifications notifications, AssignmentConfig config) {
        this.assignments = assignments;
        this.teams = teams;
        this.events = events;
        this.notifications = notifications;
        this.config = config;
        this.pace = new DrainPace(config.drainRate());
    }

    /** One decision: the oldest waiting transfer of the queue to the best free agent, if there is one. */
    public Decision assignNext(String tenantId, String teamId) {
        Batch batch = assignBatch(tenantId, teamId, null, null, 1);
        return batch.assigned() > 0 ? Decision.ASSIGNED : batch.outcome();
    }

    /**
     * What one batch did: how many it assigned, why it stopped if it stopped short, the queue's strategy, and the
     * agent of each decision.
     */
    record Batch(int assigned, Decision outcome, AssignmentStrategy strategy, List<String> agentIds) {
    }

    /**
     * Up to {@code limit} decisions on one queue in one transaction, oldest waiting first: one statement pairs the
     * queue's oldest waiting transfers with the best free slots and assigns them
     * ({@link AssignmentRepository#assignOldestToBestAgents}), one counts the chats against the agents' capacity, one
     * moves the team's round robin on, one writes the events; a batch costs the same few statements whatever its
     * size and the size of the team. Only transfers that waited since {@code notAfter} or longer are taken, so that
     * a batch never overtakes the head of another queue of the tenant (oldest waiting first across queues).
     * {@code knownStrategy}: the queue's, as an earlier batch of the same drain read it ({@code null}: read it now);
     * the statement takes nothing if the team has changed it since.
     */
    Batch assignBatch(String tenantId, String teamId, AssignmentStrategy knownStrategy, Instant notAfter, int limit) {
        return QuarkusTransaction.requiringNew().call(() ->
                assignBatchInCurrentTransaction(tenantId, teamId, knownStrategy, notAfter, limit));
    }

    /** {@link #assignBatch} inside the caller's transaction (which then holds the chosen agents until it ends). */
    Batch assignBatchInCurrentTransaction(String tenantId, String teamId, AssignmentStrategy knownStrategy,
            Instant notAfter, int limit) {
        AssignmentStrategy strategy = knownStrategy != null ? knownStrategy : strategyOf(tenantId, teamId);
        if (strategy == AssignmentStrategy.MANUAL) {
            return new Batch(0, Decision.NO_FREE_AGENT, strategy, List.of());
        }
        AssignmentRepository.Decisions decisions = assignments.assignOldestToBestAgents(tenantId, teamId, strategy,
                notAfter, limit);
        if (decisions.heads() == 0) {
            return new Batch(0, Decision.QUEUE_EMPTY, strategy, List.of());
        }
        List<AssignmentRepository.Assigned> assigned = decisions.assigned();
        if (!assigned.isEmpty()) {
            // each agent's chats in this batch, and the decision that last gave it one (its round-robin turn)
            Map<String, int[]> perAgent = new LinkedHashMap<>();
            for (int i = 0; i < assigned.size(); i++) {
                int[] chatsAndLast = perAgent.computeIfAbsent(assigned.get(i).transfer().agentId, a -> new int[2]);
                chatsAndLast[0]++;
                chatsAndLast[1] = i + 1;
            }
            String[] agentIds = perAgent.keySet().toArray(String[]::new);
            Integer[] chats = perAgent.values().stream().map(c -> c[0]).toArray(Integer[]::new);
            Integer[] lastOrder = perAgent.values().stream().map(c -> c[1]).toArray(Integer[]::new);
            if (assignments.takeSlots(tenantId, agentIds, chats, lastOrder) != agentIds.length) {
                // cannot happen while the agents are locked; rolling back keeps the guarantees if it ever does
                throw new IllegalStateException("a batch of " + assigned.size() + " decisions on " + teamId
                        + " lost its agents' locks");
            }
            if (teamId != null) {
                assignments.touchMemberships(teamId, agentIds);
            }
            events.publishAll(TransferEvent.ASSIGNED, assigned.stream()
                    .map(a -> new TransferEvents.Named(a.transfer(), a.agentName())).toList());
            for (AssignmentRepository.Assigned decision : assigned) {
                if (decision.agentHasWebhook()) {
                    notifications.assigned(decision.transfer());
                }
            }
        }
        Decision outcome = assigned.size() < decisions.heads() ? Decision.NO_FREE_AGENT
                : decisions.heads() < limit ? Decision.QUEUE_EMPTY : Decision.ASSIGNED;
        return new Batch(assigned.size(), outcome, strategy,
                assigned.stream().map(a -> a.transfer().agentId).toList());
    }

    /** A queue ({@code teamId == null}: the general queue) with its strategy, and how many decisions to try on it. */
    public record QueueBatch(String teamId, AssignmentStrategy strategy, int limit) {

        /** The same queue with the other's decisions too. */
        public QueueBatch plus(QueueBatch other) {
            return new QueueBatch(teamId, strategy, limit + other.limit);
        }
    }

    /**
     * New transfers just joined these queues of a tenant (a batch of handoffs): a batch of decisions on each, in the
     * caller's transaction, so that they are assigned in the transaction that creates them. Like
     * {@link #reassessQueue}, each queue is taken alone (oldest of that queue first). Returns how many were assigned.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public int assignNewInCurrentTransaction(String tenantId, List<QueueBatch> queues) {
        int assigned = 0;
        for (QueueBatch queue : queues) {
            assigned += assignBatchInCurrentTransaction(tenantId, queue.teamId(),
                    queue.teamId() == null ? GENERAL_QUEUE_STRATEGY : queue.strategy(), null, queue.limit()).assigned();
        }
        return assigned;
    }

    /**
     * An agent's slot was just freed (a chat resumed, a conversation moved away), in the caller's transaction: the
     * oldest waiting transfer of the queues it serves goes to its queue's best free agent in the same transaction, so
     * the slot is filled when the change commits. Returns true when the freed agent itself took it (then nothing is
     * left for {@link #reassessForAgent}: it had no other free slot while the queues waited, or they would have been
     * assigned to it).
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean fillFreedSlotInCurrentTransaction(String tenantId, String agentId) {
        Map<String, Instant> heads = assignments.waitingQueueHeadsServedBy(tenantId, agentId);
        List<Map.Entry<String, Instant>> oldestFirst = new ArrayList<>(heads.entrySet());
        oldestFirst.sort(Map.Entry.comparingByValue());
        for (Map.Entry<String, Instant> queue : oldestFirst) {
            Batch batch = assignBatchInCurrentTransaction(tenantId, queue.getKey(), null, null, 1);
            if (batch.assigned() > 0) {
                return batch.agentIds().contains(agentId);
            }
        }
        return false;
    }

    /**
     * Assigns what can be assigned in a tenant, oldest waiting transfer first across its queues; stops on a queue
     * once it has no free agent. Returns how many transfers were assigned in the caller's thread (a backlog goes on
     * draining in the background: {@link #drain}).
     */
    public int reassess(String tenantId) {
        return drainSafely(tenantId,
                () -> QuarkusTransaction.requiringNew().call(() -> assignments.waitingQueueHeads(tenantId)));
    }

    /** After a transfer joined a queue ({@code teamId == null}: the general queue): only that queue can change. */
    public int reassessQueue(String tenantId, String teamId) {
        Map<String, Instant> heads = new HashMap<>();
        heads.put(teamId, Instant.MIN); // one queue: its age orders nothing, and an empty one costs one statement
        return drainSafely(tenantId, () -> heads);
    }

    /**
     * After an agent gained room (a slot freed, accepting chats again, more slots or teams): the queues it serves,
     * its teams' and the general queue, oldest waiting first across them.
     */
    public int reassessForAgent(String tenantId, String agentId) {
        return drainSafely(tenantId,
                () -> QuarkusTransaction.requiringNew().call(() -> assignments.waitingQueueHeadsServedBy(tenantId, agentId)));
    }

    private int drainSafely(String tenantId, Supplier<Map<String, Instant>> queues) {
        try {
            return drain(tenantId, queues.get(), false);
        } catch (RuntimeException e) {
            // the change that asked for it has committed; the timer reassesses again shortly
            LOG.warnf(e, "Reassessing the queues of %s failed; the next scheduled run retries", tenantId);
            return 0;
        }
    }

    /**
     * Batches of decisions on the given queues, oldest head first. In the caller's thread (a request, a consumer, the
     * timer) one batch's worth, so that what made room for a backlog is not held until it has drained; the rest on the
     * replica's drain thread, whose batches wait for the pace ({@link AssignmentConfig#drainRate()}) that every batch
     * counts against, {@value #DRAIN_TURN} batches' worth at a time for each tenant in turn.
     */
    private int drain(String tenantId, Map<String, Instant> heads, boolean onDrainThread) {
        int limit = onDrainThread ? DRAIN_TURN * config.batchSize() : config.batchSize();
        record Queue(String teamId, Instant head, AssignmentStrategy strategy) {
        }
        PriorityQueue<Queue> queues = new PriorityQueue<>(Comparator.comparing(Queue::head));
        heads.forEach((team, head) -> queues.add(new Queue(team, head, null)));
        int assigned = 0;
        int contended = 0;
        while (!queues.isEmpty()) {
            if (assigned >= limit || contended > CONTENDED_TRIES) {
                drainInBackground(tenantId);
                break;
            }
            if (onDrainThread) {
                sleep(pace.waitBeforeNext(System.nanoTime()));
            }
            Queue queue = queues.poll();
            Instant notAfter = queues.isEmpty() ? null : queues.peek().head();
            long startedAt = System.nanoTime();
            Batch batch = assignBatch(tenantId, queue.teamId(), queue.strategy(), notAfter, config.batchSize());
            assigned += batch.assigned();
            pace.taken(batch.assigned(), startedAt);
            if (batch.outcome() == Decision.NO_FREE_AGENT && batch.strategy() != AssignmentStrategy.MANUAL
                    && QuarkusTransaction.requiringNew().call(() -> assignments.hasFreeAgent(tenantId, queue.teamId()))) {
                // the free agents it passed over were locked by another batch (another replica's): tried again shortly
                if (!onDrainThread) {
                    drainInBackground(tenantId);
                    break;
                }
                contended++;
                sleep(TimeUnit.MILLISECONDS.toNanos(CONTENDED_PAUSE_MILLIS));
                queues.add(new Queue(queue.teamId(), queue.head(), batch.strategy()));
                continue;
            }
            contended = 0;
            if (batch.assigned() == 0 || batch.outcome() == Decision.NO_FREE_AGENT) {
                continue;
            }
            if (queues.isEmpty()) {
                // the only queue left: its head's age orders nothing, the next batch finds out whether more came
                queues.add(new Queue(queue.teamId(), queue.head(), batch.strategy()));
                continue;
            }
            QuarkusTransaction.requiringNew().call(() -> assignments.queueHead(tenantId, queue.teamId()))
                    .ifPresent(head -> queues.add(new Queue(queue.teamId(), head, batch.strategy())));
        }
        return assigned;
    }

    /**
     * Drains the tenant's queues on the drain thread, after the tenants already waiting for it (one waits there once:
     * a drain that has not started yet will see what the caller changed).
     */
    private void drainInBackground(String tenantId) {
        if (!drainsWaiting.add(tenantId)) {
            return;
        }
        try {
            drains.execute(() -> {
                drainsWaiting.remove(tenantId);
                try {
                    drain(tenantId, QuarkusTransaction.requiringNew().call(() -> assignments.waitingQueueHeads(tenantId)),
                            true);
                } catch (RuntimeException e) {
                    if (!Thread.currentThread().isInterrupted()) { // not the replica stopping
                        LOG.warnf(e, "Draining the queues of %s failed; the next scheduled run retries", tenantId);
                    }
                }
            });
        } catch (RejectedExecutionException e) {
            drainsWaiting.remove(tenantId); // stopping: the timer of a running replica takes it
        }
    }

    private static void sleep(long nanos) {
        try {
            TimeUnit.NANOSECONDS.sleep(nanos);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("a drain was interrupted", e);
        }
    }

    @PreDestroy
    void stopDrains() {
        drains.shutdownNow();
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
        return teams.strategy(tenantId, teamId).orElse(AssignmentStrategy.MANUAL);
    }
}
