package dev.parley.routing.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parley.platform.problem.FieldChecks;
import dev.parley.routing.Agent;
import dev.parley.routing.Transfer;
import dev.parley.routing.messaging.TransferEvents;
import dev.parley.routing.repository.AgentRepository;
import dev.parley.routing.repository.ConversationDirectory;
import dev.parley.routing.repository.TransferRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Agents' own webhooks (LiveChat bot agents): a signed message goes to the agent's URL, through the same durable
 * deliveries as tenants' subscriptions, for each action its webhook names whose filters the chat matches:
 * <ul>
 * <li>{@code incoming_chat} (and its older name {@code incoming_chat_thread}): a conversation was assigned to it;</li>
 * <li>{@code incoming_event}: a message in a conversation it holds;</li>
 * <li>{@code chat_transferred}: a conversation it held was moved to another agent, or one was moved to it;</li>
 * <li>{@code chat_deactivated}: a conversation it held went back to the bot, or was closed.</li>
 * </ul>
 * Filters: {@code chat_properties.source.type} ({@code values} / {@code exclude_values}: the channel type, e.g.
 * {@code webchat}, {@code whatsapp}), {@code author_type} ({@code incoming_event}: {@code customer}, {@code agent},
 * {@code bot}), {@code only_my_chats} (always so), and Parley's {@code teamIds} and {@code sources}. An unknown action
 * or filter is refused when the webhook is set.
 */
@ApplicationScoped
public class AgentNotifications {

    public static final String INCOMING_CHAT = "incoming_chat";
    public static final String INCOMING_CHAT_THREAD = "incoming_chat_thread";
    public static final String INCOMING_EVENT = "incoming_event";
    public static final String CHAT_TRANSFERRED = "chat_transferred";
    public static final String CHAT_DEACTIVATED = "chat_deactivated";
    public static final Set<String> ACTIONS = Set.of(INCOMING_CHAT, INCOMING_CHAT_THREAD, INCOMING_EVENT, CHAT_TRANSFERRED,
            CHAT_DEACTIVATED);
    /** The filters each action understands; the seed's snake_case spellings and Parley's camelCase ones. */
    private static final Set<String> CHAT_FILTERS = Set.of("chat_properties", "only_my_chats", "onlyMyChats", "teamIds",
            "sources");
    private static final Set<String> EVENT_FILTERS = Set.of("chat_properties", "only_my_chats", "onlyMyChats", "teamIds",
            "sources", "author_type", "authorType");

    private final AgentRepository agents;
    private final TransferRepository transfers;
    private final ConversationDirectory directory;
    private final WebhookDeliveries deliveries;
    private final ObjectMapper json;

    public AgentNotifications(AgentRepository agents, TransferRepository transfers, ConversationDirectory directory,
            WebhookDeliveries deliveries, ObjectMapper json) {
        this.agents = agents;
        this.transfers = transfers;
        this.directory = directory;
        this.deliveries = deliveries;
        this.json = json;
    }

    /** What is wrong with a webhook's actions: unknown names, unknown filters, filters of the wrong shape. */
    public static void check(List<Agent.WebhookAction> actions, FieldChecks errors) {
        for (int i = 0; i < actions.size(); i++) {
            Agent.WebhookAction action = actions.get(i);
            String at = "webhooks.actions[" + i + "]";
            if (action.name() == null || !ACTIONS.contains(action.name())) {
                errors.add(at + ".name", "must be one of " + String.join(", ", ACTIONS.stream().sorted().toList()));
                continue;
            }
            if (action.filters() == null) {
                continue;
            }
            Set<String> known = INCOMING_EVENT.equals(action.name()) ? EVENT_FILTERS : CHAT_FILTERS;
            for (Map.Entry<String, Object> filter : action.filters().entrySet()) {
                String field = at + ".filters." + filter.getKey();
                if (!known.contains(filter.getKey())) {
                    errors.add(field, "is not a filter of " + action.name() + " (known: "
                            + String.join(", ", known.stream().sorted().toList()) + ")");
                } else if (filter.getKey().equals("chat_properties")) {
                    checkChatProperties(filter.getValue(), field, errors);
                } else if (filter.getKey().startsWith("only") && !(filter.getValue() instanceof Boolean)) {
                    errors.add(field, "must be true or false");
                } else if (!filter.getKey().startsWith("only") && !stringList(filter.getValue())) {
                    errors.add(field, "must be a list of strings");
                }
            }
        }
    }

    private static void checkChatProperties(Object value, String field, FieldChecks errors) {
        if (!(value instanceof Map<?, ?> namespaces) || namespaces.size() != 1 || !(namespaces.get("source") instanceof Map<?, ?> source)
                || source.size() != 1 || !(source.get("type") instanceof Map<?, ?> type) || type.isEmpty()) {
            errors.add(field, "understood: {\"source\": {\"type\": {\"values\": [...]}}} (or exclude_values)");
            return;
        }
        for (Map.Entry<?, ?> condition : type.entrySet()) {
            if (!Set.of("values", "exclude_values").contains(condition.getKey()) || !stringList(condition.getValue())) {
                errors.add(field + ".source.type." + condition.getKey(),
                        "understood: values or exclude_values, a list of channel types");
            }
        }
    }

