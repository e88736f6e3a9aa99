package dev.parley.conversation.rest;

import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
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

    /** A file as served: its bytes, gzipped bytes, type and ETag. */
    public record Asset(byte[] bytes, byte[] gzipped, String type, String etag) {
    }

    static final String LOADER = "parley-chat.js";
    private static final String SHORT = "public, max-age=300";
    private static final String IMMUTABLE = "public, max-age=31536000, immutable";
    private static final String DEMO_CSP = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; "
            + "img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    private final String version;
    private final Map<String, Asset> versioned = new LinkedHashMap<>();
    private final Map<String, Asset> fixed = new LinkedHashMap<>();

    public WidgetResource() {
        versioned.put("parley-chat-app.js", asset("parley-chat-app.js", "text/javascript; charset=utf-8", null));
        versioned.put("parley-chat.css", asset("parley-chat.css", "text/css; charset=utf-8", null));
        MessageDigest digest = sha256();
        versioned.values().forEach(a -> digest.update(a.bytes()));
        version = HexFormat.of().formatHex(digest.digest()).substring(0, 12);
        fixed.put(LOADER, asset(LOADER, "text/javascript; charset=utf-8", version));
        fixed.put("demo.html", asset("demo.html", "text/html; charset=utf-8", null));
        fixed.put("demo.js", asset("demo.js", "text/javascript; charset=utf-8", null));
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
        Response.ResponseBuilder response = serve(asset, encoding, ifNoneMatch, SHORT);
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
        return serve(this.version.equals(version) ? versioned.get(file) : null, encoding, ifNoneMatch, IMMUTABLE).build();
    }

    private static Response.ResponseBuilder serve(Asset asset, String encoding, String ifNoneMatch, String cache) {
        if (asset == null) {
            return Response.status(404).type("application/problem+json").entity("{\"type\":\"about:blank\",\"title\":"
                    + "\"Not Found\",\"status\":404,\"code\":\"NOT_FOUND\",\"detail\":\"No such widget file\"}");
        }
        boolean gzip = encoding != null && encoding.contains("gzip");
        Response.ResponseBuilder response = asset.etag().equals(ifNoneMatch) ? Response.notModified()
                : Response.ok(gzip ? asset.gzipped() : asset.bytes(), asset.type());
        if (gzip && !asset.etag().equals(ifNoneMatch)) {
            response.header("Content-Encoding", "gzip");
        }
        return response.header("Cache-Control", cache).header("ETag", asset.etag()).header("Vary", "Accept-Encoding")
                .header("X-Content-Type-Options", "nosniff").header("Cross-Origin-Resource-Policy", "cross-origin")
                .header("Access-Control-Allow-Origin", "*");
    }

    private static Asset asset(String name, String type, String version) {
        try (InputStream in = WidgetResource.class.getResourceAsStream("/widget/" + name)) {
            if (in == null) {
                throw new IllegalStateException("widget/" + name + " is missing from the service's resources");
            }
            byte[] bytes = in.readAllBytes();
            if (version != null) {
                bytes = new String(bytes, StandardCharsets.UTF_8).replace("__PARLEY_WIDGET_VERSION__", version)
                        .getBytes(StandardCharsets.UTF_8);
            }
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
