package dev.parley.platform.security;

import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * API scopes, which are also the roles resources check with {@code @RolesAllowed}. API keys carry scopes
 * directly; people signed in with Keycloak get the scopes of their realm roles.
 */
public final class Scopes {

    public static final String BOTS_READ = "bots:read";
    public static final String BOTS_WRITE = "bots:write";
    public static final String CONVERSATIONS_READ = "conversations:read";
    public static final String CONVERSATIONS_WRITE = "conversations:write";
    public static final String ROUTING_READ = "routing:read";
    public static final String ROUTING_WRITE = "routing:write";
    public static final String LLM_USE = "llm:use";
    public static final String WEBHOOKS_WRITE = "webhooks:write";

    public static final Set<String> ALL = Set.of(BOTS_READ, BOTS_WRITE, CONVERSATIONS_READ, CONVERSATIONS_WRITE,
            ROUTING_READ, ROUTING_WRITE, LLM_USE, WEBHOOKS_WRITE);

    /** Realm roles of people and services. */
    public static final String ADMIN = "admin";
    public static final String DEVELOPER = "developer";
    public static final String AGENT = "agent";
    public static final String SERVICE = "service";

    private static final Map<String, Set<String>> GRANTED_BY_ROLE = Map.of(
            ADMIN, ALL,
            SERVICE, ALL,
            DEVELOPER, Set.of(BOTS_READ, BOTS_WRITE, CONVERSATIONS_READ, CONVERSATIONS_WRITE, ROUTING_READ, LLM_USE,
                    WEBHOOKS_WRITE),
            AGENT, Set.of(BOTS_READ, CONVERSATIONS_READ, CONVERSATIONS_WRITE, ROUTING_READ, ROUTING_WRITE));

    /** The scopes that a set of realm roles grants. */
    public static Set<String> grantedTo(Set<String> realmRoles) {
        Set<String> scopes = new LinkedHashSet<>();
        for (String role : realmRoles) {
            scopes.addAll(GRANTED_BY_ROLE.getOrDefault(role, Set.of()));
        }
        return scopes;
    }

    private Scopes() {
    }
}
