package dev.parley.bot.testing;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;

/**
 * conversation-service as bot-service's tests see it: a WireMock on the port the test profile points the
 * {@code conversation-service} REST client at (conversation-service builds after bot-service; the e2e suite runs the
 * real one). Started once, kept for the test JVM.
 */
public final class ConversationServiceFake {

    public static final int PORT = 18581;
    private static WireMockServer server;

    public static synchronized WireMockServer wiremock() {
        if (server == null) {
            server = new WireMockServer(WireMockConfiguration.options().port(PORT));
            server.start();
            Runtime.getRuntime().addShutdownHook(new Thread(server::stop));
        }
        return server;
    }

    private ConversationServiceFake() {
    }
}
