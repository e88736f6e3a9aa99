package dev.parley.events.conversation;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * conversation-service asks for a human (or bot) agent: the payload of a {@link #TYPE} event on
 * {@link dev.parley.events.Topics#CONVERSATIONS}, keyed by conversation id (llm-gateway's agent loops send the same
 * record on {@link dev.parley.events.Topics#AGENT_LOOPS} for their transfer tool). routing-service turns it into a
 * transfer; a redelivered event, or a second request while the conversation already waits or is with an
 * agent, creates nothing new.
 *
 * @param teamId    the team whose queue takes the conversation; {@code null} for the general queue
 * @param agentId   optional: straight to this agent (e.g. a deactivated bot's {@code transferTo}) when it has a free
 *                  slot; otherwise the conversation waits in {@code teamId}'s queue like any other
 * @param reason    why, e.g. {@code customer_request}, {@code fallback_exceeded}, {@code flow_step}, {@code bot_deactivated}
 * @param notes     internal notes for agents (a flow's templated {@code transferConfig.notes})
 * @param panels    the contact panels of the bot's flows, filled from the session at the handoff (Whatomate's
 *                  {@code panel_config}); absent when no flow's panel applies
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record HandoffRequested(String tenantId, String conversationId, String contactId, String botId, String teamId,
        String agentId, String reason, String notes, List<ContactPanel> panels) {

    public static final String TYPE = "handoff.requested";

    /** A handoff without contact panels (agent loops, deactivations). */
    public HandoffRequested(String tenantId, String conversationId, String contactId, String botId, String teamId,
            String agentId, String reason, String notes) {
        this(tenantId, conversationId, contactId, botId, teamId, agentId, reason, notes, null);
    }
}
