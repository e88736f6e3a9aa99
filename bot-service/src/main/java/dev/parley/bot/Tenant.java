package dev.parley.bot;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * A tenant as bot-service knows it. Keycloak is where tenants and their plans are administered (group
 * attributes {@code tenant_id} and {@code plan}); this row follows the claims of the tenant's admins.
 */
@Entity
@Table(name = "tenant")
public class Tenant {

    @Id
    public String id;

    @Column(nullable = false)
    public String plan;

    @Column(name = "created_at", nullable = false, updatable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;
}
