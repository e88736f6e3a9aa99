package dev.parley.bot.rest;

import static dev.parley.bot.testing.BotApi.as;
import static dev.parley.bot.testing.BotApi.issueKey;
import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.platform.ratelimit.RateLimitConfig;
import dev.parley.platform.ratelimit.RateLimitDecision;
import dev.parley.platform.ratelimit.RateLimiter;
import dev.parley.platform.security.Scopes;
import dev.parley.platform.testing.Keycloak;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Real Redis: bob's tenant (globex) is on the free plan, 60 requests a minute per key. */
@QuarkusTest
class RateLimitTest {

    @Inject
    ReactiveRedisDataSource redis;

    @Inject
    RateLimitConfig config;

    @Test
    void exactlyThePlansNumberOfRequestsPassInAWindow() throws Exception {
        String key = "Bearer " + issueKey(Keycloak.bearer("bob"), Set.of(Scopes.BOTS_READ));
        List<Response> responses = new ArrayList<>();
        ExecutorService clients = Executors.newFixedThreadPool(8);
        try {
            List<Future<Response>> sent = new ArrayList<>();
            for (int i = 0; i < 75; i++) {
                sent.add(clients.submit(() -> as(key).get("/v1/bots")));
            }
            for (Future<Response> response : sent) {
                responses.add(response.get());
            }
        } finally {
            clients.shutdown();
        }
        List<Response> passed = responses.stream().filter(r -> r.statusCode() == 200).toList();
        List<Response> refused = responses.stream().filter(r -> r.statusCode() == 429).toList();
        assertThat(passed).hasSize(60);
        assertThat(refused).hasSize(15);

        Response limited = refused.get(0);
        assertThat(limited.contentType()).startsWith("application/problem+json");
        assertThat(limited.jsonPath().getString("code")).isEqualTo("RATE_LIMIT_EXCEEDED");
        long retryAfter = Long.parseLong(limited.header("Retry-After"));
        assertThat(retryAfter).isBetween(1L, 60L);
        assertThat(limited.header("RateLimit")).matches("limit=60, remaining=0, reset=\\d+");
        assertThat(limited.header("RateLimit-Policy")).isEqualTo("60;w=60");
        assertThat(passed.get(0).header("RateLimit-Limit")).isEqualTo("60");
        assertThat(passed.stream().map(r -> Integer.parseInt(r.header("RateLimit-Remaining"))).toList())
                .containsExactlyInAnyOrderElementsOf(java.util.stream.IntStream.range(0, 60).boxed().toList());

        // another key of the same tenant has its own budget
        String other = "Bearer " + issueKey(Keycloak.bearer("bob"), Set.of(Scopes.BOTS_READ));
        assertThat(as(other).get("/v1/bots").statusCode()).isEqualTo(200);
    }

    @Test
    void twoReplicasTogetherLetThePlansNumberPassEachRequestWithACountOfItsOwn() {
        // two replicas' limiters, each with its own leases, on the same Redis
        RateLimiter first = new RateLimiter(redis, config);
        RateLimiter second = new RateLimiter(redis, config);
        String keyId = "key_replicas_" + System.nanoTime();
        List<RateLimitDecision> decisions = new ArrayList<>();
        for (int i = 0; i < 450; i++) {
            decisions.add((i % 3 == 0 ? first : second).acquire(keyId, "pro").await().indefinitely());
        }
        List<RateLimitDecision> passed = decisions.stream().filter(RateLimitDecision::allowed).toList();
        // both replicas kept being asked, so no count leased by one was left unused
        assertThat(passed).hasSize(300);
        assertThat(passed.stream().map(RateLimitDecision::remaining).distinct()).hasSize(300);
        assertThat(decisions.stream().skip(300)).noneMatch(RateLimitDecision::allowed);
        String counted = redis.value(String.class).get("parley:rate:" + keyId).await().indefinitely();
        assertThat(Long.parseLong(counted)).as("leases and refusals stop asking Redis near and past the limit")
                .isLessThan(450);
    }

    @Test
    void aProTenantGetsThreeHundred() {
        String key = "Bearer " + issueKey(Keycloak.bearer("alice"), Set.of(Scopes.BOTS_READ));
        Response first = as(key).get("/v1/bots");
        assertThat(first.header("RateLimit-Limit")).isEqualTo("300");
        assertThat(first.header("RateLimit-Remaining")).isEqualTo("299");
    }
}
