package dev.parley.llm.service;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.model.output.Response;
import dev.parley.platform.problem.FieldError;
import dev.parley.platform.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
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

    public EmbeddingService(LocalEmbeddingModel local) {
        this.local = local;
    }

    public Result embed(String model, List<String> inputs, Integer dimensions) {
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
        Response<List<Embedding>> response = local.embed(inputs);
        List<float[]> vectors = response.content().stream().map(Embedding::vector).toList();
        int tokens = response.tokenUsage() != null && response.tokenUsage().inputTokenCount() != null
                ? response.tokenUsage().inputTokenCount() : 0;
        return new Result(name, vectors, tokens);
    }
}
