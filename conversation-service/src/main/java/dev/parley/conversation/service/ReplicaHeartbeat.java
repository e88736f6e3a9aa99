package dev.parley.conversation.service;

import dev.parley.conversation.config.ConversationConfig;
import dev.parley.conversation.repository.ReplicaRepository;
import dev.parley.platform.id.Ids;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

/**
 * This replica's identity and liveness: a fresh id per start, a heartbeat row written every
 * {@code parley.conversation.delivery.heartbeat-every}. A reply this replica claimed for delivery belongs to it only
 * while the heartbeat is younger than {@code claim-timeout}; after a crash another replica (or this one restarted,
 * under a new id) takes the claim over within seconds. A clean stop ends the heartbeat at once.
 */
@ApplicationScoped
public class ReplicaHeartbeat {

    private static final Logger LOG = Logger.getLogger(ReplicaHeartbeat.class);

    private final ReplicaRepository replicas;
    private final ConversationConfig config;
    private final String id = Ids.generate("rep");
    private volatile boolean stopping;

    public ReplicaHeartbeat(ReplicaRepository replicas, ConversationConfig config) {
        this.replicas = replicas;
        this.config = config;
    }

    /** This replica's id, as written in the claims it holds. */
    public String id() {
        return id;
    }

    /** How long a claim of a silent replica is honoured, in seconds (a SQL interval). */
    public double claimTimeoutSeconds() {
        return config.delivery().claimTimeout().toMillis() / 1000.0;
    }

    void start(@Observes StartupEvent event) {
        QuarkusTransaction.requiringNew().run(() -> replicas.register(id));
    }

    @Scheduled(every = "${parley.conversation.delivery.heartbeat-every:1s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void beat() {
        if (stopping) {
            return;
        }
        try {
            QuarkusTransaction.requiringNew().run(() -> replicas.beat(id));
        } catch (RuntimeException e) {
            LOG.warnf("Heartbeat of replica %s failed: %s", id, e.getMessage());
        }
    }

    void stop(@Observes ShutdownEvent event) {
        stopping = true;
        try {
            QuarkusTransaction.requiringNew().run(() -> replicas.retire(id));
        } catch (RuntimeException e) {
            LOG.debugf("Could not end the heartbeat of %s: %s", id, e.getMessage());
        }
    }
}
