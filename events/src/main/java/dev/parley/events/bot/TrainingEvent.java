package dev.parley.events.bot;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A bot's knowledge-base training job, on {@link dev.parley.events.Topics#BOTS} keyed by bot id; the CloudEvent type is
 * one of the constants. {@code documentsEmbedded} is how many documents this run (re)embedded: an incremental run
 * embeds only documents whose content changed since they were last indexed.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TrainingEvent(String trainingId, String botId, String tenantId, String knowledgeBaseId, boolean fullRetrain,
        int documentsToProcess, int documentsEmbedded, int chunks, String error) {

    public static final String STARTED = "bot.training.started";
    public static final String COMPLETED = "bot.training.completed";
    public static final String FAILED = "bot.training.failed";
}
