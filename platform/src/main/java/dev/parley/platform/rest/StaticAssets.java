package dev.parley.platform.rest;

import dev.parley.platform.problem.ProblemException;
import jakarta.ws.rs.core.Response;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collection;
import java.util.HexFormat;
import java.util.zip.GZIPOutputStream;

/**
 * Files a service serves from its own resources (the webchat widget, the agent desk): read and gzipped once at start,
 * named by content hash, answered with an ETag so an unchanged file costs a 304. The caller chooses the caching
 * ({@link #NO_CACHE}, {@link #SHORT}, {@link #IMMUTABLE} for files under a versioned path) and adds its own security
 * headers.
 */
public final class StaticAssets {

    public static final String NO_CACHE = "no-cache";
    /** Five minutes: a new version of a file websites embed by a fixed name reaches their pages soon. */
    public static final String SHORT = "public, max-age=300";
    /** A year, never revalidated: a change makes a new content hash, so a new path. */
    public static final String IMMUTABLE = "public, max-age=31536000, immutable";

    /** A file as served: its bytes, gzipped bytes, media type and ETag. */
    public record Asset(byte[] bytes, byte[] gzipped, String type, String etag) {

        public static Asset of(byte[] bytes, String type) {
            ByteArrayOutputStream gz = new ByteArrayOutputStream();
            try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
                out.write(bytes);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return new Asset(bytes, gz.toByteArray(), type, "\"" + sha256Hex(bytes).substring(0, 16) + "\"");
        }
    }

    private StaticAssets() {
    }

    /** The bytes of {@code /<folder>/<name>} on the class path; missing is a packaging error, found at start. */
    public static byte[] read(String folder, String name) {
        try (InputStream in = StaticAssets.class.getResourceAsStream("/" + folder + "/" + name)) {
            if (in == null) {
                throw new IllegalStateException(folder + "/" + name + " is missing from the service's resources");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The media type of a file by its extension (the few kinds a web page is made of). */
    public static String typeOf(String file) {
        if (file.endsWith(".css")) {
            return "text/css; charset=utf-8";
        }
        if (file.endsWith(".html")) {
            return "text/html; charset=utf-8";
        }
        if (file.endsWith(".json")) {
            return "application/json";
        }
        return "text/javascript; charset=utf-8";
    }

    /** The first 12 hex digits of the SHA-256 of the files' bytes: the path segment they are served under. */
    public static String version(Collection<Asset> assets) {
        MessageDigest digest = sha256();
        assets.forEach(a -> digest.update(a.bytes()));
        return HexFormat.of().formatHex(digest.digest()).substring(0, 12);
    }

    /**
     * The answer for one file: 304 when {@code If-None-Match} names its ETag, else its bytes (gzipped when the client
     * accepts it). A missing file is a NOT_FOUND problem naming {@code what}.
     */
    public static Response.ResponseBuilder serve(Asset asset, String what, String acceptEncoding, String ifNoneMatch,
            String cacheControl) {
        if (asset == null) {
            throw ProblemException.notFound("NOT_FOUND", "No such " + what);
        }
        boolean gzip = acceptEncoding != null && acceptEncoding.contains("gzip");
        boolean unchanged = asset.etag().equals(ifNoneMatch);
        Response.ResponseBuilder response = unchanged ? Response.notModified()
                : Response.ok(gzip ? asset.gzipped() : asset.bytes(), asset.type());
        if (gzip && !unchanged) {
            response.header("Content-Encoding", "gzip");
        }
        return response.header("Cache-Control", cacheControl).header("ETag", asset.etag())
                .header("Vary", "Accept-Encoding").header("X-Content-Type-Options", "nosniff");
    }

    private static String sha256Hex(byte[] bytes) {
        return HexFormat.of().formatHex(sha256().digest(bytes));
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
