package dev.parley.e2e;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A Kafka broker of the fault suite's own (KRaft, one node, the jars {@code infra/parley-infra} fetched into
 * {@code .infra/kafka/libs}), on ports of its own with its data under {@code target/}: the suite stops and restarts it
 * mid-stream, which it must never do to the broker the other suites, or a platform running beside them, use.
 */
final class FaultBroker implements AutoCloseable {

    static final int PORT = 19390;
    private static final int CONTROLLER_PORT = 19391;

    private final Path dir = Path.of("target", "fault-broker").toAbsolutePath();
    private final Path libs = Path.of("..", ".infra", "kafka", "libs").toAbsolutePath().normalize();
    private Process process;

    String bootstrap() {
        return "127.0.0.1:" + PORT;
    }

    /** Formats fresh storage and starts the broker; returns once it accepts connections. */
    FaultBroker start() {
        if (!Files.exists(libs.resolve(".complete"))) {
            throw new IllegalStateException(libs + " is missing: infra/parley-infra up fetches the Kafka broker there");
        }
        try {
            deleteTree(dir);
            Files.createDirectories(dir.resolve("data"));
            Files.writeString(dir.resolve("server.properties"), """
                    process.roles=broker,controller
                    node.id=1
                    controller.quorum.voters=1@127.0.0.1:%2$d
                    listeners=PLAINTEXT://127.0.0.1:%1$d,CONTROLLER://127.0.0.1:%2$d
                    advertised.listeners=PLAINTEXT://127.0.0.1:%1$d
                    controller.listener.names=CONTROLLER
                    inter.broker.listener.name=PLAINTEXT
                    listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
                    log.dirs=%3$s
                    num.partitions=3
                    auto.create.topics.enable=false
                    offsets.topic.replication.factor=1
                    offsets.topic.num.partitions=3
                    transaction.state.log.replication.factor=1
                    transaction.state.log.min.isr=1
                    share.coordinator.state.topic.replication.factor=1
                    share.coordinator.state.topic.min.isr=1
                    group.initial.rebalance.delay.ms=0
                    """.formatted(PORT, CONTROLLER_PORT, dir.resolve("data")));
            Files.writeString(dir.resolve("log4j2.properties"), """
                    status = warn
                    appender.out.type = Console
                    appender.out.name = STDOUT
                    appender.out.layout.type = PatternLayout
                    appender.out.layout.pattern = [%d] %p %m (%c{1})%n
                    rootLogger.level = warn
                    rootLogger.appenderRef.out.ref = STDOUT
                    logger.raftserver.name = kafka.server.KafkaRaftServer
                    logger.raftserver.level = info
                    """);
            byte[] id = new byte[16];
            String clusterId;
            do {
                new SecureRandom().nextBytes(id);
                clusterId = Base64.getUrlEncoder().withoutPadding().encodeToString(id);
            } while (clusterId.startsWith("-"));
            Process format = java("kafka.tools.StorageTool", "format", "-t", clusterId, "-c",
                    dir.resolve("server.properties").toString()).redirectOutput(dir.resolve("format.log").toFile()).start();
            if (!format.waitFor(120, TimeUnit.SECONDS) || format.exitValue() != 0) {
                throw new IllegalStateException("formatting the fault broker's storage failed: "
                        + Files.readString(dir.resolve("format.log")));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return resume();
    }

    /** Starts the broker again on its existing storage (after {@link #stop()}). */
    FaultBroker resume() {
        try {
            process = java("kafka.Kafka", dir.resolve("server.properties").toString())
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("broker.log").toFile())).start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        long deadline = System.currentTimeMillis() + 300_000;
        while (System.currentTimeMillis() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the fault broker exited; see " + dir.resolve("broker.log"));
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", PORT), 500);
                return this;
            } catch (IOException e) {
                sleep(250);
            }
        }
        throw new IllegalStateException("the fault broker did not listen on :" + PORT + " within 300 s");
    }

    /** Stops the broker as an operator would (SIGTERM, a clean shutdown), waiting until it has exited. */
    void stop() {
        process.destroy();
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(15, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        if (process != null && process.isAlive()) {
            stop();
        }
    }

    private ProcessBuilder java(String main, String... args) {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new java.util.ArrayList<>(List.of(java, "-Xms128m", "-Xmx384m",
                "-Dlog4j2.configurationFile=" + dir.resolve("log4j2.properties"), "-cp", libs + File.separator + "*", main));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void deleteTree(Path path) throws IOException {
        if (!Files.exists(path)) {
            return;
        }
        try (var walk = Files.walk(path)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
