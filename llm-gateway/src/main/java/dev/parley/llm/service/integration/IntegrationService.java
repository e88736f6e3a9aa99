package dev.parley.llm.service.integration;

import dev.parley.llm.Integration;
import dev.parley.llm.client.BotServiceClient;
import dev.parley.llm.repository.IntegrationRepository;
import dev.parley.llm.service.chat.ModelCatalogue;
import dev.parley.llm.service.chat.ModelRouter;
import dev.parley.platform.crypto.SecretCipher;
import dev.parley.platform.id.Ids;
import dev.parley.platform.outbound.OutboundGuard;
import dev.parley.platform.outbound.OutboundRefusedException;
import dev.parley.platform.paging.Page;
import dev.parley.platform.paging.PageRequest;
import dev.parley.platform.problem.FieldChecks;
import dev.parley.platform.problem.ProblemException;
import dev.parley.platform.rest.RequestValues;
import dev.parley.platform.security.CurrentCaller;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** Tenants' provider integrations: validated against the catalogue and the outbound guard, keys encrypted. */
@ApplicationScoped
public class IntegrationService {

    /** Providers that need the tenant's own API key; the others run where the tenant points them. */
    private static final Set<String> KEYED = Set.of("openai", "anthropic");
    private static final Set<String> NEED_BASE_URL = Set.of("ollama", "custom");

    private final IntegrationRepository integrations;
    private final ModelCatalogue catalogue;
    private final OutboundGuard guard;
    private final SecretCipher cipher;
    private final CurrentCaller caller;
    private final ModelRouter router;
    private final BotServiceClient bots;

    public IntegrationService(IntegrationRepository integrations, ModelCatalogue catalogue, OutboundGuard guard,
            SecretCipher cipher, CurrentCaller caller, ModelRouter router, BotServiceClient bots) {
        this.router = router;
        this.bots = bots;
        this.integrations = integrations;
        this.catalogue = catalogue;
        this.guard = guard;
        this.cipher = cipher;
        this.caller = caller;
    }

    @Transactional
    public Integration create(IntegrationChanges changes) {
        Integration integration = new Integration();
        integration.id = Ids.generate("int");
        integration.tenantId = caller.tenantId();
        integration.fallbackModels = List.of();
        integration.enabled = true;
        apply(integration, changes);
        integrations.persist(integration);
        router.forget(integration.tenantId);
        return integration;
    }

    @Transactional
    public Integration update(String id, IntegrationChanges changes) {
        Integration integration = integrations.findOwnedForUpdate(caller.tenantId(), id).orElseThrow(() -> notFound(id));
        apply(integration, changes);
        router.forget(integration.tenantId);
        return integration;
    }

    @Transactional
    public void delete(String id) {
        integrations.delete(integrations.findOwnedForUpdate(caller.tenantId(), id).orElseThrow(() -> notFound(id)));
        router.forget(caller.tenantId());
    }

    @Transactional
    public Integration get(String id) {
        return integrations.findOwned(caller.tenantId(), id).orElseThrow(() -> notFound(id));
    }

    @Transactional
    public Page<Integration> list(String botId, String provider, PageRequest page) {
        return integrations.search(caller.tenantId(), botId, provider, page);
    }

    private void apply(Integration integration, IntegrationChanges changes) {
        if (changes.name() != null) {
            integration.name = changes.name().strip();
        }
        if (changes.provider() != null) {
            integration.provider = changes.provider();
        }
        if (changes.baseUrl() != null) {
            integration.baseUrl = changes.baseUrl().isBlank() ? null : changes.baseUrl().strip();
        }
        if (changes.botId() != null) {
            integration.botId = changes.botId().isBlank() ? null : changes.botId().strip();
        }
        if (changes.defaultModel() != null) {
            integration.defaultModel = changes.defaultModel().isBlank() ? null : changes.defaultModel().strip();
        }
        if (changes.fallbackModels() != null) {
            FieldChecks blank = new FieldChecks();
            for (int i = 0; i < changes.fallbackModels().size(); i++) {
                String model = changes.fallbackModels().get(i);
                if (model == null || model.isBlank()) {
                    blank.add("fallbackModels[" + i + "]", "must be a model name");
                }
            }
            blank.throwIfAny();
            integration.fallbackModels = changes.fallbackModels().stream().map(String::strip).toList();
        }
        if (changes.enabled() != null) {
            integration.enabled = changes.enabled();
        }
        if (changes.apiKey() != null && !changes.apiKey().isBlank()) {
            // stored encrypted, where PostgreSQL cannot refuse a NUL as it does in every other value
            String key = RequestValues.withoutNul(changes.apiKey().strip());
            integration.apiKeyCiphertext = cipher.encrypt(key);
            integration.apiKeyLast4 = key.length() <= 4 ? "****" : key.substring(key.length() - 4);
        }
        integration.touch();
        check(integration);
        // a bot named in the body is checked like a bot in a path: another tenant's bot is not found
        if (changes.botId() != null && integration.botId != null
                && !bots.botExists(integration.tenantId, integration.botId)) {
            throw ProblemException.notFound("BOT_NOT_FOUND", "Bot " + integration.botId + " does not exist.");
        }
    }

    private void check(Integration integration) {
        FieldChecks errors = new FieldChecks();
        if (integration.name == null || integration.name.isBlank() || integration.name.length() > 100) {
            errors.add("name", "is required, at most 100 characters");
        }
        if (integration.provider == null) {
            errors.add("provider", "is required");
        }
        if (integration.botId != null && !Ids.looksLike("bot", integration.botId)) {
            errors.add("botId", "must be a bot id (bot_…)");
        }
        if (integration.baseUrl != null) {
            try {
                guard.check(integration.baseUrl);
            } catch (OutboundRefusedException e) {
                errors.add("baseUrl", e.getMessage());
            }
        }
        if (integration.fallbackModels.size() > 5) {
            errors.add("fallbackModels", "at most 5");
        }
        errors.throwIfAny();
        String provider = integration.provider;
        if (!catalogue.knowsProvider(provider) || provider.equals("retrieval")) {
            throw ProblemException.badRequest("INVALID_PROVIDER", "provider", "Unsupported provider '" + provider
                    + "' for an integration; one of: anthropic, custom, ollama, openai");
        }
        if (NEED_BASE_URL.contains(provider) && integration.baseUrl == null) {
            throw ProblemException.validation("baseUrl", "is required for provider " + provider);
        }
        if (KEYED.contains(provider) && integration.apiKeyCiphertext == null) {
            throw ProblemException.validation("apiKey", "is required for provider " + provider);
        }
        List<String> models = new ArrayList<>(integration.fallbackModels);
        if (integration.defaultModel != null) {
            models.add(0, integration.defaultModel);
        }
        for (String model : models) {
            catalogue.rejectModel(provider, model).ifPresent(offered -> {
                throw ProblemException.badRequest("INVALID_MODEL", model.equals(integration.defaultModel)
                        ? "defaultModel" : "fallbackModels", "Model '" + model + "' is not available for provider "
                        + provider + "; one of: " + new TreeSet<>(offered));
            });
        }
    }

    private static ProblemException notFound(String id) {
        return ProblemException.notFound("INTEGRATION_NOT_FOUND", "Integration " + id + " does not exist.");
    }
}
