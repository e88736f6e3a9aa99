package dev.parley.platform.repository;

import jakarta.persistence.Column;
import jakarta.persistence.MappedSuperclass;
import jakarta.persistence.PostLoad;
import jakarta.persistence.PostPersist;
import jakarta.persistence.PostUpdate;
import jakarta.persistence.PrePersist;
import jakarta.persistence.PreUpdate;
import jakarta.persistence.Transient;
import java.time.Instant;
import java.util.Objects;

/**
 * An entity's {@code created_at} and {@code updated_at}, kept by the persistence context: both are set when it is
 * persisted (unless already chosen) and {@code updatedAt} whenever a change to it is flushed, unless the change chose
 * its own (a bot activated at {@code activatedAt} is updated then).
 */
@MappedSuperclass
public abstract class Timestamped extends Created {

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    /** {@code updatedAt} as last read or written, to tell whether a change set its own. */
    @Transient
    private Instant updatedAtAsStored;

    /**
     * A new {@code updatedAt} now, for a change Hibernate cannot see on this row (a bot whose rules changed gets a new
     * version) or that must be visible before the flush.
     */
    public void touch() {
        updatedAt = Instant.now();
    }

    /**
     * Runs after {@link Created}'s callback (a superclass's come first), so {@code createdAt} is set; an entity
     * {@link #touch() touched} while it was being built, before it was persisted, was updated when it was created.
     */
    @PrePersist
    void stampCreation() {
        if (updatedAt == null || updatedAt.isBefore(createdAt)) {
            updatedAt = createdAt;
        }
    }

    @PreUpdate
    void stampUpdate() {
        if (Objects.equals(updatedAt, updatedAtAsStored)) {
            updatedAt = Instant.now();
        }
    }

    @PostLoad
    @PostPersist
    @PostUpdate
    void rememberStored() {
        updatedAtAsStored = updatedAt;
    }
}
