package dev.parley.bot.repository;

import dev.parley.bot.TrainingJob;
import dev.parley.platform.repository.TenantOwnedRepository;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

@ApplicationScoped
public class TrainingJobRepository implements TenantOwnedRepository<TrainingJob> {

    /** When the knowledge base was last trained to the end, by any bot. */
    public Optional<Instant> lastCompletedAt(String knowledgeBaseId) {
        return getEntityManager().createQuery("select max(j.finishedAt) from TrainingJob j where j.knowledgeBaseId = ?1"
                + " and j.status = ?2", Instant.class)
                .setParameter(1, knowledgeBaseId).setParameter(2, TrainingJob.COMPLETED)
                .getResultStream().filter(at -> at != null).findFirst();
    }

    /** The bot's most recent job before this one. */
    public Optional<TrainingJob> latestOf(String botId) {
        return find("botId", Sort.descending("startedAt"), botId).firstResultOptional();
    }

    /**
     * How long one document took to embed in the tenant's recent completed jobs; empty while the tenant has none
     * that embedded anything.
     */
    public Optional<Duration> recentTimePerDocument(String tenantId) {
        List<TrainingJob> recent = find("tenantId = ?1 and status = ?2 and documentsEmbedded > 0", Sort.descending("startedAt"),
                tenantId, TrainingJob.COMPLETED).page(0, 10).list();
        long millis = 0;
        long documents = 0;
        for (TrainingJob job : recent) {
            millis += Duration.between(job.startedAt, job.finishedAt).toMillis();
            documents += job.documentsEmbedded;
        }
        return documents == 0 ? Optional.empty() : Optional.of(Duration.ofMillis(millis / documents));
    }
}
