package dev.parley.routing.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How the agent desk ({@code /desk/}) signs agents in. */
@ConfigMapping(prefix = "parley.desk")
public interface DeskConfig {

    /**
     * The realm's URL as the agents' browsers reach it (the issuer of the tokens the services accept). Locally the
     * same as the services' {@code quarkus.oidc.auth-server-url}; behind an ingress, Keycloak's public URL.
     */
    @WithDefault("${quarkus.oidc.auth-server-url}")
    String oidcUrl();

    /** The realm's public client for the desk (authorization code with PKCE). */
    @WithDefault("parley-desk")
    String clientId();
}
