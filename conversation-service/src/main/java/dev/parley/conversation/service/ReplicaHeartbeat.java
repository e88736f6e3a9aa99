package dev.parley.conversation.service;

import dev.parley.conversation.config.ConversationConfig;
import dev.parley.platform.id.Ids;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;
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

    private final EntityManager entityManager;
    private final ConversationConfig config;
    private final String id = Ids.generate("rep");
    private volatile boolean stopping;

    public ReplicaHeartbeat(EntityManager entityManager, ConversationConfig config) {
        this.entityManager = entityManager;
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
        QuarkusTransaction.requiringNew().run(() -> entityManager.createNativeQuery(
                "insert into replica (id, started_at, heartbeat_at) values (?1, now(), now())")
                .setParameter(1, id).executeUpdate());
    }

    @Scheduled(every = "${parley.conversation.delivery.heartbeat-every:1s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void beat() {
        if (stopping) {
            return;
        }
        try {
            QuarkusTransaction.requiringNew().run(() -> {
                entityManager.createNativeQuery("update replica set heartbeat_at = now() where id = ?1")
                        .setParameter(1, id).executeUpdate();
                // replicas silent for an hour hold no claim anyone waits for: forget them
                entityManager.createNativeQuery("delete from replica where heartbeat_at < now() - interval '1 hour'")
                        .executeUpdate();
            });
        } catch (RuntimeException e) {
            LOG.warnf("Heartbeat of replica %s failed: %s", id, e.getMessage());
        }
    }

    void stop(@Observes ShutdownEvent event) {
        stopping = true;
        try {
            QuarkusTransaction.requiringNew().run(() -> entityManager.createNativeQuery(
                    "update replica set heartbeat_at = 'epoch' where id = ?1").setParameter(1, id).executeUpdate());
        } catch (RuntimeException e) {
            LOG.debugf("Could not end the heartbeat of %s: %s", id, e.getMessage());
        }
    }
}