    /** A conversation was assigned to {@code transfer.agentId}: {@code incoming_chat}. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void assigned(Transfer transfer) {
        Agent agent = agents.findById(transfer.agentId);
        Map<String, Object> payload = transferPayload(transfer);
        notify(agent, INCOMING_CHAT, transfer, null, payload);
        notify(agent, INCOMING_CHAT_THREAD, transfer, null, payload);
    }

    /** A conversation moved from {@code fromAgentId} to the transfer's agent: both hear {@code chat_transferred}. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void transferred(Transfer transfer, String fromAgentId) {
        Map<String, Object> payload = transferPayload(transfer);
        payload.put("fromAgentId", fromAgentId);
        payload.put("toAgentId", transfer.agentId);
        notify(agents.findById(fromAgentId), CHAT_TRANSFERRED, transfer, null, payload);
        notify(agents.findById(transfer.agentId), CHAT_TRANSFERRED, transfer, null, payload);
    }

    /** The conversation the agent held went back to the bot: {@code chat_deactivated}. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void deactivated(Transfer transfer, String agentId) {
        if (agentId != null) {
            notify(agents.findById(agentId), CHAT_DEACTIVATED, transfer, null, transferPayload(transfer));
        }
    }

    /**
     * A message event ({@code message.received}, {@code message.sent}) for the agent holding the conversation, if any:
     * {@code incoming_event}. Returns whether a delivery was written. (A closed or erased conversation's agent hears
     * {@code chat_deactivated} from {@link #deactivated}, when routing ends the transfer, once.)
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean conversationEvent(String tenantId, String type, JsonNode data) {
        String conversationId = data.path("conversationId").asText(null);
        if (conversationId == null) {
            return false;
        }
        Optional<Transfer> held = transfers.assignedForConversation(tenantId, conversationId);
        if (held.isEmpty()) {
            return false;
        }
        Transfer transfer = held.get();
        Agent agent = agents.findById(transfer.agentId);
        if (!type.startsWith("message.")) {
            return false;
        }
        String author = authorType(data.path("sender").asText(""));
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("chatId", conversationId);
        payload.put("transferId", transfer.id);
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("id", data.path("messageId").asText(null));
        event.put("type", "message");
        event.put("text", data.path("text").asText(null));
        event.put("authorType", author);
        event.put("createdAt", data.path("createdAt").asText(null));
        payload.put("event", event);
        return notify(agent, INCOMING_EVENT, transfer, author, payload);
    }

    private boolean notify(Agent agent, String actionName, Transfer transfer, String authorType, Map<String, Object> payload) {
        if (agent == null || agent.webhookUrl == null || agent.webhookActions == null) {
            return false;
        }
        Optional<Agent.WebhookAction> action = agent.webhookActions.stream()
                .filter(a -> actionName.equals(a.name()) && matches(a.filters(), transfer, authorType)).findFirst();
        if (action.isEmpty()) {
            return false;
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("action", actionName);
        body.put("agentId", agent.id);
        body.put("timestamp", Instant.now().toString());
        body.put("payload", payload);
        if (action.get().additionalData() != null && !action.get().additionalData().isEmpty()) {
            body.put("additionalData", Map.of("requested", action.get().additionalData()));
        }
        deliveries.enqueueForAgent(agent.tenantId, agent.id, agent.webhookUrl, agent.webhookSecret, actionName, write(body));
        return true;
    }

    /** The transfer's fields ({@code TransferEvent}), which {@code incoming_chat_thread} always sent. */
    @SuppressWarnings("unchecked")
    private Map<String, Object> transferPayload(Transfer transfer) {
        return new LinkedHashMap<>(json.convertValue(TransferEvents.of(transfer), Map.class));
    }

    private boolean matches(Map<String, Object> filters, Transfer transfer, String authorType) {
        if (filters == null || filters.isEmpty()) {
            return true;
        }
        if (!within(filters.get("teamIds"), transfer.teamId) || !within(filters.get("sources"), transfer.source)) {
            return false;
        }
        Object author = filters.containsKey("author_type") ? filters.get("author_type") : filters.get("authorType");
        if (authorType != null && !within(author, authorType)) {
            return false;
        }
        if (filters.get("chat_properties") instanceof Map<?, ?> properties
                && properties.get("source") instanceof Map<?, ?> source && source.get("type") instanceof Map<?, ?> type) {
            String channelType = transfer.conversationId == null ? null : directory.find(transfer.tenantId,
                    transfer.conversationId).map(ConversationDirectory.Entry::channelType).orElse(null);
            if (type.get("values") instanceof Collection<?> values && !values.contains(channelType)) {
                return false;
            }
            if (type.get("exclude_values") instanceof Collection<?> excluded && excluded.contains(channelType)) {
                return false;
            }
        }
        return true;
    }

    private static String authorType(String sender) {
        return switch (sender) {
            case "contact", "customer", "user" -> "customer";
            case "agent" -> "agent";
            default -> "bot";
        };
    }

    private static boolean within(Object allowed, String value) {
        return !(allowed instanceof Collection<?> values) || values.contains(value);
    }

    private static boolean stringList(Object value) {
        return value instanceof Collection<?> values && values.stream().allMatch(String.class::isInstance);
    }

    private String write(Object body) {
        try {
            return json.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
