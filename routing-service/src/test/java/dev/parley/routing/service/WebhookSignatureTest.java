package dev.parley.routing.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.routing.testing.StandardWebhooksLibrary;
import dev.parley.routing.testing.StandardWebhooksLibrary.Message;
import dev.parley.routing.testing.StandardWebhooksLibrary.Verdict;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class WebhookSignatureTest {

    @Test
    void signsThePublishedTestVector() {
        // https://www.standardwebhooks.com, the specification's example
        assertThat(WebhookSignature.sign("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "msg_p5jXN8AQM9LWM0D4loKWxJek",
                1614265330, "{\"test\": 2432232314}"))
                .isEqualTo("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
    }

    @Test
    void theOfficialLibraryAcceptsWhatParleySignsAndNothingElse() {
        String secret = WebhookSignature.newSecret();
        assertThat(secret).startsWith("whsec_");
        long now = Instant.now().getEpochSecond();
        String payload = "{\"type\":\"transfer.created\",\"data\":{\"notes\":\"Grüße, 日本語 and \\\"quotes\\\"\"}}";
        String signature = WebhookSignature.sign(secret, "msg_abc", now, payload);

        List<Verdict> verdicts = StandardWebhooksLibrary.judge(secret, List.of(
                new Message("msg_abc", now, signature, payload),
                new Message("msg_abc", now, signature, payload.replace("Grüße", "Grusse")),
                new Message("msg_other", now, signature, payload),
                new Message("msg_abc", now, WebhookSignature.sign(WebhookSignature.newSecret(), "msg_abc", now, payload), payload)));

        assertThat(verdicts.get(0).accepted()).isTrue();
        assertThat(verdicts.get(0).signature()).isEqualTo(signature);
        assertThat(verdicts.subList(1, 4)).noneMatch(Verdict::accepted);
        // and the library itself signs the published vector as Parley does
        Verdict vector = StandardWebhooksLibrary.judge("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", List.of(new Message(
                "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=",
                "{\"test\": 2432232314}"))).get(0);
        assertThat(vector.signature()).isEqualTo("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
    }
}
