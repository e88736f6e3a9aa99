package dev.parley.conversation.testing;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlMatching;

import com.github.tomakehurst.wiremock.WireMockServer;

/**
 * routing-service as conversation-service's tests see it: the one WireMock ({@link Fakes}) under {@link #PATH}, where
 * the test profile points the {@code routing-service} REST client (the e2e suite runs the real one). It knows no agent
 * until a test names one for its tenant ({@link #agent}): any other id, or a known one asked for another tenant, is a
 * 404, as routing-service answers for an unknown or another tenant's agent.
 */
public final class RoutingServiceFake {

    public static final String PATH = "/routing-service";
    private static boolean started;

    public static synchronized WireMockServer wiremock() {
        WireMockServer server = Fakes.wiremock();
        if (!started) {
            server.stubFor(get(urlMatching(PATH + "/v1/agents/.*")).atPriority(10).willReturn(aResponse().withStatus(404)
                    .withHeader("Content-Type", "application/problem+json")
                    .withBody("{\"type\": \"about:blank\", \"title\": \"Not found\", \"status\": 404, "
                            + "\"code\": \"AGENT_NOT_FOUND\"}")));
            started = true;
        }
        return server;
    }

    /** Makes {@code agentId} an agent of {@code tenantId}, and of no other tenant; returns the id. */
    public static String agent(String tenantId, String agentId) {
        wiremock().stubFor(get(urlEqualTo(PATH + "/v1/agents/" + agentId))
                .withHeader("X-Parley-Tenant-Id", equalTo(tenantId))
                .willReturn(okJson("{\"data\": {\"id\": \"" + agentId + "\", \"type\": \"agent\", \"attributes\": "
                        + "{\"name\": \"Agnes\", \"status\": \"online\"}}}")));
        return agentId;
    }

    private RoutingServiceFake() {
    }
}
