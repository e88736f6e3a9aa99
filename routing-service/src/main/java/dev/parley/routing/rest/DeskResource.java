package dev.parley.routing.rest;

import dev.parley.platform.rest.StaticAssets.Asset;
import dev.parley.platform.rest.StaticAssets;
import dev.parley.routing.config.DeskConfig;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.RestPath;

/**
 * The agent desk: a page and its scripts from this service's resources ({@code src/main/resources/desk}), no build
 * step. The page ({@code /desk/}) is never cached and names its files under a versioned path
 * ({@code /desk/<content hash>/…}, cached for a year and immutable: a change makes a new hash). Everything is
 * answered with a strict Content-Security-Policy: scripts and styles from this origin only, no inline code, and
 * connections to this origin and Keycloak's only.
 */
@Path("/desk")
@PermitAll
@Tag(name = "Agent desk")
public class DeskResource {

    private static final List<String> FILES = List.of("desk.js", "desk-logic.js", "oidc.js", "desk.css");

    private final String version;
    private final Map<String, Asset> versioned = new LinkedHashMap<>();
    private final Asset page;
    private final Asset config;
    private final String csp;

    public DeskResource(DeskConfig desk) {
        for (String file : FILES) {
            versioned.put(file, Asset.of(StaticAssets.read("desk", file), StaticAssets.typeOf(file)));
        }
        version = StaticAssets.version(versioned.values());
        page = Asset.of(new String(StaticAssets.read("desk", "index.html"), StandardCharsets.UTF_8)
                .replace("__PARLEY_DESK_VERSION__", version).getBytes(StandardCharsets.UTF_8), "text/html; charset=utf-8");
        String issuer = desk.oidcUrl().replaceAll("/+$", "");
        // Keycloak's endpoints of the realm, so the page needs no discovery request
        String oidc = json(issuer) + "/protocol/openid-connect/";
        config = Asset.of(("{\"issuer\":\"" + json(issuer) + "\",\"clientId\":\"" + json(desk.clientId())
                + "\",\"authorizationEndpoint\":\"" + oidc + "auth\",\"tokenEndpoint\":\"" + oidc + "token\","
                + "\"endSessionEndpoint\":\"" + oidc + "logout\"}").getBytes(StandardCharsets.UTF_8), "application/json");
        URI keycloak = URI.create(issuer);
        String keycloakOrigin = keycloak.getScheme() + "://" + keycloak.getRawAuthority();
        csp = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self' "
                + keycloakOrigin + "; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
    }

    /** The first 12 hex digits of the SHA-256 of the desk's files: the path segment its page names them under. */
    public String version() {
        return version;
    }

    @GET
    @Path("/")
    @Operation(summary = "The agent desk", description = "Agents sign in with Keycloak (authorization code with PKCE).")
    public Response index(@RestHeader("Accept-Encoding") String encoding, @RestHeader("If-None-Match") String ifNoneMatch) {
        return serve(page, encoding, ifNoneMatch, StaticAssets.NO_CACHE).header("X-Frame-Options", "DENY")
                .header("Referrer-Policy", "no-referrer").build();
    }

    @GET
    @Path("/config.json")
    @Operation(summary = "Where the desk signs agents in", description = "The realm's URL and the desk's public client.")
    public Response config(@RestHeader("Accept-Encoding") String encoding, @RestHeader("If-None-Match") String ifNoneMatch) {
        return serve(config, encoding, ifNoneMatch, StaticAssets.NO_CACHE).build();
    }

    @GET
    @Path("/{version}/{file}")
    @Operation(summary = "The desk's versioned files", description = "Immutable: a new version has a new path.")
    public Response file(@RestPath String version, @RestPath String file, @RestHeader("Accept-Encoding") String encoding,
            @RestHeader("If-None-Match") String ifNoneMatch) {
        return serve(this.version.equals(version) ? versioned.get(file) : null, encoding, ifNoneMatch, StaticAssets.IMMUTABLE).build();
    }

    private Response.ResponseBuilder serve(Asset asset, String encoding, String ifNoneMatch, String cache) {
        return StaticAssets.serve(asset, "desk file", encoding, ifNoneMatch, cache).header("Content-Security-Policy", csp);
    }

    private static String json(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"");
    }
}
