package dev.parley.conversation.testing;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;

/**
 * One WireMock for what tests cannot reach: llm-gateway's completions, the Graph API ({@code /graph}), the Telegram
 * Bot API ({@code /telegram}), and tenants' URLs (webhook channels, api_fetch, external bots, functions).
 * The test profile points the service at port 18482.
 */
public final class Fakes {

    public static final int PORT = 18482;
    public static final String BASE = "http://127.0.0.1:" + PORT;
    private static WireMockServer server;

    public static synchronized WireMockServer wiremock() {
        if (server == null) {
            server = new WireMockServer(WireMockConfiguration.options().port(PORT).asynchronousResponseEnabled(true)
                    .containerThreads(40));
            server.start();
            Runtime.getRuntime().addShutdownHook(new Thread(server::stop));
        }
        return server;
    }

    private Fakes() {
    }
}
