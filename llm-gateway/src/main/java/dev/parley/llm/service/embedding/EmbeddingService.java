package dev.parley.llm.service.embedding;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.output.Response;
import dev.parley.llm.client.ProviderClients;
import dev.parley.llm.service.chat.ModelCatalogue;
import dev.parley.llm.service.chat.ModelRouter;
import dev.parley.llm.service.chat.ProviderFailure;
import dev.parley.llm.service.integration.IntegrationHealth;
import dev.parley.llm.service.usage.UsageService;
import dev.parley.platform.problem.FieldChecks;
import dev.parley.platform.problem.ProblemException;
import dev.parley.platform.security.CurrentCaller;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.util.List;

/**
 * Embeddings: by default with the in-process model (no network, no cost); with a provider's model (OpenAI, an
 * OpenAI-compatible endpoint, Ollama) when the request names one the tenant has an integration for, routed like
 * chat ({@link ModelRouter}). Inputs are capped before any work starts, so a single request cannot occupy the
 * service: at most {@value #MAX_INPUTS} texts of {@value #MAX_INPUT_CHARS} characters.
 */
@ApplicationScoped
public class EmbeddingService {

    static final int MAX_INPUTS = 256;
    static final int MAX_INPUT_CHARS = 8_192;

    public record Result(String model, List<float[]> vectors, int tokens) {
    }

    private final LocalEmbeddingModel local;
    private final UsageService usage;
    private final ModelRouter router;
    private final ProviderClients clients;
    private final ModelCatalogue catalogue;
    private final IntegrationHealth health;
    private final CurrentCaller caller;

    public EmbeddingService(LocalEmbeddingModel local, UsageService usage, ModelRouter router, ProviderClients clients,
            ModelCatalogue catalogue, IntegrationHealth health, CurrentCaller caller) {
        this.local = local;
        this.usage = usage;
        this.router = router;
        this.clients = clients;
        this.catalogue = catalogue;
        this.health = health;
        this.caller = caller;
    }

    /** {@code botId} and {@code conversationId} (either may be null) are what the call is billed to. */
    public Result embed(String model, List<String> inputs, Integer dimensions, String botId, String conversationId) {
        String name = model == null || model.isBlank() ? LocalEmbeddingModel.NAME : model;
        boolean inProcess = local.serves(name);
        checkInputs(inputs, inProcess ? dimensions : null, name);
        int estimate = estimatedTokens(inputs);
        if (inProcess) {
            usage.ensureWithinBudget(estimate);
            long start = System.nanoTime();
            Response<List<Embedding>> response = local.embed(name, inputs);
            return recorded(botId, conversationId, LocalEmbeddingModel.PROVIDER, name, response, estimate, start);
        }
        ModelRouter.Route route = router.route(caller.tenantId(), botId, name);
        if (route.retrieval() || route.provider().equals("anthropic")) {
            throw ProblemException.badRequest("INVALID_MODEL", "model", "'" + name + "' is not an embedding model; use "
                    + LocalEmbeddingModel.NAME + ", " + LocalEmbeddingModel.FULL + " or a provider's embedding model (GET /v1/models)");
        }
        usage.ensureWithinBudget(estimate);
        String routed = route.models().getFirst();
        long start = System.nanoTime();
        Response<List<Embedding>> response;
        try {
            response = clients.embeddingModel(route.endpoint(routed), dimensions)
                    .embedAll(inputs.stream().map(TextSegment::from).toList());
        } catch (RuntimeException e) {
            ProviderFailure failure = ProviderFailure.of(e);
            health.failed(route.integration(), failure.summary());
            throw failure.problem(route.provider(), routed);
        }
        health.succeeded(route.integration());
        return recorded(botId, conversationId, route.provider(), routed, response, estimate, start);
    }

    private Result recorded(String botId, String conversationId, String provider, String model,
            Response<List<Embedding>> response, int estimate, long startNanos) {
        int latencyMs = (int) ((System.nanoTime() - startNanos) / 1_000_000);
        List<float[]> vectors = response.content().stream().map(Embedding::vector).toList();
        int tokens = response.tokenUsage() != null && response.tokenUsage().inputTokenCount() != null
                ? response.tokenUsage().inputTokenCount() : estimate;
        BigDecimal cost = catalogue.priced(provider, model).cost(tokens, 0);
        usage.record(new UsageService.Call(botId, conversationId, "embedding", provider, model, tokens, 0, cost, latencyMs));
        return new Result(model, vectors, tokens);
    }

    private static void checkInputs(List<String> inputs, Integer localDimensions, String name) {
        FieldChecks errors = new FieldChecks();
        if (inputs.size() > MAX_INPUTS) {
            errors.add("input", "at most " + MAX_INPUTS + " texts per request");
        }
        for (int i = 0; i < inputs.size(); i++) {
            String text = inputs.get(i);
            if (text.isBlank()) {
                errors.add("input[" + i + "]", "must not be empty");
            } else if (text.length() > MAX_INPUT_CHARS) {
                errors.add("input[" + i + "]", "at most " + MAX_INPUT_CHARS + " characters");
            }
        }
        if (localDimensions != null && localDimensions != LocalEmbeddingModel.DIMENSIONS) {
            errors.add("dimensions", name + " has " + LocalEmbeddingModel.DIMENSIONS + " dimensions");
        }
        errors.throwIfAny();
    }

    /** About four characters a token: enough to refuse a call the budget clearly cannot take. */
    private static int estimatedTokens(List<String> inputs) {
        return inputs.stream().mapToInt(text -> text.length() / 4 + 1).sum();
    }
}
