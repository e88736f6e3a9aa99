package dev.parley.bot.service;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The providers and models a bot may name. Until llm-gateway serves its catalogue this is the Linktor
 * seed's table, plus the providers the spec adds: {@code ollama} and {@code custom} serve whatever model
 * the tenant's endpoint has, {@code retrieval} needs no model, {@code none} is a bot without AI answers.
 */
@ApplicationScoped
public class ModelCatalog {

    /** A provider with an empty model set accepts any model name. */
    private static final Map<String, Set<String>> MODELS = Map.of(
            "openai", Set.of("gpt-4", "gpt-4-turbo", "gpt-3.5-turbo", "gpt-4o", "gpt-4o-mini"),
            "anthropic", Set.of("claude-3-opus", "claude-3-sonnet", "claude-3-haiku"),
            "ollama", Set.of(),
            "custom", Set.of(),
            "retrieval", Set.of(),
            "none", Set.of());

    private static final Set<String> MODEL_OPTIONAL = Set.of("retrieval", "none");

    public boolean knowsProvider(String provider) {
        return MODELS.containsKey(provider);
    }

    public Set<String> providers() {
        return MODELS.keySet();
    }

    public boolean requiresModel(String provider) {
        return !MODEL_OPTIONAL.contains(provider);
    }

    /** Empty if the model is fine for the provider, else the models it offers. */
    public Optional<Set<String>> rejectModel(String provider, String model) {
        Set<String> models = MODELS.get(provider);
        return models.isEmpty() || models.contains(model) ? Optional.empty() : Optional.of(models);
    }
}
