package dev.parley.conversation.service;

import dev.parley.conversation.config.ConversationConfig;
import dev.parley.conversation.repository.MessageRepository;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Instant;
import java.util.List;

/**
 * Picks up what a crash or a failed send left behind: deliveries whose retry is due or whose claiming replica
 * stopped beating (taken over within {@code claim-timeout}), and inbound messages not decided long after arrival. The work runs in each conversation's lane, so order holds.
 */
@ApplicationScoped
public class RecoverySweep {

    private final MessageRepository messages;
    private final InboundService inbound;
    private final DeliveryService delivery;
    private final ConversationLanes lanes;
    private final ReplicaHeartbeat replica;
    private final ConversationConfig config;

    public RecoverySweep(MessageRepository messages, InboundService inbound, DeliveryService delivery,
            ConversationLanes lanes, ReplicaHeartbeat replica, ConversationConfig config) {
        this.messages = messages;
        this.inbound = inbound;
        this.delivery = delivery;
        this.lanes = lanes;
        this.replica = replica;
        this.config = config;
    }

    private volatile boolean stopping;

    void onStop(@Observes ShutdownEvent event) {
        stopping = true;
    }

    @Scheduled(every = "${parley.conversation.delivery.sweep-every:1s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void sweep() {
        if (stopping) {
            return;
        }
        Instant now = Instant.now();
        List<String> retries = QuarkusTransaction.requiringNew().call(() -> messages.conversationsWithDueDeliveries(replica.id(),
                replica.claimTimeoutSeconds(), 200));
        retries.forEach(id -> lanes.submit(id, () -> delivery.deliver(id)));
        List<String> stale = QuarkusTransaction.requiringNew().call(() ->
                messages.conversationsWithStaleInbound(now.minus(config.delivery().recoverAfter()), 200));
        stale.forEach(inbound::process);
    }
}
