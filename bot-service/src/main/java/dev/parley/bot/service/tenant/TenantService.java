package dev.parley.bot.service.tenant;

import dev.parley.bot.ApiKey;
import dev.parley.bot.Tenant;
import dev.parley.bot.messaging.BotEvents;
import dev.parley.bot.repository.ApiKeyRepository;
import dev.parley.bot.repository.TenantRepository;
import dev.parley.platform.ratelimit.RateLimitConfig;
import dev.parley.platform.security.CurrentCaller;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

/**
 * Keeps the caller's tenant in step with Keycloak, where tenants and plans are administered: the first
 * call of a tenant creates it, and a changed {@code plan} claim re-plans the tenant and its active keys.
 */
@ApplicationScoped
public class TenantService {

    private final TenantRepository tenants;
    private final ApiKeyRepository keys;
    private final BotEvents keyEvents;
    private final RateLimitConfig limits;
    private final CurrentCaller caller;

    public TenantService(TenantRepository tenants, ApiKeyRepository keys, BotEvents keyEvents,
            RateLimitConfig limits, CurrentCaller caller) {
        this.tenants = tenants;
        this.keys = keys;
        this.keyEvents = keyEvents;
        this.limits = limits;
        this.caller = caller;
    }

    @Transactional
    public Tenant current() {
        String id = caller.tenantId();
        String claimedPlan = caller.plan().filter(limits.plans()::containsKey).orElse(null);
        Tenant tenant = tenants.findByIdOptional(id).orElse(null);
        if (tenant == null) {
            tenant = new Tenant();
            tenant.id = id;
            tenant.plan = claimedPlan != null ? claimedPlan : limits.defaultPlan();
            tenants.persist(tenant);
        } else if (claimedPlan != null && !claimedPlan.equals(tenant.plan)) {
            tenant.plan = claimedPlan;
            tenant.touch();
            for (ApiKey key : keys.listActive(id)) {
                key.plan = claimedPlan;
                keyEvents.apiKey(key);
            }
        }
        return tenant;
    }

    public int requestsPerWindow(Tenant tenant) {
        return limits.plans().getOrDefault(tenant.plan, 0);
    }
}
