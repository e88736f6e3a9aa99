package dev.parley.llm.service;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.model.output.Response;
import dev.parley.platform.problem.FieldError;
import dev.parley.platform.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * Embeddings with the in-process model. Inputs are capped before any work starts, so a single request
 * cannot occupy the service: at most {@value #MAX_INPUTS} texts of {@value #MAX_INPUT_CHARS} characters.
 */
@ApplicationScoped
public class EmbeddingService {

    static final int MAX_INPUTS = 256;
    static final int MAX_INPUT_CHARS = 8_192;

    public record Result(String model, List<float[]> vectors, int tokens) {
    }

    private final LocalEmbeddingModel local;
    private final UsageService usage;

    public EmbeddingService(LocalEmbeddingModel local, UsageService usage) {
        this.local = local;
        this.usage = usage;
    }

    /** {@code botId} and {@code conversationId} (either may be null) are what the call is billed to. */
    public Result embed(String model, List<String> inputs, Integer dimensions, String botId, String conversationId) {
        String name = model == null || model.isBlank() ? LocalEmbeddingModel.NAME : model;
        if (!name.equals(LocalEmbeddingModel.NAME)) {
            throw ProblemException.badRequest("INVALID_MODEL", "model",
                    "Embedding model '" + name + "' is not available; use " + LocalEmbeddingModel.NAME);
        }
        List<FieldError> errors = new ArrayList<>();
        if (inputs.size() > MAX_INPUTS) {
            errors.add(new FieldError("input", "at most " + MAX_INPUTS + " texts per request"));
        }
        for (int i = 0; i < inputs.size(); i++) {
            String text = inputs.get(i);
            if (text.isBlank()) {
                errors.add(new FieldError("input[" + i + "]", "must not be empty"));
            } else if (text.length() > MAX_INPUT_CHARS) {
                errors.add(new FieldError("input[" + i + "]", "at most " + MAX_INPUT_CHARS + " characters"));
            }
        }
        if (dimensions != null && dimensions != LocalEmbeddingModel.DIMENSIONS) {
            errors.add(new FieldError("dimensions", name + " has " + LocalEmbeddingModel.DIMENSIONS + " dimensions"));
        }
        if (!errors.isEmpty()) {
            throw ProblemException.validation(errors);
        }
        int estimate = estimatedTokens(inputs);
        usage.ensureWithinBudget(estimate);
        long start = System.nanoTime();
        Response<List<Embedding>> response = local.embed(inputs);
        int latencyMs = (int) ((System.nanoTime() - start) / 1_000_000);
        List<float[]> vectors = response.content().stream().map(Embedding::vector).toList();
        int tokens = response.tokenUsage() != null && response.tokenUsage().inputTokenCount() != null
                ? response.tokenUsage().inputTokenCount() : estimate;
        usage.record(new UsageService.Call(botId, conversationId, "embedding", LocalEmbeddingModel.PROVIDER, name, tokens, 0,
                BigDecimal.ZERO, latencyMs));
        return new Result(name, vectors, tokens);
    }

    /** About four characters a token: enough to refuse a call the budget clearly cannot take. */
    private static int estimatedTokens(List<String> inputs) {
        return inputs.stream().mapToInt(text -> text.length() / 4 + 1).sum();
    }
}
