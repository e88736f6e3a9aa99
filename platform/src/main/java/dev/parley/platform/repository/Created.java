package dev.parley.platform.repository;

import jakarta.persistence.Column;
import jakarta.persistence.MappedSuperclass;
import jakarta.persistence.PrePersist;
import java.time.Instant;

/**
 * An entity's {@code created_at}, set when it is persisted unless already chosen (a message stored at the instant its
 * conversation moved keeps that instant). Entities that also change extend {@link Timestamped}.
 */
@MappedSuperclass
public abstract class Created {

    @Column(name = "created_at", nullable = false, updatable = false)
    public Instant createdAt;

    @PrePersist
    void stampCreated() {
        if (createdAt == null) {
            createdAt = Instant.now();
        }
    }
}
