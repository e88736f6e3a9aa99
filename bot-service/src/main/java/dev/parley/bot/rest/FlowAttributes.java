package dev.parley.bot.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import dev.parley.bot.ConversationFlow;
import dev.parley.events.bot.Flow;
import java.time.Instant;

@JsonInclude(JsonInclude.Include.NON_NULL)
public record FlowAttributes(@JsonUnwrapped Flow flow, Instant createdAt, Instant updatedAt) {

    static final String TYPE = "flow";

    static FlowAttributes of(ConversationFlow flow) {
        return new FlowAttributes(flow.definition, flow.createdAt, flow.updatedAt);
    }
}
