package dev.parley.conversation.rest;

import dev.parley.platform.security.Scopes;
import dev.parley.platform.testing.ReplicatedApiKeyContract;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class ConversationApiKeyTest extends ReplicatedApiKeyContract {

    @Override
    protected String protectedPath() {
        return "/v1/conversations";
    }

    @Override
    protected String requiredScope() {
        return Scopes.CONVERSATIONS_READ;
    }

    @Override
    protected String unrelatedScope() {
        return Scopes.LLM_USE;
    }
}
