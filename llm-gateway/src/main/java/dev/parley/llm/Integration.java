package dev.parley.llm;

import dev.parley.platform.repository.Timestamped;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.List;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/**
 * A tenant's connection to an LLM provider, for the whole tenant or one bot. The provider API key is kept
 * encrypted and never leaves the gateway; only its last four characters are shown.
 */
@Entity
@Table(name = "integration")
public class Integration extends Timestamped {

    @Id
    public String id;

    @Column(name = "tenant_id", nullable = false, updatable = false)
    public String tenantId;

    /** Null for a tenant-wide integration. */
    @Column(name = "bot_id")
    public String botId;

    @Column(nullable = false)
    public String name;

    @Column(nullable = false)
    public String provider;

    /** Null means the provider's public endpoint. */
    @Column(name = "base_url")
    public String baseUrl;

    @Column(name = "api_key_ciphertext")
    public String apiKeyCiphertext;

    @Column(name = "api_key_last4")
    public String apiKeyLast4;

    @Column(name = "default_model")
    public String defaultModel;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "fallback_models", nullable = false)
    public List<String> fallbackModels;

    @Column(nullable = false)
    public boolean enabled;

    /** Calls that failed in a row (maintained by {@code IntegrationHealth}, never by an edit). */
    @Column(name = "consecutive_failures", insertable = false, updatable = false)
    public int consecutiveFailures;

    @Column(name = "last_error", insertable = false, updatable = false)
    public String lastError;

    @Column(name = "last_failure_at", insertable = false, updatable = false)
    public Instant lastFailureAt;

    @Version
    public long version;
}
