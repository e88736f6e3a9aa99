package dev.parley.bot;

import dev.parley.events.bot.BotStatus;
import dev.parley.platform.repository.Timestamped;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/**
 * A tenant's bot. What a tenant configures is one validated document, {@link BotDefinition}; the
 * columns beside it are what the platform itself decides (status, timestamps) or filters by.
 */
@Entity
@Table(name = "bot")
public class Bot extends Timestamped {

    @Id
    public String id;

    @Column(name = "tenant_id", nullable = false, updatable = false)
    public String tenantId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public BotStatus status;

    /** Copied from the definition so that lists filter and search in SQL. */
    @Column(nullable = false)
    public String name;

    public String provider;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(nullable = false)
    public BotDefinition definition;

    /** Who created the bot: the user (JWT subject) or the API key ({@code key_…}) of the creating request. */
    @Column(name = "created_by", updatable = false)
    public String createdBy;

    /** The external bot's signing secret, AES-GCM encrypted. */
    @Column(name = "secret_ciphertext")
    public String secretCiphertext;

    @Column(name = "activated_at")
    public Instant activatedAt;

    @Column(name = "deactivated_at")
    public Instant deactivatedAt;

    @Version
    public long version;

    public void define(BotDefinition definition) {
        this.definition = definition;
        this.name = definition.name();
        this.provider = definition.provider();
    }
}
