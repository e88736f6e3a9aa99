package dev.parley.bot;

import dev.parley.platform.repository.Timestamped;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * A tenant as bot-service knows it. Keycloak is where tenants and their plans are administered (group
 * attributes {@code tenant_id} and {@code plan}); this row follows the claims of the tenant's admins.
 */
@Entity
@Table(name = "tenant")
public class Tenant extends Timestamped {

    @Id
    public String id;

    @Column(nullable = false)
    public String plan;
}
