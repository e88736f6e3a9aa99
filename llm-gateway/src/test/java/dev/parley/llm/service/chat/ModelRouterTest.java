package dev.parley.llm.service.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.llm.Integration;
import dev.parley.llm.repository.IntegrationRepository;
import dev.parley.platform.id.Ids;
import dev.parley.platform.problem.ProblemException;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Which integration and which models a call's {@code model} leads to, for a tenant of its own per test. */
@QuarkusTest
class ModelRouterTest {

    @Inject
    ModelRouter router;

    @Inject
    IntegrationRepository integrations;

    String tenant;

    @BeforeEach
    void tenantOfItsOwn() {
        tenant = "tnt_router" + Ids.random(8).toLowerCase();
    }

    Integration integration(String tenantId, String botId, String provider, String defaultModel, List<String> fallbacks,
            boolean enabled) {
        Integration i = stored(tenantId, botId, provider, defaultModel, fallbacks, enabled);
        router.forget(tenantId);
        return i;
    }

    /** As another replica adds it: this one is not told. */
    Integration addedElsewhere(String defaultModel) {
        return stored(tenant, null, "custom", defaultModel, List.of(), true);
    }

    Integration stored(String tenantId, String botId, String provider, String defaultModel, List<String> fallbacks,
            boolean enabled) {
        Integration i = new Integration();
        i.id = Ids.generate("int");
        i.tenantId = tenantId;
        i.botId = botId;
        i.name = "router test";
        i.provider = provider;
        i.baseUrl = "https://" + provider + ".example.com/v1";
        i.defaultModel = defaultModel;
        i.fallbackModels = fallbacks;
        i.enabled = enabled;
        i.createdAt = Instant.now();
        i.updatedAt = i.createdAt;
        QuarkusTransaction.requiringNew().run(() -> integrations.persist(i));
        return i;
    }

    @Test
    void anIntegrationIdLeadsToItsDefaultModelThenItsFallbacksEachOnce() {
        Integration i = integration(tenant, null, "custom", "m1", List.of("m2", "m1", "m3"), true);
        ModelRouter.Route route = router.route(tenant, null, i.id);
        assertThat(route.integration().id).isEqualTo(i.id);
        assertThat(route.models()).containsExactly("m1", "m2", "m3");
        assertThat(route.baseUrl()).isEqualTo("https://custom.example.com/v1");
    }

    @Test
    void aBotsOwnIntegrationComesBeforeTheTenantsAndOtherBotsAreLeftOut() {
        Integration shared = integration(tenant, null, "openai", "gpt-4o-mini", List.of(), true);
        String bot = Ids.generate("bot");
        Integration own = integration(tenant, bot, "openai", "gpt-4o-mini", List.of(), true);
        integration(tenant, Ids.generate("bot"), "openai", "gpt-4o-mini", List.of(), true);

        assertThat(router.route(tenant, bot, "gpt-4o-mini").integration().id).isEqualTo(own.id);
        assertThat(router.route(tenant, null, "gpt-4o-mini").integration().id).isEqualTo(shared.id);
        assertThat(router.route(tenant, Ids.generate("bot"), "openai/gpt-4o").integration().id).isEqualTo(shared.id);
    }

    @Test
    void anotherTenantsOrADisabledIntegrationIsNotThere() {
        Integration theirs = integration("tnt_other" + Ids.random(6).toLowerCase(), null, "custom", "m1", List.of(), true);
        Integration off = integration(tenant, null, "custom", "m1", List.of(), false);
        for (String id : List.of(theirs.id, off.id)) {
            assertThatThrownBy(() -> router.route(tenant, null, id)).isInstanceOf(ProblemException.class)
                    .extracting(e -> ((ProblemException) e).code()).isEqualTo("INTEGRATION_NOT_FOUND");
        }
        assertThatThrownBy(() -> router.route(tenant, null, "gpt-4o")).isInstanceOf(ProblemException.class)
                .extracting(e -> ((ProblemException) e).code()).isEqualTo("INTEGRATION_REQUIRED");
        assertThatThrownBy(() -> router.route(tenant, null, "no-such-model")).isInstanceOf(ProblemException.class)
                .extracting(e -> ((ProblemException) e).code()).isEqualTo("INVALID_MODEL");
    }

    @Test
    void fromMemoryTheIntegrationsReadAreServedWhileReadAgainInTheBackground() throws InterruptedException {
        Integration first = integration(tenant, null, "custom", "m1", List.of(), true);
        assertThatThrownBy(() -> router.route(tenant, null, "m1", true)).isInstanceOf(NotInMemory.class);
        router.route(tenant, null, "m1"); // read on a worker's path
        assertThat(router.route(tenant, null, "m1", true).integration().id).isEqualTo(first.id);

        Integration later = addedElsewhere("m7");
        assertThatThrownBy(() -> router.route(tenant, null, "m7", true)).isInstanceOf(ProblemException.class)
                .extracting(e -> ((ProblemException) e).code()).isEqualTo("INVALID_MODEL"); // still fresh
        Thread.sleep(5_100);
        // no longer fresh: the call from memory goes on with what was read, and its tenant is read again meanwhile
        assertThat(router.route(tenant, null, "m1", true).integration().id).isEqualTo(first.id);
        long deadline = System.currentTimeMillis() + 3_000;
        ModelRouter.Route route = null;
        while (route == null && System.currentTimeMillis() < deadline) {
            try {
                route = router.route(tenant, null, "m7", true);
            } catch (ProblemException stillTheOldList) {
                Thread.sleep(20);
            }
        }
        assertThat(route).as("the other replica's integration, read in the background").isNotNull();
        assertThat(route.integration().id).isEqualTo(later.id);
    }

    @Test
    void retrievalNeedsNoIntegrationAndAChangeIsSeenOnceForgotten() {
        assertThat(router.route(tenant, null, ModelRouter.RETRIEVAL).retrieval()).isTrue();
        assertThatThrownBy(() -> router.route(tenant, null, "m9")).isInstanceOf(ProblemException.class);
        Integration later = integration(tenant, null, "custom", "m9", List.of(), true); // forgets the tenant's cache
        assertThat(router.route(tenant, null, "m9").integration().id).isEqualTo(later.id);
    }
}
