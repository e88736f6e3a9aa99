package dev.parley.conversation;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** The newest snapshot of one bot seen on {@code parley.bot-config}, as JSON. */
@Entity
@Table(name = "bot_config")
public class BotConfigEntry {

    @Id
    @Column(name = "bot_id")
    public String botId;

    @Column(name = "tenant_id", nullable = false)
    public String tenantId;

    @Column(nullable = false)
    public long version;

    @Column(nullable = false)
    public String snapshot;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;
}
