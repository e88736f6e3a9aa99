package dev.parley.routing.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parley.routing.Agent;
import dev.parley.routing.Transfer;
import dev.parley.routing.repository.AgentRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Agents' own webhooks (LiveChat bot agents): when a conversation is assigned to an agent whose webhook has the
 * {@code incoming_chat_thread} action, a signed message goes to it through the same durable deliveries as
 * tenants' subscriptions. Filters understood: {@code teamIds} and {@code sources} (lists the transfer must match).
 */
@ApplicationScoped
public class AgentNotifications {

    public static final String INCOMING_CHAT_THREAD = "incoming_chat_thread";

    private final AgentRepository agents;
    private final WebhookDeliveries deliveries;
    private final ObjectMapper json;

    public AgentNotifications(AgentRepository agents, WebhookDeliveries deliveries, ObjectMapper json) {
        this.agents = agents;
        this.deliveries = deliveries;
        this.json = json;
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void assigned(Transfer transfer) {
        Agent agent = agents.findById(transfer.agentId);
        if (agent == null || agent.webhookUrl == null || agent.webhookActions == null) {
            return;
        }
        agent.webhookActions.stream()
                .filter(action -> INCOMING_CHAT_THREAD.equals(action.name()) && matches(action.filters(), transfer))
                .findFirst()
                .ifPresent(action -> {
                    Map<String, Object> body = new LinkedHashMap<>();
                    body.put("action", INCOMING_CHAT_THREAD);
                    body.put("agentId", agent.id);
                    body.put("timestamp", Instant.now().toString());
                    body.put("payload", TransferEvents.of(transfer));
                    if (action.additionalData() != null && !action.additionalData().isEmpty()) {
                        body.put("additionalData", Map.of("requested", action.additionalData()));
                    }
                    deliveries.enqueueForAgent(agent.tenantId, agent.id, agent.webhookUrl, agent.webhookSecret,
                            INCOMING_CHAT_THREAD, write(body));
                });
    }

    private static boolean matches(Map<String, Object> filters, Transfer transfer) {
        if (filters == null) {
            return true;
        }
        return within(filters.get("teamIds"), transfer.teamId) && within(filters.get("sources"), transfer.source);
    }

    private static boolean within(Object allowed, String value) {
        return !(allowed instanceof Collection<?> values) || values.contains(value);
    }

    private String write(Object body) {
        try {
            return json.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
