package dev.parley.llm.rest;

import dev.parley.platform.security.Scopes;
import dev.parley.platform.testing.ReplicatedApiKeyContract;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class ModelApiKeyTest extends ReplicatedApiKeyContract {

    @Override
    protected String protectedPath() {
        return "/v1/models";
    }

    @Override
    protected String requiredScope() {
        return Scopes.LLM_USE;
    }

    @Override
    protected String unrelatedScope() {
        return Scopes.ROUTING_WRITE;
    }
}
