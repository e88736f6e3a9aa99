package dev.parley.platform.apikey;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Set;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** This service's copy of an API key owned by bot-service, kept current from {@code parley.api-keys}. */
@Entity
@Table(name = "api_key_replica")
public class ReplicatedApiKey {

    @Id
    public String id;

    @Column(name = "tenant_id", nullable = false)
    public String tenantId;

    @Column(nullable = false, unique = true)
    public String hash;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(nullable = false)
    public Set<String> scopes;

    @Column(nullable = false)
    public String plan;

    @Column(name = "expires_at")
    public Instant expiresAt;

    @Column(name = "revoked_at")
    public Instant revokedAt;
}
