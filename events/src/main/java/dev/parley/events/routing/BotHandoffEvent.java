package dev.parley.events.routing;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * {@code bot.handoff} on {@link dev.parley.events.Topics#ROUTING}, keyed by conversation id: a conversation left its
 * bot for agents (Linktor's bot webhook event). routing-service publishes it with the transfer it created, in the
 * same transaction, for every handoff: from the engine ({@code handoff.requested}), a flow step, a deactivated bot,
 * or {@code POST /v1/transfers}.
 *
 * @param botId    the bot the conversation leaves ({@code null} when a transfer by API names none)
 * @param reason   e.g. {@code customer_request}, {@code fallback_exceeded}, {@code flow_step}, {@code bot_deactivated},
 *                 {@code manual} (by API)
 * @param transfer the transfer as created (status {@code waiting})
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BotHandoffEvent(String tenantId, String botId, String conversationId, String contactId, String reason,
        TransferEvent transfer, Instant occurredAt) {

    public static final String TYPE = "bot.handoff";
}
