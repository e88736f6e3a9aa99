package dev.parley.platform.security;

import dev.parley.platform.problem.ProblemException;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;

/** Who is calling, and for which tenant. The tenant comes from the credential and nowhere else. */
@ApplicationScoped
public class CurrentCaller {

    private final SecurityIdentity identity;

    public CurrentCaller(SecurityIdentity identity) {
        this.identity = identity;
    }

    public String tenantId() {
        return tenantOf(identity);
    }

    /** The tenant of {@code identity}, as {@link #tenantId()} (for routes outside the REST layer's request scope). */
    public static String tenantOf(SecurityIdentity identity) {
        String tenant = identity.getAttribute(CallerAttributes.TENANT_ID);
        if (tenant == null || tenant.isBlank()) {
            throw ProblemException.forbidden("TENANT_REQUIRED", "The credential is not bound to a tenant.");
        }
        return tenant;
    }

    public Optional<String> plan() {
        return Optional.ofNullable(identity.getAttribute(CallerAttributes.PLAN));
    }

    /** The user id (JWT subject) or the API key id. */
    public String subject() {
        return identity.getPrincipal().getName();
    }
}
