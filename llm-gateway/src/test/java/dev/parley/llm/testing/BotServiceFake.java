package dev.parley.llm.testing;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.Map;

/**
 * A fake bot-service (WireMock on a free port) for the gateway's calls to it; tests get it injected into a
 * {@link InjectBotService} field. What is not stubbed answers 404, as bot-service does for another tenant's ids.
 */
public class BotServiceFake implements QuarkusTestResourceLifecycleManager {

    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.FIELD)
    public @interface InjectBotService {
    }

    private WireMockServer server;

    /** bot-service knows {@code botId} as a bot of {@code tenantId} (and, like bot-service, no other tenant sees it). */
    public static void knowsBot(WireMockServer botService, String tenantId, String botId) {
        botService.stubFor(get("/v1/bots/" + botId).withHeader("X-Parley-Tenant-Id", equalTo(tenantId))
                .willReturn(okJson("{\"data\": {\"id\": \"" + botId + "\", \"type\": \"bot\"}}")));
    }

    /** bot-service knows {@code knowledgeBaseId} as a knowledge base of {@code tenantId}. */
    public static void knowsKnowledgeBase(WireMockServer botService, String tenantId, String knowledgeBaseId) {
        botService.stubFor(get("/v1/knowledge-bases/" + knowledgeBaseId).withHeader("X-Parley-Tenant-Id", equalTo(tenantId))
                .willReturn(okJson("{\"data\": {\"id\": \"" + knowledgeBaseId + "\", \"type\": \"knowledge_base\"}}")));
    }

    @Override
    public Map<String, String> start() {
        server = new WireMockServer(options().dynamicPort());
        server.start();
        return Map.of("quarkus.rest-client.bot-service.url", server.baseUrl());
    }

    @Override
    public void inject(TestInjector injector) {
        injector.injectIntoFields(server,
                new TestInjector.AnnotatedAndMatchesType(InjectBotService.class, WireMockServer.class));
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop();
        }
    }
}
