package dev.parley.llm.service.chat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.langchain4j.exception.HttpException;
import dev.parley.platform.outbound.OutboundRefusedException;
import dev.parley.platform.problem.ProblemException;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/** How a provider's failure decides what happens next and what the caller is told (no Quarkus, no network). */
class ProviderFailureTest {

    @Test
    void statusesSortIntoRetryFallbackOrGiveUp() {
        assertThat(ProviderFailure.of(new HttpException(500, "boom")).retryable()).isTrue();
        assertThat(ProviderFailure.of(new HttpException(429, "{\"error\": {\"message\": \"slow down\"}}")).retryable()).isTrue();
        ProviderFailure missing = ProviderFailure.of(new HttpException(404, "{\"error\": {\"message\": \"no such model\"}}"));
        assertThat(missing.retryable()).isFalse();
        assertThat(missing.tryNextModel()).isTrue();
        ProviderFailure auth = ProviderFailure.of(new HttpException(401, "{\"error\": \"bad key sk-secret\"}"));
        assertThat(auth.retryable()).isFalse();
        assertThat(auth.tryNextModel()).isFalse();
        assertThat(ProviderFailure.of(new HttpException(400, "{}")).tryNextModel()).isFalse();
    }

    @Test
    void problemsNameTheProviderAndModelButNeverACredential() {
        ProblemException auth = ProviderFailure.of(new HttpException(403, "{\"error\": \"bad key sk-secret\"}"))
                .problem("openai", "gpt-4o");
        assertThat(auth.getMessage()).contains("openai (model gpt-4o)").doesNotContain("sk-secret");
        assertThat(auth.code()).isEqualTo("PROVIDER_AUTHENTICATION_FAILED");

        ProblemException limited = ProviderFailure.of(new HttpException(429, "{\"error\": {\"message\": \"slow down\"}}"))
                .problem("openai", "gpt-4o");
        assertThat(limited.code()).isEqualTo("PROVIDER_RATE_LIMITED");
        assertThat(limited.getMessage()).contains("Provider said: slow down");

        assertThat(ProviderFailure.of(new HttpException(503, "<html>")).problem("x", "y").code()).isEqualTo("PROVIDER_ERROR");
        assertThat(ProviderFailure.of(new HttpException(404, "{}")).problem("x", "y").code()).isEqualTo("INVALID_MODEL");
    }

    @Test
    void causesFurtherDownAreFoundAndTheSummaryHoldsNoProviderText() {
        ProviderFailure unreachable = ProviderFailure.of(new RuntimeException(new IOException("connection refused")));
        assertThat(unreachable.kind()).isEqualTo(ProviderFailure.Kind.UNREACHABLE);
        assertThat(unreachable.retryable()).isTrue();
        assertThat(ProviderFailure.of(new RuntimeException(new java.util.concurrent.TimeoutException())).kind())
                .isEqualTo(ProviderFailure.Kind.TIMEOUT);
        ProviderFailure refused = ProviderFailure.of(new OutboundRefusedException("10.0.0.1 is a private address"));
        assertThat(refused.kind()).isEqualTo(ProviderFailure.Kind.ADDRESS_REFUSED);
        assertThat(refused.tryNextModel()).isFalse();
        assertThat(ProviderFailure.of(new IllegalStateException("unparseable")).summary()).isEqualTo("server error");
        assertThat(ProviderFailure.of(new HttpException(429, "{\"error\": \"secret text\"}")).summary()).isEqualTo("rate limited");
    }
}
