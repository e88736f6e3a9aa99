package dev.parley.bot;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Set;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** An API key of a tenant. The secret itself is shown once at creation; only its SHA-256 hash is kept. */
@Entity
@Table(name = "api_key")
public class ApiKey {

    @Id
    public String id;

    @Column(name = "tenant_id", nullable = false, updatable = false)
    public String tenantId;

    @Column(nullable = false)
    public String name;

    @Column(nullable = false, unique = true, updatable = false)
    public String hash;

    /** {@code pk_AbCd…wxyz}: enough to recognise a key, useless to use it. */
    @Column(nullable = false, updatable = false)
    public String hint;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(nullable = false)
    public Set<String> scopes;

    @Column(nullable = false)
    public String plan;

    @Column(name = "created_by", nullable = false, updatable = false)
    public String createdBy;

    @Column(name = "created_at", nullable = false, updatable = false)
    public Instant createdAt;

    @Column(name = "expires_at")
    public Instant expiresAt;

    @Column(name = "revoked_at")
    public Instant revokedAt;
}
