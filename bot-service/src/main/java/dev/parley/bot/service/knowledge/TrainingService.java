package dev.parley.bot.service.knowledge;

import dev.parley.bot.Bot;
import dev.parley.bot.KnowledgeBase;
import dev.parley.bot.KnowledgeChunk;
import dev.parley.bot.KnowledgeDocument;
import dev.parley.bot.TrainingJob;
import dev.parley.bot.client.EmbeddingClient;
import dev.parley.bot.messaging.BotEvents;
import dev.parley.bot.repository.BotRepository;
import dev.parley.bot.repository.KnowledgeBaseRepository;
import dev.parley.bot.repository.KnowledgeChunkRepository;
import dev.parley.bot.repository.KnowledgeDocumentRepository;
import dev.parley.bot.repository.TrainingJobRepository;
import dev.parley.bot.service.parts.BotChanges;
import dev.parley.events.bot.BotStatus;
import dev.parley.events.bot.TrainingEvent;
import dev.parley.platform.id.Ids;
import dev.parley.platform.problem.ProblemException;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.jboss.logging.Logger;

/**
 * {@code POST /v1/bots/{id}/train}: a job that embeds the bot's knowledge-base documents through llm-gateway. The bot
 * is {@code training} meanwhile; incremental runs embed only documents whose content hash changed since they were last
 * indexed, or whose chunks another embedding model made (knowledge bases move to a new model by training again).
 * Started, completed and failed runs are announced on {@code parley.bots}.
 */
@ApplicationScoped
public class TrainingService {

    private static final Logger LOG = Logger.getLogger(TrainingService.class);
    /** About what embedding one short document through the gateway's in-process model takes on a small machine. */
    static final Duration FIRST_ESTIMATE_PER_DOCUMENT = Duration.ofSeconds(2);

    private record DocumentToEmbed(String id, String title, String contentType, String content, String hash) {
    }

