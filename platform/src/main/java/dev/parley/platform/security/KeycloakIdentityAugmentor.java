package dev.parley.platform.security;

import io.quarkus.oidc.runtime.OidcJwtCallerPrincipal;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.SecurityIdentityAugmentor;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.JsonString;
import java.util.regex.Pattern;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * For people and services signed in with Keycloak: adds the scopes their realm roles grant and copies the
 * {@code tenant_id} and {@code plan} claims to the attributes every service reads the tenant from. A Parley
 * service's token (realm role {@code service}, no tenant of its own) acts for the tenant it names in
 * {@value #TENANT_HEADER}; nobody else can name a tenant that way.
 */
@ApplicationScoped
public class KeycloakIdentityAugmentor implements SecurityIdentityAugmentor {

    static final String TENANT_CLAIM = "tenant_id";
    static final String PLAN_CLAIM = "plan";
    public static final String TENANT_HEADER = "X-Parley-Tenant-Id";
    private static final Pattern TENANT_ID = Pattern.compile("tnt_[A-Za-z0-9]{1,64}");

    @Override
    public Uni<SecurityIdentity> augment(SecurityIdentity identity, AuthenticationRequestContext context) {
        if (identity.isAnonymous() || !(identity.getPrincipal() instanceof JsonWebToken token)) {
            return Uni.createFrom().item(identity);
        }
        QuarkusSecurityIdentity.Builder builder = QuarkusSecurityIdentity.builder(identity)
                .addRoles(Scopes.grantedTo(identity.getRoles()));
        String tenant = claim(token, TENANT_CLAIM);
        if (tenant == null && identity.hasRole(Scopes.SERVICE)) {
            tenant = namedTenant(identity);
        }
        if (tenant != null) {
            builder.addAttribute(CallerAttributes.TENANT_ID, tenant);
        }
        String plan = claim(token, PLAN_CLAIM);
        if (plan != null) {
            builder.addAttribute(CallerAttributes.PLAN, plan);
        }
        return Uni.createFrom().item(builder.build());
    }

    private static String namedTenant(SecurityIdentity identity) {
        RoutingContext request = HttpSecurityUtils.getRoutingContextAttribute(identity);
        String named = request == null ? null : request.request().getHeader(TENANT_HEADER);
        return named != null && TENANT_ID.matcher(named).matches() ? named : null;
    }

    /**
     * Reads a claim from Keycloak's token through its jose4j claims: {@code JsonWebToken.getClaim} throws and catches
     * an exception inside smallrye-jwt for every non-standard claim name, twice per request here.
     */
    private static String claim(JsonWebToken token, String name) {
        Object value = token instanceof OidcJwtCallerPrincipal oidc ? oidc.getClaims().getClaimValue(name) : token.getClaim(name);
        if (value instanceof JsonString json) {
            return json.getString();
        }
        return value == null ? null : value.toString();
    }
}
