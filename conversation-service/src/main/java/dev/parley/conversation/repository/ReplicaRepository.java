package dev.parley.conversation.repository;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;

/** The {@code replica} rows: each running conversation-service replica and when it was last heard of. */
@ApplicationScoped
public class ReplicaRepository {

    private final EntityManager entityManager;

    public ReplicaRepository(EntityManager entityManager) {
        this.entityManager = entityManager;
    }

    public void register(String replicaId) {
        entityManager.createNativeQuery("insert into replica (id, started_at, heartbeat_at) values (?1, now(), now())")
                .setParameter(1, replicaId).executeUpdate();
    }

    /** The replica is alive now; replicas silent for an hour hold no claim anyone waits for and are forgotten. */
    public void beat(String replicaId) {
        entityManager.createNativeQuery("update replica set heartbeat_at = now() where id = ?1")
                .setParameter(1, replicaId).executeUpdate();
        entityManager.createNativeQuery("delete from replica where heartbeat_at < now() - interval '1 hour'")
                .executeUpdate();
    }

    /** The replica stopped: its claims may be taken over at once. */
    public void retire(String replicaId) {
        entityManager.createNativeQuery("update replica set heartbeat_at = 'epoch' where id = ?1")
                .setParameter(1, replicaId).executeUpdate();
    }
}
