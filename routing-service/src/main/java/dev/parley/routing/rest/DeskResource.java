package dev.parley.routing.rest;

import dev.parley.routing.config.DeskConfig;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
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

    /** A file as served: its bytes, gzipped bytes, type and ETag. */
    record Asset(byte[] bytes, byte[] gzipped, String type, String etag) {
    }

    private static final List<String> FILES = List.of("desk.js", "desk-logic.js", "oidc.js", "desk.css");
    private static final String NO_CACHE = "no-cache";
    private static final String IMMUTABLE = "public, max-age=31536000, immutable";

    private final String version;
    private final Map<String, Asset> versioned = new LinkedHashMap<>();
    private final Asset page;
    private final Asset config;
    private final String csp;

    public DeskResource(DeskConfig desk) {
        for (String file : FILES) {
            versioned.put(file, asset(read(file), type(file)));
        }
        MessageDigest digest = sha256();
        versioned.values().forEach(a -> digest.update(a.bytes()));
        version = HexFormat.of().formatHex(digest.digest()).substring(0, 12);
        page = asset(new String(read("index.html"), StandardCharsets.UTF_8).replace("__PARLEY_DESK_VERSION__", version)
                .getBytes(StandardCharsets.UTF_8), "text/html; charset=utf-8");
        String issuer = desk.oidcUrl().replaceAll("/+$", "");
        // Keycloak's endpoints of the realm, so the page needs no discovery request
        String oidc = json(issuer) + "/protocol/openid-connect/";
        config = asset(("{\"issuer\":\"" + json(issuer) + "\",\"clientId\":\"" + json(desk.clientId())
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
        return serve(page, encoding, ifNoneMatch, NO_CACHE).header("X-Frame-Options", "DENY")
                .header("Referrer-Policy", "no-referrer").build();
    }

    @GET
    @Path("/config.json")
    @Operation(summary = "Where the desk signs agents in", description = "The realm's URL and the desk's public client.")
    public Response config(@RestHeader("Accept-Encoding") String encoding, @RestHeader("If-None-Match") String ifNoneMatch) {
        return serve(config, encoding, ifNoneMatch, NO_CACHE).build();
    }

    @GET
    @Path("/{version}/{file}")
    @Operation(summary = "The desk's versioned files", description = "Immutable: a new version has a new path.")
    public Response file(@RestPath String version, @RestPath String file, @RestHeader("Accept-Encoding") String encoding,
            @RestHeader("If-None-Match") String ifNoneMatch) {
        return serve(this.version.equals(version) ? versioned.get(file) : null, encoding, ifNoneMatch, IMMUTABLE).build();
    }

    private Response.ResponseBuilder serve(Asset asset, String encoding, String ifNoneMatch, String cache) {
        if (asset == null) {
            return Response.status(404).type("application/problem+json").entity("{\"type\":\"about:blank\",\"title\":"
                    + "\"Not Found\",\"status\":404,\"code\":\"NOT_FOUND\",\"detail\":\"No such desk file\"}");
        }
        boolean gzip = encoding != null && encoding.contains("gzip");
        boolean unchanged = asset.etag().equals(ifNoneMatch);
        Response.ResponseBuilder response = unchanged ? Response.notModified()
                : Response.ok(gzip ? asset.gzipped() : asset.bytes(), asset.type());
        if (gzip && !unchanged) {
            response.header("Content-Encoding", "gzip");
        }
        return response.header("Cache-Control", cache).header("ETag", asset.etag()).header("Vary", "Accept-Encoding")
                .header("X-Content-Type-Options", "nosniff").header("Content-Security-Policy", csp);
    }

    private static byte[] read(String name) {
        try (InputStream in = DeskResource.class.getResourceAsStream("/desk/" + name)) {
            if (in == null) {
                throw new IllegalStateException("desk/" + name + " is missing from the service's resources");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String type(String file) {
        return file.endsWith(".css") ? "text/css; charset=utf-8" : "text/javascript; charset=utf-8";
    }

    private static String json(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    private static Asset asset(byte[] bytes, String type) {
        try {
            ByteArrayOutputStream gz = new ByteArrayOutputStream();
            try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
                out.write(bytes);
            }
            String etag = "\"" + HexFormat.of().formatHex(sha256().digest(bytes)).substring(0, 16) + "\"";
            return new Asset(bytes, gz.toByteArray(), type, etag);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
