package dev.parley.llm.service.chat;

import dev.parley.llm.Integration;
import dev.parley.llm.client.ProviderClients;
import dev.parley.llm.config.ChatConfig;
import dev.parley.llm.repository.IntegrationRepository;
import dev.parley.platform.cache.Refresher;
import dev.parley.platform.crypto.SecretCipher;
import dev.parley.platform.id.Ids;
import dev.parley.platform.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * Decides where a chat request goes. {@code model} may be:
 * <ul>
 * <li>{@code retrieval}: the offline retrieval provider;</li>
 * <li>an integration id ({@code int_…}): that integration's default model;</li>
 * <li>{@code provider/model} ({@code ollama/llama3.1}, {@code custom/my-model}): that provider's integration;</li>
 * <li>a model name: the catalogue's provider for it, or else a custom/Ollama integration that lists it.</li>
 * </ul>
 * A bot's own integration wins over the tenant-wide one. The integration's fallback models follow the chosen one.
 */
@ApplicationScoped
public class ModelRouter {

    public static final String RETRIEVAL = "retrieval";

    /** The integration (null for retrieval) and the models to try, in order. */
    public record Route(Integration integration, String provider, List<String> models, String baseUrl, String apiKey) {

        public boolean retrieval() {
            return integration == null;
        }

        public ProviderClients.Endpoint endpoint(String model) {
            return new ProviderClients.Endpoint(provider, baseUrl, apiKey, model);
        }
    }

    /** How long a replica routes with the integrations it read; its own changes apply at once. */
    private static final long INTEGRATIONS_FRESH_MILLIS = 5_000;
    /**
     * Past fresh and up to this, a call from memory is routed with the integrations read before while they are read
     * again on a worker (once, whatever the calls meanwhile).
     */
    private static final long INTEGRATIONS_STALE_MILLIS = 10_000;

    private record Enabled(List<Integration> integrations, long readAt) {
    }

    private final Map<String, Enabled> enabledByTenant = new ConcurrentHashMap<>();
    private final Refresher refresher = new Refresher("a tenant's integrations");
    private final IntegrationRepository integrations;
    private final ModelCatalogue catalogue;
    private final SecretCipher cipher;
    private final ChatConfig config;

    public ModelRouter(IntegrationRepository integrations, ModelCatalogue catalogue, SecretCipher cipher,
            ChatConfig config) {
        this.integrations = integrations;
        this.catalogue = catalogue;
        this.cipher = cipher;
        this.config = config;
    }

    public Route route(String tenantId, String botId, String model) {
        return route(tenantId, botId, model, false);
    }

    /** With {@code fromMemory}, never reads the database: throws {@link NotInMemory} when it would have to. */
    Route route(String tenantId, String botId, String model, boolean fromMemory) {
        if (model == null || model.isBlank()) {
            throw ProblemException.validation("model", "is required");
        }
        if (model.equals(RETRIEVAL)) {
            return new Route(null, RETRIEVAL, List.of(RETRIEVAL), null, null);
        }
        List<Integration> enabled = enabled(tenantId, fromMemory);
        if (Ids.looksLike("int", model)) {
            Integration integration = enabled.stream().filter(i -> i.id.equals(model)).findFirst()
                    .orElseThrow(() -> ProblemException.badRequest("INTEGRATION_NOT_FOUND", "model",
                            "Integration " + model + " does not exist or is disabled."));
            if (integration.defaultModel == null) {
                throw ProblemException.badRequest("INVALID_MODEL", "model", "Integration " + model
                        + " has no default model; name the model as provider/model.");
            }
            return route(integration, integration.defaultModel);
        }
        int slash = model.indexOf('/');
        if (slash > 0 && catalogue.knowsProvider(model.substring(0, slash))) {
            String provider = model.substring(0, slash);
            String name = model.substring(slash + 1);
            catalogue.rejectModel(provider, name).ifPresent(offered -> {
                throw invalidModel(model);
            });
            return route(integrationFor(enabled, botId, provider, name), name);
        }
        Optional<ModelCatalogue.Model> listed = catalogue.byName(model);
        if (listed.isPresent()) {
            return route(integrationFor(enabled, botId, listed.get().provider(), model), model);
        }
        Integration serving = firstUsable(enabled, botId, null,
                i -> model.equals(i.defaultModel) || i.fallbackModels.contains(model));
        if (serving == null) {
            throw invalidModel(model);
        }
        return route(serving, model);
    }

    private Route route(Integration integration, String model) {
        LinkedHashSet<String> models = new LinkedHashSet<>();
        models.add(model);
        models.addAll(integration.fallbackModels);
        String baseUrl = integration.baseUrl != null ? integration.baseUrl : config.defaultBaseUrls().get(integration.provider);
        String apiKey = integration.apiKeyCiphertext == null ? null : cipher.decrypt(integration.apiKeyCiphertext);
        return new Route(integration, integration.provider, new ArrayList<>(models), baseUrl, apiKey);
    }

    /** Forgets what was read of a tenant's integrations (after a change, or when one starts failing). */
    public void forget(String tenantId) {
        enabledByTenant.remove(tenantId);
    }

    private List<Integration> enabled(String tenantId, boolean fromMemory) {
        long now = System.currentTimeMillis();
        Enabled cached = enabledByTenant.get(tenantId);
        // a call on a worker reads them once they are no longer fresh; one from memory goes on with them until stale
        if (cached != null && refresher.serves(tenantId, now - cached.readAt(), INTEGRATIONS_FRESH_MILLIS,
                fromMemory ? INTEGRATIONS_STALE_MILLIS : INTEGRATIONS_FRESH_MILLIS, () -> {
                    Enabled read = new Enabled(read(tenantId), System.currentTimeMillis());
                    enabledByTenant.computeIfPresent(tenantId, (ignored, before) -> read); // forgotten meanwhile: read anew
                })) {
            return cached.integrations();
        }
        if (fromMemory) {
            throw new NotInMemory();
        }
        cached = new Enabled(read(tenantId), now);
        enabledByTenant.put(tenantId, cached);
        return cached.integrations();
    }

    @Transactional
    List<Integration> read(String tenantId) {
        return integrations.enabled(tenantId);
    }

    /**
     * The first integration a call for {@code botId} (may be null) may use, of {@code provider} (any if null) and
     * accepted by {@code serves}: the bot's own first, then the tenant's; null if none.
     */
    private static Integration firstUsable(List<Integration> enabled, String botId, String provider,
            Predicate<Integration> serves) {
        for (boolean botsOwn : new boolean[] {true, false}) {
            for (Integration i : enabled) {
                boolean scoped = botsOwn ? i.botId != null && i.botId.equals(botId) : i.botId == null;
                if (scoped && (provider == null || i.provider.equals(provider)) && serves.test(i)) {
                    return i;
                }
            }
        }
        return null;
    }

    private Integration integrationFor(List<Integration> enabled, String botId, String provider, String model) {
        Integration usable = firstUsable(enabled, botId, provider, i -> true);
        if (usable == null) {
            throw ProblemException.badRequest("INTEGRATION_REQUIRED", "model", "Model " + model
                    + " needs an enabled " + provider + " integration; create one with POST /v1/integrations.");
        }
        return usable;
    }

    private static ProblemException invalidModel(String model) {
        return ProblemException.badRequest("INVALID_MODEL", "model", "Unknown model '" + model + "'. Use a model of "
                + "GET /v1/models, provider/model, an integration id (int_…) or 'retrieval'.");
    }
}
