package dev.parley.e2e;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The one base URL of the platform for browser tests: nginx with the routes of {@code infra/nginx/parley.conf.template}
 * (the Helm chart's, as {@code ./parley up} runs them), in front of the suite's four services. Browsers reach the desk,
 * its API calls and Keycloak as a user would. nginx is the one {@code infra/parley-infra} fetched, or the machine's.
 */
final class Gateway {

    static final int PORT = 19180;
    private static Process nginx;

    private Gateway() {
    }

    static synchronized String url() {
        if (nginx == null) {
            start();
        }
        return "http://127.0.0.1:" + PORT;
    }

    private static void start() {
        try {
            Path root = Path.of("..").toAbsolutePath().normalize();
            Path dir = Path.of("target", "nginx").toAbsolutePath();
            Files.createDirectories(dir.resolve("temp"));
            String routes = Files.readString(root.resolve("infra/nginx/parley.conf.template"));
            for (Map.Entry<String, Integer> upstream : Map.of("BOT_SERVICE", ServiceProcesses.BOT, "CONVERSATION_SERVICE",
                    ServiceProcesses.CONVERSATION, "ROUTING_SERVICE", ServiceProcesses.ROUTING, "LLM_GATEWAY",
                    ServiceProcesses.LLM).entrySet()) {
                routes = routes.replace("${" + upstream.getKey() + "}", "127.0.0.1:" + upstream.getValue());
            }
            routes = routes.replace("${PARLEY_GATEWAY_PORT}", "127.0.0.1:" + PORT);
            Files.writeString(dir.resolve("parley.conf"), routes);
            Files.writeString(dir.resolve("nginx.conf"), """
                    daemon off;
                    worker_processes 1;
                    pid %1$s/nginx.pid;
                    error_log %1$s/error.log warn;
                    events { worker_connections 256; }
                    http {
                        access_log %1$s/access.log;
                        client_body_temp_path %1$s/temp/body;
                        proxy_temp_path %1$s/temp/proxy;
                        fastcgi_temp_path %1$s/temp/fastcgi;
                        uwsgi_temp_path %1$s/temp/uwsgi;
                        scgi_temp_path %1$s/temp/scgi;
                        include %1$s/parley.conf;
                    }
                    """.formatted(dir));
            nginx = new ProcessBuilder(binary(root), "-p", dir + "/", "-c", dir.resolve("nginx.conf").toString(),
                    "-e", dir.resolve("error.log").toString())
                    .redirectErrorStream(true).redirectOutput(dir.resolve("nginx.out").toFile()).start();
            Runtime.getRuntime().addShutdownHook(new Thread(nginx::destroy));
            HttpClient http = HttpClient.newHttpClient();
            for (int i = 0; i < 80; i++) {
                try {
                    if (http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + PORT + "/healthz")).build(),
                            HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                        return;
                    }
                } catch (IOException e) {
                    // not listening yet
                }
                Thread.sleep(250);
            }
            throw new IllegalStateException("nginx did not answer on :" + PORT + "; see " + dir.resolve("error.log"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String binary(Path root) {
        for (String candidate : List.of(root.resolve(".infra/nginx/pkg/usr/sbin/nginx").toString(), "/usr/sbin/nginx",
                "/usr/bin/nginx", "/usr/local/sbin/nginx")) {
            if (new File(candidate).canExecute()) {
                return candidate;
            }
        }
        throw new IllegalStateException("no nginx: infra/parley-infra up fetches one into .infra/nginx");
    }

    static Duration patience() {
        return Duration.ofSeconds(60);
    }
}
