package dev.parley.platform.testing;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A website of another origin for browser tests: a small HTTP server on 127.0.0.1 and a free port that serves the
 * pages given to it, each with a strict Content-Security-Policy that admits scripts, styles, images and connections
 * from {@code trusted} only (no inline script, no eval), as a careful site that embeds Parley would.
 */
public final class HostPage implements AutoCloseable {

    private final HttpServer server;
    private final Map<String, String> pages = new ConcurrentHashMap<>();

    private HostPage(HttpServer server) {
        this.server = server;
    }

    /** Serves pages whose policy trusts {@code trusted} (e.g. the platform's base URL) besides the page itself. */
    public static HostPage serve(String trusted) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            HostPage host = new HostPage(server);
            String csp = "default-src 'none'; script-src 'self' " + trusted + "; style-src 'self' " + trusted
                    + "; img-src 'self' data: " + trusted + "; connect-src 'self' " + trusted + "; font-src 'none'"
                    + "; frame-src 'none'; base-uri 'none'; form-action 'none'";
            server.createContext("/", exchange -> {
                String page = host.pages.get(exchange.getRequestURI().getPath());
                byte[] body = (page == null ? "not found" : page).getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", page == null ? "text/plain" : "text/html; charset=utf-8");
                exchange.getResponseHeaders().set("Content-Security-Policy", csp);
                exchange.getResponseHeaders().set("Cache-Control", "no-store");
                exchange.sendResponseHeaders(page == null ? 404 : 200, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            });
            server.start();
            return host;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Adds (or replaces) the page at {@code path}, e.g. {@code "/"}; returns its URL. */
    public String page(String path, String html) {
        pages.put(path, html);
        return url(path);
    }

    /** {@code http://127.0.0.1:<port>}: the origin browsers send in {@code Origin}. */
    public String origin() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public String url(String path) {
        return origin() + path;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
