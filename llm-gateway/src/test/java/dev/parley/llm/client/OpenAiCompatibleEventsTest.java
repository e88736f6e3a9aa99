package dev.parley.llm.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Test;

/** A provider's server-sent events as the relay passes them on: whole events, as soon as each is complete. */
class OpenAiCompatibleEventsTest {

    static final ObjectMapper JSON = new ObjectMapper();

    static final String FIRST = "data: {\"id\":\"c\",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"Hi\"}}]}\n\n";
    static final String FINISH = "data: {\"id\":\"c\",\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n";
    static final String USAGE = "data: {\"id\":\"c\",\"choices\":[],\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":2,\"total_tokens\":5}}\n\n";
    static final String DONE = "data: [DONE]\n\n";

    @Test
    void passesEachEventOnAsSoonAsItIsCompleteWhereverTheNetworkCutsIt() {
        OpenAiCompatible.Events events = new OpenAiCompatible.Events(JSON, true);
        String all = FIRST + FINISH + USAGE + DONE;
        int cut = FIRST.length() + 7;
        Buffer first = events.accept(Buffer.buffer(all.substring(0, cut)));
        assertThat(first.toString()).isEqualTo(FIRST);
        Buffer rest = events.accept(Buffer.buffer(all.substring(cut)));
        assertThat(rest.toString()).isEqualTo(FINISH + USAGE + DONE);
        assertThat(events.end().length()).isZero();
        assertThat(events.usage().path("total_tokens").asInt()).isEqualTo(5);
    }

    @Test
    void keepsTheUsageFromAClientThatDidNotAskForItButRecordsIt() {
        OpenAiCompatible.Events events = new OpenAiCompatible.Events(JSON, false);
        String withUsageOnFinish = "data: {\"id\":\"c\",\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}],"
                + "\"usage\":{\"prompt_tokens\":1,\"completion_tokens\":1,\"total_tokens\":2}}\r\n\r\n";
        String out = events.accept(Buffer.buffer(FIRST + withUsageOnFinish + USAGE + DONE)).toString();
        assertThat(out).startsWith(FIRST).endsWith(DONE).doesNotContain("usage").contains("\"finish_reason\":\"stop\"");
        assertThat(events.usage().path("total_tokens").asInt()).isEqualTo(5);
    }

    @Test
    void theFirstChunkNamesTheAssistantWhenTheProviderDidNot() throws Exception {
        OpenAiCompatible.Events events = new OpenAiCompatible.Events(JSON, true);
        String out = events.accept(Buffer.buffer(
                "data: {\"id\":\"c\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hi\"}}]}\n\n" + FINISH)).toString();
        String first = out.substring(0, out.indexOf("\n\n"));
        assertThat(JSON.readTree(first.substring(6)).path("choices").path(0).path("delta").path("role").asText())
                .isEqualTo("assistant");
        assertThat(out).endsWith(FINISH);
    }

    @Test
    void anEventCutOffAtTheEndIsStillPassedOn() {
        OpenAiCompatible.Events events = new OpenAiCompatible.Events(JSON, true);
        assertThat(events.accept(Buffer.buffer(FIRST + "data: [DONE]")).toString()).isEqualTo(FIRST);
        assertThat(events.end().toString()).isEqualTo("data: [DONE]");
    }
}
