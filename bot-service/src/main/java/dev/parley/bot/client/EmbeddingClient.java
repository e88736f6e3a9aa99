package dev.parley.bot.client;

import dev.parley.platform.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * Embeds texts through llm-gateway, in batches the gateway accepts, with a model named on every call: the one training
 * embeds documents with now ({@code parley.knowledge.embedding-model}), or the one a document's chunks were embedded
 * with, for a query to be compared with them.
 */
@ApplicationScoped
public class EmbeddingClient {

    static final int BATCH = 64;

    private final LlmEmbeddingsApi gateway;
    private final String model;

    public EmbeddingClient(@RestClient LlmEmbeddingsApi gateway,
            @ConfigProperty(name = "parley.knowledge.embedding-model") String model) {
        this.gateway = gateway;
        this.model = model;
    }

    /** The model training embeds documents with. */
    public String model() {
        return model;
    }

    /**
     * One vector per text, in order, from {@code model}. {@code authorization} is the caller's own header, forwarded
     * as is, with the tenant it acts for.
     */
    public List<float[]> embed(String authorization, String tenantId, String botId, String model, List<String> texts) {
        List<float[]> vectors = new ArrayList<>(texts.size());
        for (int from = 0; from < texts.size(); from += BATCH) {
            List<String> batch = texts.subList(from, Math.min(texts.size(), from + BATCH));
            LlmEmbeddingsApi.Embeddings answer;
            try {
                answer = gateway.embed(authorization, tenantId, botId, new LlmEmbeddingsApi.Request(batch, model));
            } catch (WebApplicationException e) {
                int status = e.getResponse().getStatus();
                throw new ProblemException(status == 429 || status == 403 ? status : 502, status == 429 ? "BUDGET_EXCEEDED"
                        : status == 403 ? "FORBIDDEN" : "EMBEDDINGS_FAILED", "Embeddings failed",
                        "llm-gateway answered " + status + " to the embeddings request.", List.of(), Map.of());
            } catch (ProcessingException e) {
                throw new ProblemException(503, "EMBEDDINGS_UNAVAILABLE", "Service unavailable",
                        "llm-gateway cannot be reached for embeddings; retry shortly.", List.of(), Map.of("Retry-After", "5"));
            }
            answer.data().stream().sorted(Comparator.comparingInt(LlmEmbeddingsApi.Item::index))
                    .forEach(item -> vectors.add(item.embedding()));
        }
        return vectors;
    }
}
