package dev.parley.bot.service.tenant;

import dev.parley.bot.ApiKey;
import dev.parley.bot.Tenant;
import dev.parley.bot.messaging.BotEvents;
import dev.parley.bot.repository.ApiKeyRepository;
import dev.parley.platform.id.Ids;
import dev.parley.platform.paging.Page;
import dev.parley.platform.paging.PageRequest;
import dev.parley.platform.problem.FieldChecks;
import dev.parley.platform.problem.ProblemException;
import dev.parley.platform.security.ApiKeys;
import dev.parley.platform.security.CurrentCaller;
import dev.parley.platform.security.Scopes;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.Set;
import java.util.TreeSet;

/** Issues, lists and revokes a tenant's API keys; every change reaches the other services as an event. */
@ApplicationScoped
public class ApiKeyService {

    private final ApiKeyRepository keys;
    private final TenantService tenants;
    private final BotEvents events;
    private final CurrentCaller caller;

    public ApiKeyService(ApiKeyRepository keys, TenantService tenants, BotEvents events, CurrentCaller caller) {
        this.keys = keys;
        this.tenants = tenants;
        this.events = events;
        this.caller = caller;
    }

    @Transactional
    public IssuedApiKey issue(String name, Set<String> scopes, Instant expiresAt) {
        FieldChecks errors = new FieldChecks();
        Set<String> unknown = new TreeSet<>(scopes);
        unknown.removeAll(Scopes.ALL);
        if (!unknown.isEmpty()) {
            errors.add("scopes", "unknown scopes " + unknown + "; allowed: " + new TreeSet<>(Scopes.ALL));
        }
        if (expiresAt != null && !expiresAt.isAfter(Instant.now())) {
            errors.add("expiresAt", "must be in the future");
        }
        errors.throwIfAny();
        Tenant tenant = tenants.current();
        String secret = ApiKeys.generate();
        ApiKey key = new ApiKey();
        key.id = Ids.generate("key");
        key.tenantId = tenant.id;
        key.name = name;
        key.hash = ApiKeys.hash(secret);
        key.hint = ApiKeys.displayHint(secret);
        key.scopes = new TreeSet<>(scopes);
        key.plan = tenant.plan;
        key.createdBy = caller.subject();
        key.createdAt = Instant.now();
        key.expiresAt = expiresAt;
        keys.persist(key);
        events.apiKey(key);
        return new IssuedApiKey(key, secret);
    }

    @Transactional
    public Page<ApiKey> list(PageRequest page) {
        return keys.listOwned(caller.tenantId(), page);
    }

    @Transactional
    public ApiKey get(String id) {
        return owned(id);
    }

    /** Revoking twice is harmless: the key stays revoked and nothing is announced again. */
    @Transactional
    public ApiKey revoke(String id) {
        ApiKey key = owned(id);
        if (key.revokedAt == null) {
            key.revokedAt = Instant.now();
            events.apiKey(key);
        }
        return key;
    }

    private ApiKey owned(String id) {
        return keys.findOwned(caller.tenantId(), id)
                .orElseThrow(() -> ProblemException.notFound("API_KEY_NOT_FOUND", "API key " + id + " does not exist."));
    }
}
