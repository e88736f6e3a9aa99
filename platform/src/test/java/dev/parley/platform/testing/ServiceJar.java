package dev.parley.platform.testing;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A Parley service as it is deployed: its packaged jar in a JVM of its own, on {@code port}, with its output in a
 * log file. Tests that need a second replica or another service start one, wait until it is ready, and close it.
 */
public final class ServiceJar implements AutoCloseable {

    /** In front of every topic and consumer group of a service a test starts, as in the test profile. */
    public static final String KAFKA_PREFIX = "test.";

    private final String name;
    private final Process process;
    private final int port;
    private final File log;
    private final ProcessBuilder builder;

    private ServiceJar(String name, Process process, int port, File log, ProcessBuilder builder) {
        this.name = name;
        this.process = process;
        this.port = port;
        this.log = log;
        this.builder = builder;
    }

    /** Starts {@code jar} (a {@code quarkus-run.jar}) with {@code env} added to this JVM's environment. */
    public static ServiceJar start(String name, Path jar, int port, String maxHeap, Map<String, String> env, File log) {
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing: run the build from the repository root (./mvnw verify), "
                    + "which packages every service before the tests that start one");
        }
        String java = ProcessHandle.current().info().command().orElse("java");
        ProcessBuilder builder = new ProcessBuilder(java, "-Xmx" + maxHeap, "-jar", jar.toString())
                .redirectErrorStream(true).redirectOutput(log);
        builder.environment().put("PARLEY_HTTP_PORT", Integer.toString(port));
        builder.environment().put("PARLEY_KAFKA_PREFIX", KAFKA_PREFIX);
        builder.environment().putAll(env);
        try {
            return new ServiceJar(name, builder.start(), port, log, builder);
        } catch (IOException e) {
            throw new IllegalStateException(name + " could not be started", e);
        }
    }

    /** {@code kill -9}: the JVM ends at once, without shutdown hooks, open transactions or a last heartbeat. */
    public void kill() {
        process.destroyForcibly();
        try {
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                throw new IllegalStateException(name + " survived SIGKILL for 15 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The same jar with the same settings and port, started again (its output appended to the same log). */
    public ServiceJar restart() {
        if (process.isAlive()) {
            throw new IllegalStateException(name + " is still running");
        }
        builder.redirectOutput(ProcessBuilder.Redirect.appendTo(log));
        try {
            return new ServiceJar(name, builder.start(), port, log, builder);
        } catch (IOException e) {
            throw new IllegalStateException(name + " could not be restarted", e);
        }
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    /** Waits until {@code /q/health/ready} answers 200; a service that exits or stays unready fails with its log. */
    public ServiceJar awaitReady(Duration within) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        HttpRequest ready = HttpRequest.newBuilder(URI.create(url() + "/q/health/ready")).build();
        long deadline = System.currentTimeMillis() + within.toMillis();
        while (System.currentTimeMillis() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited:\n" + logText());
            }
            try {
                if (http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return this;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        close();
        throw new IllegalStateException(name + " not ready within " + within.toSeconds() + " s:\n" + logText());
    }

    private String logText() {
        try {
            return Files.readString(log.toPath());
        } catch (IOException e) {
            return "(log " + log + " unreadable: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
