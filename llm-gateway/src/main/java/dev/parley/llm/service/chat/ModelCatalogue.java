package dev.parley.llm.service.chat;

import dev.parley.llm.service.embedding.LocalEmbeddingModel;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The models Parley can route to, with their context sizes and list prices (USD per million tokens), which
 * usage and budgets are computed from. {@code ollama} and {@code custom} serve whatever the tenant's
 * endpoint has (the Ollama models listed are common ones, free to run); {@code retrieval} answers from
 * knowledge bases at no cost.
 */
@ApplicationScoped
public class ModelCatalogue {

    /** {@code kind}: {@code chat} or {@code embedding}. */
    public record Model(String provider, String model, int contextWindow, BigDecimal inputPerMillion,
            BigDecimal outputPerMillion, String kind) {

        public static final String CHAT = "chat";
        public static final String EMBEDDING = "embedding";

        private static final BigDecimal MILLION = BigDecimal.valueOf(1_000_000);

        /** Estimated cost in USD of a call with these token counts. */
        public BigDecimal cost(int promptTokens, int completionTokens) {
            return inputPerMillion.multiply(BigDecimal.valueOf(promptTokens))
                    .add(outputPerMillion.multiply(BigDecimal.valueOf(completionTokens)))
                    .divide(MILLION, 8, RoundingMode.HALF_UP);
        }
    }

    private static final List<Model> MODELS = List.of(
            model("openai", "gpt-4.1", 1_047_576, "2.00", "8.00"),
            model("openai", "gpt-4.1-mini", 1_047_576, "0.40", "1.60"),
            model("openai", "gpt-4o", 128_000, "2.50", "10.00"),
            model("openai", "gpt-4o-mini", 128_000, "0.15", "0.60"),
            model("openai", "gpt-4-turbo", 128_000, "10.00", "30.00"),
            model("openai", "gpt-4", 8_192, "30.00", "60.00"),
            model("openai", "gpt-3.5-turbo", 16_385, "0.50", "1.50"),
            model("anthropic", "claude-3-7-sonnet-latest", 200_000, "3.00", "15.00"),
            model("anthropic", "claude-3-5-sonnet-latest", 200_000, "3.00", "15.00"),
            model("anthropic", "claude-3-5-haiku-latest", 200_000, "0.80", "4.00"),
            model("anthropic", "claude-3-opus", 200_000, "15.00", "75.00"),
            model("anthropic", "claude-3-sonnet", 200_000, "3.00", "15.00"),
            model("anthropic", "claude-3-haiku", 200_000, "0.25", "1.25"),
            model("ollama", "llama3.1", 128_000, "0", "0"),
            model("ollama", "mistral", 32_000, "0", "0"),
            model("ollama", "qwen2.5", 32_000, "0", "0"),
            model("retrieval", "retrieval", 0, "0", "0"),
            embedding("openai", "text-embedding-3-small", 8_191, "0.02"),
            embedding("openai", "text-embedding-3-large", 8_191, "0.13"),
            embedding("ollama", "nomic-embed-text", 8_192, "0"),
            embedding(LocalEmbeddingModel.PROVIDER, LocalEmbeddingModel.NAME, 256, "0"),
            embedding(LocalEmbeddingModel.PROVIDER, LocalEmbeddingModel.FULL, 256, "0"));

    /** The listed models by name (the first listed wins), and by provider and name: looked up on every call. */
    private static final Map<String, Model> BY_NAME = MODELS.stream()
            .collect(Collectors.toMap(Model::model, m -> m, (first, later) -> first));
    private static final Map<String, Model> BY_PROVIDER_AND_NAME = MODELS.stream()
            .collect(Collectors.toMap(m -> m.provider() + "/" + m.model(), m -> m));

    /** Providers that serve whatever models the tenant's endpoint has: any model name is accepted. */
    private static final Set<String> OPEN_PROVIDERS = Set.of("ollama", "custom");
    private static final Set<String> PROVIDERS = Set.of("openai", "anthropic", "ollama", "custom", "retrieval");

    /** A provider as clients validate against it: any model, or only the listed ones. */
    public record Provider(String provider, boolean anyModel, boolean requiresApiKey, List<String> models) {
    }

    public List<Provider> providers() {
        return PROVIDERS.stream().sorted().map(p -> new Provider(p, OPEN_PROVIDERS.contains(p),
                p.equals("openai") || p.equals("anthropic"),
                list(p).stream().filter(m -> m.kind().equals(Model.CHAT)).map(Model::model).toList())).toList();
    }

    public boolean knowsProvider(String provider) {
        return PROVIDERS.contains(provider);
    }

    /** Empty if {@code model} may be used with {@code provider}, else the models it offers. */
    public Optional<List<String>> rejectModel(String provider, String model) {
        if (OPEN_PROVIDERS.contains(provider)) {
            return Optional.empty();
        }
        List<String> offered = list(provider).stream().map(Model::model).toList();
        return offered.contains(model) ? Optional.empty() : Optional.of(offered);
    }

    /** The listed model of this name, whoever provides it. */
    public Optional<Model> byName(String model) {
        return Optional.ofNullable(BY_NAME.get(model));
    }

    /** The listed model, or for a provider that serves any model, one at no list price and unknown context. */
    public Model priced(String provider, String model) {
        Model listed = BY_PROVIDER_AND_NAME.get(provider + "/" + model);
        return listed != null ? listed : new Model(provider, model, 0, BigDecimal.ZERO, BigDecimal.ZERO, Model.CHAT);
    }

    public List<Model> list(String provider) {
        return MODELS.stream()
                .filter(m -> provider == null || m.provider().equals(provider))
                .sorted(Comparator.comparing(Model::provider).thenComparing(Model::model))
                .toList();
    }

    private static Model model(String provider, String model, int context, String in, String out) {
        return new Model(provider, model, context, new BigDecimal(in), new BigDecimal(out), Model.CHAT);
    }

    private static Model embedding(String provider, String model, int context, String in) {
        return new Model(provider, model, context, new BigDecimal(in), BigDecimal.ZERO, Model.EMBEDDING);
    }
}
