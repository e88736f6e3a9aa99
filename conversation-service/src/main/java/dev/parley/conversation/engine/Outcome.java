package dev.parley.conversation.engine;

import java.util.ArrayList;
import java.util.List;

/** What the engine decided for one inbound message. */
public final class Outcome {

    /** A transfer to people: routing-service creates it from {@code handoff.requested}. */
    public record Handoff(String reason, String teamId, String notes) {
    }

    public record Usage(int promptTokens, int completionTokens, int totalTokens) {
    }

    public final List<Reply> replies = new ArrayList<>();
    public Handoff handoff;
    /** The bot is inactive or outside business hours: the conversation waits. */
    public boolean queued;
    /** The conversation is with an agent: the bot stayed silent and the message goes to the agent. */
    public boolean forwardedToAgent;
    public String intent;
    /**
     * How sure the engine is of its answer, 0–1: 1 for what the configuration decides (greeting, flow step, keyword
     * rule, handoff, offline message), the AI answer's own measure (the best passage's score), 0 for the fallback;
     * {@code null} when nothing measures it (an AI answer grounded in no passage, a silent bot).
     */
    public Double confidence;
    public Usage usage;

    void add(Reply reply) {
        replies.add(reply);
        intent = reply.intent();
    }

    public List<Reply.Source> sources() {
        return replies.stream().filter(r -> r.sources() != null).flatMap(r -> r.sources().stream()).toList();
    }
}
