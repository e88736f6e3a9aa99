package dev.parley.bot.testing;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlMatching;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * routing-service as bot-service's tests see it: a WireMock on the port the test profile points the
 * {@code routing-service} REST client at (routing-service builds after bot-service; the e2e suite runs the real one).
 * It knows {@link #SEED_TEAM} (the team the seed flow transfers to) in every tenant and no other agent or team; a test
 * stubs the ones it needs and calls {@link #reset()} to start over. Started once for the test JVM, by
 * {@code RoutingServiceClientTest}'s {@code @QuarkusTestResource}, which Quarkus applies to every test of the module.
 */
public final class RoutingServiceFake implements QuarkusTestResourceLifecycleManager {

    public static final int PORT = 18583;
    /** The team of {@link Seeds#SEED_FLOW}'s transfer step. */
    public static final String SEED_TEAM = "team_0123456789abcdefghijkl";
    private static WireMockServer server;

    public static synchronized WireMockServer wiremock() {
        if (server == null) {
            server = new WireMockServer(WireMockConfiguration.options().port(PORT));
            server.start();
            Runtime.getRuntime().addShutdownHook(new Thread(server::stop));
            reset();
        }
        return server;
    }

    /** Forgets what tests stubbed and recorded: {@link #SEED_TEAM} is known again, anything else is a 404. */
    public static synchronized void reset() {
        server.resetAll();
        server.stubFor(get(urlMatching("/v1/(agents|teams)/.*")).atPriority(10).willReturn(aResponse().withStatus(404)
                .withHeader("Content-Type", "application/problem+json")
                .withBody("{\"type\": \"about:blank\", \"title\": \"Not found\", \"status\": 404, \"code\": \"NOT_FOUND\"}")));
        server.stubFor(get(urlEqualTo("/v1/teams/" + SEED_TEAM)).atPriority(5).willReturn(okJson(team(SEED_TEAM))));
    }

    /** routing-service's answer to {@code GET /v1/teams/{id}}. */
    public static String team(String id) {
        return "{\"data\": {\"id\": \"" + id + "\", \"type\": \"team\", \"attributes\": {\"name\": \"Support\"}}}";
    }

    /** routing-service's answer to {@code GET /v1/agents/{id}}. */
    public static String agent(String id) {
        return "{\"data\": {\"id\": \"" + id + "\", \"type\": \"agent\", \"attributes\": {\"name\": \"Agnes\"}}}";
    }

    @Override
    public Map<String, String> start() {
        wiremock();
        return Map.of();
    }

    @Override
    public void stop() {
        // kept for the test JVM, as the conversation-service fake is
    }
}
