package dev.parley.bot;

import dev.parley.events.bot.BotStatus;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** One run of {@code POST /v1/bots/{id}/train}. */
@Entity
@Table(name = "training_job")
public class TrainingJob {

    public static final String IN_PROGRESS = "in_progress";
    public static final String COMPLETED = "completed";
    public static final String FAILED = "failed";

    @Id
    public String id;

    @Column(name = "tenant_id", nullable = false, updatable = false)
    public String tenantId;

    @Column(name = "bot_id", nullable = false, updatable = false)
    public String botId;

    @Column(name = "knowledge_base_id", nullable = false, updatable = false)
    public String knowledgeBaseId;

    @Column(nullable = false)
    public String status;

    @Column(name = "full_retrain", nullable = false)
    public boolean fullRetrain;

    /** What the bot's status returns to when the job ends. */
    @Enumerated(EnumType.STRING)
    @Column(name = "bot_status_before", nullable = false)
    public BotStatus botStatusBefore;

    @Column(name = "documents_to_process", nullable = false)
    public int documentsToProcess;

    @Column(name = "documents_embedded", nullable = false)
    public int documentsEmbedded;

    @Column(nullable = false)
    public int chunks;

    public String error;

    @Column(name = "started_at", nullable = false)
    public Instant startedAt;

    @Column(name = "finished_at")
    public Instant finishedAt;
}
