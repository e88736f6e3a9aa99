package dev.parley.conversation.rest;

import dev.parley.platform.rest.StaticAssets;
import dev.parley.platform.rest.StaticAssets.Asset;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.RestPath;

/**
 * The webchat widget's files, from this service's resources ({@code src/main/resources/widget}): the loader a website
 * embeds ({@code /widget/parley-chat.js}, cached five minutes, so a new version reaches pages soon) and the widget
 * itself under a versioned path ({@code /widget/<content hash>/…}, cached for a year and immutable: a change makes a
 * new hash, which the loader names). Gzipped once at start for clients that accept it. A demo page
 * ({@code /widget/demo.html?channel=ch_…}) embeds the widget the way a website would.
 */
@Path("/widget")
@PermitAll
@Tag(name = "Webchat widget")
public class WidgetResource {

    static final String LOADER = "parley-chat.js";
    private static final String DEMO_CSP = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; "
            + "img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    private final String version;
    private final Map<String, Asset> versioned = new LinkedHashMap<>();
    private final Map<String, Asset> fixed = new LinkedHashMap<>();

    public WidgetResource() {
        versioned.put("parley-chat-app.js", asset("parley-chat-app.js", null));
        versioned.put("parley-chat.css", asset("parley-chat.css", null));
        version = StaticAssets.version(versioned.values());
        fixed.put(LOADER, asset(LOADER, version));
        fixed.put("demo.html", asset("demo.html", null));
        fixed.put("demo.js", asset("demo.js", null));
    }

    /** The version the loader names: the first 12 hex digits of the SHA-256 of the widget's files. */
    public String version() {
        return version;
    }

    /** The widget's files as served (what a page downloads: the loader, then the versioned files). */
    public Map<String, Asset> assets() {
        Map<String, Asset> all = new LinkedHashMap<>(fixed);
        all.putAll(versioned);
        return all;
    }

    @GET
    @Path("/{file}")
    @Operation(summary = "The widget's loader and demo page", description = "parley-chat.js is the file websites embed.")
    public Response file(@RestPath String file, @RestHeader("Accept-Encoding") String encoding,
            @RestHeader("If-None-Match") String ifNoneMatch) {
        Asset asset = fixed.get(file);
        Response.ResponseBuilder response = serve(asset, encoding, ifNoneMatch, StaticAssets.SHORT);
        if (asset != null && file.endsWith(".html")) {
            response.header("Content-Security-Policy", DEMO_CSP).header("X-Frame-Options", "DENY");
        }
        return response.build();
    }

    @GET
    @Path("/{version}/{file}")
    @Operation(summary = "The widget's versioned files", description = "Immutable: a new version has a new path.")
    public Response versioned(@RestPath String version, @RestPath String file, @RestHeader("Accept-Encoding") String encoding,
            @RestHeader("If-None-Match") String ifNoneMatch) {
        return serve(this.version.equals(version) ? versioned.get(file) : null, encoding, ifNoneMatch, StaticAssets.IMMUTABLE).build();
    }

    private static Response.ResponseBuilder serve(Asset asset, String encoding, String ifNoneMatch, String cache) {
        return StaticAssets.serve(asset, "widget file", encoding, ifNoneMatch, cache)
                .header("Cross-Origin-Resource-Policy", "cross-origin").header("Access-Control-Allow-Origin", "*");
    }

    private static Asset asset(String name, String version) {
        byte[] bytes = StaticAssets.read("widget", name);
        if (version != null) {
            bytes = new String(bytes, StandardCharsets.UTF_8).replace("__PARLEY_WIDGET_VERSION__", version)
                    .getBytes(StandardCharsets.UTF_8);
        }
        return Asset.of(bytes, StaticAssets.typeOf(name));
    }
}
