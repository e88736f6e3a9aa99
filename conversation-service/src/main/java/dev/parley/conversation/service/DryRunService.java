package dev.parley.conversation.service;

import dev.parley.conversation.engine.BotEngine;
import dev.parley.conversation.engine.ChatTurn;
import dev.parley.conversation.engine.CompiledBot;
import dev.parley.conversation.engine.EngineInput;
import dev.parley.conversation.engine.Outcome;
import dev.parley.conversation.engine.SessionState;
import dev.parley.platform.problem.ProblemException;
import dev.parley.platform.security.CallerAttributes;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The engine on one message with nothing stored (behind bot-service's {@code POST /v1/bots/{id}/test}): a session
 * built from the given history, no events, no deliveries, no transfer; the bot answers as it will once active, so an
 * inactive one can be tried before it is activated. AI answers do call the gateway (and count in the tenant's usage).
 */
@ApplicationScoped
public class DryRunService {

    public record Result(Outcome outcome, long latencyMs) {
    }

    private final BotDirectory bots;
    private final BotEngine engine;
    private final SecurityIdentity identity;
    private final BotCatchUp catchUp;

    public DryRunService(BotDirectory bots, BotEngine engine, SecurityIdentity identity, BotCatchUp catchUp) {
        this.catchUp = catchUp;
        this.bots = bots;
        this.engine = engine;
        this.identity = identity;
    }

    /** {@code minVersion}: the bot's version the caller knows of (bot-service's test); an older one is caught up. */
    public Result run(String botId, long minVersion, String message, List<ChatTurn> history,
            Map<String, Object> metadata, Map<String, String> variables) {
        String tenant = identity.getAttribute(CallerAttributes.TENANT_ID);
        if (bots.find(botId).map(b -> b.version() < minVersion).orElse(true)) {
            catchUp.bot(botId);
        }
        CompiledBot bot = bots.find(botId)
                // a person or key sees only the tenant's bots; a service token (bot-service) may test any
                .filter(b -> tenant == null ? identity.hasRole("service") : tenant.equals(b.tenantId()))
                .orElseThrow(() -> ProblemException.notFound("BOT_NOT_FOUND", "Bot " + botId + " does not exist."));
        SessionState session = new SessionState();
        session.greeted = history != null && !history.isEmpty();
        if (variables != null) {
            session.variables.putAll(variables);
        }
        long started = System.nanoTime();
        Outcome outcome = engine.test(bot, session, new EngineInput(null, null, null, null, message, null,
                history == null ? List.of() : history, metadata == null ? Map.of() : metadata, Instant.now()));
        return new Result(outcome, (System.nanoTime() - started) / 1_000_000);
    }
}
