package dev.parley.llm.rest;

import dev.parley.platform.security.Scopes;
import dev.parley.platform.testing.ReplicatedApiKeyContract;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/**
 * The chat completions route is served by Vert.x, outside the REST layer that secures every other endpoint: it must
 * keep the same contract (401 with its challenge, 403 without {@code llm:use}, keys refused within seconds of their
 * revocation, expired keys refused).
 */
@QuarkusTest
class ChatCompletionApiKeyTest extends ReplicatedApiKeyContract {

    static final String RETRIEVAL = """
            {"model": "retrieval", "messages": [{"role": "user", "content": "How long does shipping take?"}],
             "documents": [{"id": "shipping", "title": "Shipping", "text": "Standard shipping takes 3 to 5 business days."}]}""";

    @Override
    protected String protectedPath() {
        return "/v1/chat/completions";
    }

    @Override
    protected String requiredScope() {
        return Scopes.LLM_USE;
    }

    @Override
    protected String unrelatedScope() {
        return Scopes.ROUTING_WRITE;
    }

    @Override
    protected Response call(RequestSpecification request) {
        return request.contentType("application/json").body(RETRIEVAL).when().post(protectedPath());
    }
}