    private final BotChanges changes;
    private final BotRepository bots;
    private final KnowledgeBaseRepository bases;
    private final KnowledgeDocumentRepository documents;
    private final KnowledgeChunkRepository chunks;
    private final TrainingJobRepository jobs;
    private final EmbeddingClient embeddings;
    private final BotEvents events;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> new Thread(r, "kb-training"));

    public TrainingService(BotChanges changes, BotRepository bots, KnowledgeBaseRepository bases,
            KnowledgeDocumentRepository documents, KnowledgeChunkRepository chunks, TrainingJobRepository jobs,
            EmbeddingClient embeddings, BotEvents events) {
        this.changes = changes;
        this.bots = bots;
        this.bases = bases;
        this.documents = documents;
        this.chunks = chunks;
        this.jobs = jobs;
        this.embeddings = embeddings;
        this.events = events;
    }

    @Transactional
    public TrainingJob start(String botId, boolean fullRetrain) {
        Bot bot = changes.lockOwned(botId);
        if (bot.status == BotStatus.TRAINING) {
            throw ProblemException.conflict("BOT_IS_TRAINING", "The bot is already training; wait for that job to end.");
        }
        String kbId = bot.definition.knowledgeBaseId();
        if (kbId == null) {
            throw ProblemException.validation("knowledgeBaseId", "the bot has no knowledge base to train on");
        }
        KnowledgeBase kb = bases.findOwned(bot.tenantId, kbId).orElseThrow(() -> KnowledgeBaseService.notFound(kbId));
        List<KnowledgeDocument> docs = documents.allOf(kb.id);
        // A bot in error (its last training failed) returns, when this job ends well, to where it was before that one.
        BotStatus before = bot.status != BotStatus.ERROR ? bot.status
                : jobs.latestOf(bot.id).map(last -> last.botStatusBefore).orElse(BotStatus.INACTIVE);
        TrainingJob job = new TrainingJob();
        job.id = Ids.generate("train");
        job.tenantId = bot.tenantId;
        job.botId = bot.id;
        job.knowledgeBaseId = kb.id;
        job.status = TrainingJob.IN_PROGRESS;
        job.fullRetrain = fullRetrain;
        job.botStatusBefore = before;
        job.documentsToProcess = (int) docs.stream()
                .filter(d -> fullRetrain || d.needsTraining(embeddings.model())).count();
        job.startedAt = Instant.now();
        jobs.persist(job);
        bot.status = BotStatus.TRAINING;
        changes.republish(bot);
        events.training(job, TrainingEvent.STARTED);
        return job;
    }

    @Transactional
    public TrainingJob get(String botId, String jobId) {
        Bot bot = changes.owned(botId);
        return jobs.findOwned(bot.tenantId, jobId).filter(j -> j.botId.equals(bot.id))
                .orElseThrow(() -> ProblemException.notFound("TRAINING_NOT_FOUND", "Training " + jobId + " does not exist."));
    }

    /**
     * When a job still running should end: its documents at the pace of the tenant's recent jobs (a first guess of
     * {@link #FIRST_ESTIMATE_PER_DOCUMENT} before it has any). Null once the job has ended.
     */
    @Transactional
    public Instant estimatedCompletion(TrainingJob job) {
        if (!TrainingJob.IN_PROGRESS.equals(job.status)) {
            return null;
        }
        Duration perDocument = jobs.recentTimePerDocument(job.tenantId).orElse(FIRST_ESTIMATE_PER_DOCUMENT);
        return job.startedAt.plus(perDocument.multipliedBy(job.documentsToProcess));
    }

    /** Runs a started job in the background; {@code authorization} is the caller's credential, used for embeddings. */
    public void runInBackground(String jobId, String authorization) {
        worker.submit(() -> run(jobId, authorization));
    }

    void run(String jobId, String authorization) {
        try {
            TrainingJob started = QuarkusTransaction.requiringNew().call(() -> jobs.findById(jobId));
            if (started == null) {
                return;
            }
            List<DocumentToEmbed> todo = QuarkusTransaction.requiringNew().call(() -> documents.allOf(started.knowledgeBaseId)
                    .stream().filter(d -> started.fullRetrain || d.needsTraining(embeddings.model()))
                    .map(d -> new DocumentToEmbed(d.id, d.title, d.contentType, d.content, d.contentHash)).toList());
            int embedded = 0;
            int chunkCount = 0;
            for (DocumentToEmbed doc : todo) {
                List<String> passages = DocumentText.chunks(DocumentText.plain(doc.contentType(), doc.content()));
                List<String> inputs = passages.stream().map(p -> doc.title() + "\n" + p).toList();
                List<float[]> vectors = inputs.isEmpty() ? List.of()
                        : embeddings.embed(authorization, started.tenantId, started.botId, embeddings.model(), inputs);
                boolean stored = QuarkusTransaction.requiringNew().call(() -> store(started.knowledgeBaseId, doc, passages, vectors));
                if (stored) {
                    embedded++;
                    chunkCount += passages.size();
                }
            }
            int embeddedDocs = embedded;
            int chunksStored = chunkCount;
            QuarkusTransaction.requiringNew().run(() -> finish(jobId, TrainingJob.COMPLETED, embeddedDocs, chunksStored, null));
        } catch (RuntimeException e) {
            LOG.warnf(e, "training %s failed", jobId);
            String reason = e instanceof ProblemException p ? p.getMessage() : e.getClass().getSimpleName() + ": " + e.getMessage();
            QuarkusTransaction.requiringNew().run(() -> finish(jobId, TrainingJob.FAILED, 0, 0, reason));
        }
    }

    /** Replaces a document's chunks, unless it was deleted meanwhile. */
    private boolean store(String kbId, DocumentToEmbed doc, List<String> passages, List<float[]> vectors) {
        KnowledgeDocument current = documents.findById(doc.id());
        if (current == null) {
            return false;
        }
        chunks.deleteOfDocument(doc.id());
        List<KnowledgeChunk> rows = new ArrayList<>(passages.size());
        for (int i = 0; i < passages.size(); i++) {
            KnowledgeChunk chunk = new KnowledgeChunk();
            chunk.id = Ids.generate("chk");
            chunk.knowledgeBaseId = kbId;
            chunk.documentId = doc.id();
            chunk.position = i;
            chunk.text = passages.get(i);
            chunk.embedding = DocumentText.toBytes(vectors.get(i));
            rows.add(chunk);
        }
        chunks.persist(rows);
        current.indexedHash = doc.hash();
        current.embeddingModel = embeddings.model();
        current.indexedAt = Instant.now();
        return true;
    }

    private void finish(String jobId, String status, int embedded, int chunkCount, String error) {
        TrainingJob job = jobs.findById(jobId);
        if (job == null) {
            return; // the bot, and its jobs with it, was deleted while training
        }
        job.status = status;
        job.documentsEmbedded = embedded;
        job.chunks = chunkCount;
        job.error = error;
        job.finishedAt = Instant.now();
        bots.findOwnedForUpdate(job.tenantId, job.botId).ifPresent(bot -> {
            if (bot.status == BotStatus.TRAINING) {
                // A failed training leaves the bot in error until it is trained (or activated, or deactivated) again.
                bot.status = TrainingJob.FAILED.equals(status) ? BotStatus.ERROR : job.botStatusBefore;
                changes.republish(bot);
            }
        });
        events.training(job, TrainingJob.COMPLETED.equals(status) ? TrainingEvent.COMPLETED : TrainingEvent.FAILED);
    }

    @PreDestroy
    void stop() {
        worker.shutdownNow();
    }
}
