package dev.parley.bot.service.bots;

import dev.parley.bot.client.LlmGatewayClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The providers and models a bot may name: llm-gateway's catalogue, plus {@code none}, a bot that answers
 * from rules and flows only. {@code retrieval} and {@code none} need no model.
 */
@ApplicationScoped
public class ModelCatalogue {

    static final String NONE = "none";
    private static final Set<String> MODEL_OPTIONAL = Set.of("retrieval", NONE);

    private final LlmGatewayClient gateway;

    public ModelCatalogue(LlmGatewayClient gateway) {
        this.gateway = gateway;
    }

    public boolean knowsProvider(String provider) {
        return NONE.equals(provider) || gateway.providers().containsKey(provider);
    }

    public Set<String> providers() {
        Set<String> all = new TreeSet<>(gateway.providers().keySet());
        all.add(NONE);
        return all;
    }

    public boolean requiresModel(String provider) {
        return !MODEL_OPTIONAL.contains(provider);
    }

    /** Empty if the model is fine for the provider, else the models it offers. */
    public Optional<Set<String>> rejectModel(String provider, String model) {
        LlmGatewayClient.ProviderModels offered = gateway.providers().get(provider);
        if (offered == null || offered.anyModel() || offered.models().contains(model)) {
            return Optional.empty();
        }
        return Optional.of(new TreeSet<>(offered.models()));
    }
}
