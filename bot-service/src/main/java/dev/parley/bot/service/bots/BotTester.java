package dev.parley.bot.service.bots;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.bot.Bot;
import dev.parley.bot.client.ConversationServiceClient;
import dev.parley.platform.problem.FieldChecks;
import dev.parley.platform.security.CurrentCaller;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code POST /v1/bots/{id}/test}: the engine's dry run in conversation-service on one message, with the caller's
 * history and metadata, for the bot as it stands now (its current version). Nothing is stored on either side.
 */
@ApplicationScoped
public class BotTester {

    /** What the test sends: Linktor's {@code message} and {@code context.history}/{@code context.metadata}. */
    public record TestRequest(String message, Context context) {
    }

    public record Context(List<Turn> history, Map<String, Object> metadata) {
    }

    public record Turn(String role, String content) {
    }

    private static final Set<String> ROLES = Set.of("user", "assistant");

    private final BotService bots;
    private final ConversationServiceClient engine;
    private final CurrentCaller caller;

    public BotTester(BotService bots, ConversationServiceClient engine, CurrentCaller caller) {
        this.bots = bots;
        this.engine = engine;
        this.caller = caller;
    }

    public JsonNode test(String botId, TestRequest request) {
        FieldChecks checks = new FieldChecks();
        if (checks.required("message", request.message() == null || request.message().isBlank() ? null : request.message())) {
            checks.maxLength("message", request.message(), 4096);
        }
        Context context = request.context() == null ? new Context(null, null) : request.context();
        List<Turn> history = context.history() == null ? List.of() : context.history();
        checks.maxItems("context.history", history, 50);
        for (int i = 0; i < history.size(); i++) {
            Turn turn = history.get(i);
            if (turn == null || turn.role() == null || !ROLES.contains(turn.role())) { // Set.of refuses contains(null)
                checks.add("context.history[" + i + "].role", "must be user or assistant");
            }
            if (turn != null) {
                checks.maxLength("context.history[" + i + "].content", turn.content(), 4096);
            }
        }
        checks.throwIfAny();
        Bot bot = bots.get(botId);
        List<Map<String, Object>> turns = history.stream()
                .map(t -> Map.<String, Object>of("role", t.role(), "content", t.content() == null ? "" : t.content()))
                .toList();
        return engine.dryRun(caller.tenantId(), bot.id, bot.version, request.message(), turns,
                context.metadata() == null ? Map.of() : context.metadata());
    }
}
