package dev.parley.routing.rest;

import dev.parley.platform.security.Scopes;
import dev.parley.platform.testing.ReplicatedApiKeyContract;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class TeamApiKeyTest extends ReplicatedApiKeyContract {

    @Override
    protected String protectedPath() {
        return "/v1/teams";
    }

    @Override
    protected String requiredScope() {
        return Scopes.ROUTING_READ;
    }

    @Override
    protected String unrelatedScope() {
        return Scopes.BOTS_WRITE;
    }
}
