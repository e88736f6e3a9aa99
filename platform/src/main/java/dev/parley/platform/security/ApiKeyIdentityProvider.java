package dev.parley.platform.security;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;

/**
 * Turns a presented API key into an identity whose roles are the key's scopes: on the event loop when the directory
 * remembers the key, else on a worker thread.
 */
@ApplicationScoped
public class ApiKeyIdentityProvider implements IdentityProvider<ApiKeyAuthenticationRequest> {

    private final ApiKeyDirectory directory;

    public ApiKeyIdentityProvider(ApiKeyDirectory directory) {
        this.directory = directory;
    }

    @Override
    public Class<ApiKeyAuthenticationRequest> getRequestType() {
        return ApiKeyAuthenticationRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(ApiKeyAuthenticationRequest request, AuthenticationRequestContext context) {
        String hash = ApiKeys.hash(request.key());
        ApiKeyPrincipal remembered = directory.remembered(hash);
        if (remembered != null) {
            return remembered.usableAt(Instant.now()) ? Uni.createFrom().item(identity(remembered))
                    : Uni.createFrom().failure(new AuthenticationFailedException());
        }
        return context.runBlocking(() -> directory.findByHash(hash)
                .filter(key -> key.usableAt(Instant.now()))
                .map(ApiKeyIdentityProvider::identity)
                .orElseThrow(AuthenticationFailedException::new));
    }

    private static SecurityIdentity identity(ApiKeyPrincipal key) {
        return QuarkusSecurityIdentity.builder()
                .setPrincipal(new QuarkusPrincipal(key.id()))
                .addRoles(key.scopes())
                .addAttribute(CallerAttributes.TENANT_ID, key.tenantId())
                .addAttribute(CallerAttributes.PLAN, key.plan())
                .addAttribute(CallerAttributes.API_KEY_ID, key.id())
                .build();
    }
}
