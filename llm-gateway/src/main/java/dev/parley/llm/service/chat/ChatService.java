package dev.parley.llm.service.chat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.FinishReason;
import dev.langchain4j.model.output.TokenUsage;
import dev.parley.llm.client.KnowledgeBaseClient;
import dev.parley.llm.client.ProviderClients;
import dev.parley.llm.config.ChatConfig;
import dev.parley.llm.service.integration.IntegrationHealth;
import dev.parley.llm.service.usage.UsageService;
import dev.parley.platform.problem.FieldChecks;
import dev.parley.platform.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.jboss.logging.Logger;

/**
 * Chat completions for tenants' clients and Parley's services. Before any provider is called: the request's caps,
 * the model's context window and the tenant's token budget. Then the route's models in order, each attempted up to
 * {@code parley.chat.attempts-per-model} times for failures worth retrying, with growing, jittered pauses. Every
 * answered call is recorded as usage; every call that fails for good counts against its integration's health.
 */
@ApplicationScoped
public class ChatService {

    private static final Logger LOG = Logger.getLogger(ChatService.class);

    /** Passages looked up in a knowledge base per call. */
    private static final int PASSAGES = 5;

    private final ModelRouter router;
    private final KnowledgeBaseClient knowledgeBases;
    private final ProviderClients clients;
    private final RetrievalProvider retrieval;
    private final ModelCatalogue catalogue;
    private final UsageService usage;
    private final IntegrationHealth health;
    private final ChatConfig config;

    public ChatService(ModelRouter router, ProviderClients clients, RetrievalProvider retrieval, ModelCatalogue catalogue,
            UsageService usage, IntegrationHealth health, ChatConfig config, KnowledgeBaseClient knowledgeBases) {
        this.router = router;
        this.knowledgeBases = knowledgeBases;
        this.clients = clients;
        this.retrieval = retrieval;
        this.catalogue = catalogue;
        this.usage = usage;
        this.health = health;
        this.config = config;
    }

    /**
     * A whole answer for the tenant and plan named, as captured from the credential of the request that asked (the
     * call may run on another thread: a worker, an agent loop's execution).
     */
    public ChatResult complete(String tenantId, String plan, ChatCall call) {
        Prepared prepared = prepare(tenantId, plan, call);
        ModelRouter.Route route = prepared.route();
        if (route.retrieval()) {
            return recorded(prepared, retrieval.answer(prepared.call()), System.nanoTime());
        }
        return attempt(route, (model, start) -> {
            ChatResponse response = clients.chatModel(route.endpoint(model)).chat(prepared.request());
            health.succeeded(route.integration());
            return recorded(prepared, result(route.provider(), model, response, prepared.sources()), start);
        });
    }

    /**
     * Starts a streamed answer. Failures before the provider's first piece are retried and fall back like
     * {@link #complete}; once the first piece has arrived the answer is committed to that model.
     */
    public ChatStream stream(String tenantId, String plan, ChatCall call) {
        Prepared prepared = prepare(tenantId, plan, call);
        ModelRouter.Route route = prepared.route();
        if (route.retrieval()) {
            return ChatStream.of(recorded(prepared, retrieval.answer(prepared.call()), System.nanoTime()));
        }
        return attempt(route, (model, start) -> {
            ChatStream.Attempt handler = new ChatStream.Attempt();
            clients.streamingModel(route.endpoint(model)).chat(prepared.request(), handler);
            Object first = handler.first(patience());
            if (first instanceof Throwable error) {
                throw error instanceof RuntimeException runtime ? runtime : new IllegalStateException(error);
            }
            return handler.continueWith(model, first, patience(), response -> {
                health.succeeded(route.integration());
                return recorded(prepared, result(route.provider(), model, response, prepared.sources()), start);
            }, failure -> {
                ProviderFailure midway = ProviderFailure.of(failure);
                health.failed(route.integration(), midway.summary());
                return midway.problem(route.provider(), model);
            });
        });
    }

    /** One try of one model; {@code startNanos} is when it began (for the latency recorded). */
    private interface Try<T> {
        T run(String model, long startNanos);
    }

    /**
     * The route's models in order, each tried up to {@code attempts-per-model} times for failures worth retrying,
     * with doubling, jittered pauses; a failure that no other try can fix ends it at once.
     */
    private <T> T attempt(ModelRouter.Route route, Try<T> attempt) {
        ProviderFailure last = null;
        String lastModel = route.models().getFirst();
        for (String model : route.models()) {
            for (int n = 1; n <= config.attemptsPerModel(); n++) {
                try {
                    return attempt.run(model, System.nanoTime());
                } catch (RuntimeException e) {
                    last = ProviderFailure.of(e);
                    lastModel = model;
                    LOG.debugf("%s/%s attempt %d failed: %s", route.provider(), model, n, last.summary());
                    if (!last.retryable() || n == config.attemptsPerModel()) {
                        break;
                    }
                    pause(n);
                }
            }
            if (!last.tryNextModel()) {
                break;
            }
        }
        health.failed(route.integration(), last.summary());
        throw last.problem(route.provider(), lastModel);
    }

    /** What a call needs once it has passed every check made before a provider is touched. */
    private record Prepared(String tenantId, ChatCall call, ModelRouter.Route route, ChatRequest request,
            List<ChatResult.Source> sources) {
    }

    private Prepared prepare(String tenantId, String plan, ChatCall asked) {
        ChatCall call = withKnowledge(tenantId, asked);
        ModelRouter.Route route = admit(tenantId, plan, call);
        List<ChatMessage> messages = withPassages(call);
        ChatRequest request = ChatRequest.builder().messages(messages).parameters(call.parameters()).build();
        List<ChatResult.Source> sources = call.passages().stream()
                .map(p -> new ChatResult.Source(p.id(), p.title(), p.text(), p.score())).toList();
        return new Prepared(tenantId, call, route, request, sources);
    }

    /**
     * Every check made before a provider is touched (the caps, the model's context window, the tenant's token budget)
     * and the route, for a call whose knowledge passages (if any) are in it. Reads the database only where what it
     * remembers of the tenant is stale.
     */
    public ModelRouter.Route admit(String tenantId, String plan, ChatCall call) {
        return admit(tenantId, plan, call, false);
    }

    /**
     * As {@link #admit(String, String, ChatCall)} without blocking, for the event loop: throws {@link NotInMemory}
     * (before any effect) when the tenant's integrations or monthly total would have to be read first.
     */
    public ModelRouter.Route admitFromMemory(String tenantId, String plan, ChatCall call) {
        return admit(tenantId, plan, call, true);
    }

    private ModelRouter.Route admit(String tenantId, String plan, ChatCall call, boolean fromMemory) {
        int characters = checkCaps(call);
        ModelRouter.Route route = router.route(tenantId, call.botId(), call.model(), fromMemory);
        int promptEstimate = characters / 4 + 1;
        int contextWindow = catalogue.priced(route.provider(), route.models().getFirst()).contextWindow();
        Integer maxTokens = call.parameters().maxOutputTokens();
        if (contextWindow > 0 && promptEstimate + (maxTokens == null ? 0 : maxTokens) > contextWindow) {
            throw ProblemException.badRequest("CONTEXT_LENGTH_EXCEEDED", "messages", "About " + promptEstimate
                    + " prompt tokens plus max_tokens exceed the " + contextWindow + "-token context of "
                    + route.models().getFirst() + ".");
        }
        long estimate = promptEstimate + (maxTokens == null ? config.assumedOutputTokens() : maxTokens);
        if (!fromMemory) {
            usage.ensureWithinBudget(tenantId, plan, estimate);
        } else if (!usage.ensureWithinBudgetFromMemory(tenantId, plan, estimate)) {
            throw new NotInMemory();
        }
        return route;
    }

    /**
     * The passages of the call's knowledge base for its last user message, unless it brings its own. A knowledge
     * base that cannot be searched leaves the call without passages (the answer says what it knows without them).
     */
    private ChatCall withKnowledge(String tenantId, ChatCall call) {
        String question = RetrievalProvider.lastUserText(call.messages());
        if (call.knowledgeBaseId() == null || !call.passages().isEmpty() || question == null) {
            return call;
        }
        try {
            List<ChatCall.Passage> found = new ArrayList<>();
            for (JsonNode p : knowledgeBases.search(tenantId, call.knowledgeBaseId(), question, PASSAGES)) {
                found.add(new ChatCall.Passage(p.path("documentId").asText(null), p.path("title").asText(null),
                        p.path("text").asText(""), p.has("score") ? p.get("score").asDouble() : null));
            }
            return call.withPassages(found);
        } catch (KnowledgeBaseClient.SearchFailed e) {
            LOG.warnf("No passages for %s: %s", call.knowledgeBaseId(), e.getMessage());
            return call;
        }
    }

    /** The caps of {@code parley.chat.*}; returns the characters of the prompt. */
    private int checkCaps(ChatCall call) {
        FieldChecks errors = new FieldChecks();
        if (call.messages().isEmpty()) {
            errors.add("messages", "must not be empty");
        }
        if (call.messages().size() > config.maxMessages()) {
            errors.add("messages", "at most " + config.maxMessages() + " messages");
        }
        Integer maxTokens = call.parameters().maxOutputTokens();
        if (maxTokens != null && (maxTokens < 1 || maxTokens > config.maxOutputTokens())) {
            errors.add("max_tokens", "must be between 1 and " + config.maxOutputTokens());
        }
        if (call.parameters().toolSpecifications().size() > config.maxTools()) {
            errors.add("tools", "at most " + config.maxTools() + " tools");
        }
        int characters = call.messages().stream().mapToInt(ChatService::characters).sum()
                + call.passages().stream().mapToInt(p -> p.text().length()).sum();
        if (characters > config.maxInputCharacters()) {
            errors.add("messages", "at most " + config.maxInputCharacters()
                    + " characters of messages and documents in all");
        }
        errors.throwIfAny();
        return characters;
    }

    private static int characters(ChatMessage message) {
        return switch (message) {
            case SystemMessage system -> system.text().length();
            case UserMessage user -> user.hasSingleText() ? user.singleText().length() : 0;
            case AiMessage ai -> (ai.text() == null ? 0 : ai.text().length()) + ai.toolExecutionRequests().stream()
                    .mapToInt(r -> r.arguments() == null ? 0 : r.arguments().length()).sum();
            case ToolExecutionResultMessage tool -> tool.text() == null ? 0 : tool.text().length();
            default -> 0;
        };
    }

    /** Passages reach a language model as one more system message, numbered so it can cite them. */
    private static List<ChatMessage> withPassages(ChatCall call) {
        if (call.passages().isEmpty()) {
            return call.messages();
        }
        StringBuilder context = new StringBuilder("Answer using these knowledge base passages when they are relevant:");
        int n = 1;
        for (ChatCall.Passage passage : call.passages()) {
            context.append("\n\n[").append(n++).append("] ");
            if (passage.title() != null) {
                context.append(passage.title()).append(": ");
            }
            context.append(passage.text());
        }
        List<ChatMessage> messages = new ArrayList<>(call.messages().size() + 1);
        int systems = 0;
        while (systems < call.messages().size() && call.messages().get(systems) instanceof SystemMessage) {
            systems++;
        }
        messages.addAll(call.messages().subList(0, systems));
        messages.add(SystemMessage.from(context.toString()));
        messages.addAll(call.messages().subList(systems, call.messages().size()));
        return messages;
    }

    private static ChatResult result(String provider, String model, ChatResponse response, List<ChatResult.Source> sources) {
        TokenUsage tokens = response.tokenUsage();
        int prompt = tokens == null || tokens.inputTokenCount() == null ? 0 : tokens.inputTokenCount();
        int completion = tokens == null || tokens.outputTokenCount() == null ? 0 : tokens.outputTokenCount();
        String id = response.id() != null ? response.id() : "chatcmpl-" + UUID.randomUUID();
        FinishReason finish = response.finishReason() != null ? response.finishReason()
                : response.aiMessage().hasToolExecutionRequests() ? FinishReason.TOOL_EXECUTION : FinishReason.STOP;
        return new ChatResult(id, provider, model, response.aiMessage(), finish, prompt, completion, sources);
    }

    private ChatResult recorded(Prepared prepared, ChatResult result, long startNanos) {
        int latencyMs = (int) ((System.nanoTime() - startNanos) / 1_000_000);
        ModelCatalogue.Model priced = catalogue.priced(result.provider(), result.model());
        usage.record(prepared.tenantId(), new UsageService.Call(prepared.call().botId(), prepared.call().conversationId(),
                "chat", result.provider(), result.model(), result.promptTokens(), result.completionTokens(),
                priced.cost(result.promptTokens(), result.completionTokens()), latencyMs));
        return result;
    }

    private Duration patience() {
        return config.timeout().plusSeconds(5);
    }

    private void pause(int attempt) {
        long base = config.retryBackoff().toMillis() << (attempt - 1);
        long jittered = base + ThreadLocalRandom.current().nextLong(base / 2 + 1);
        try {
            Thread.sleep(jittered);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProblemException(503, "INTERRUPTED", "Interrupted", "The call was interrupted.");
        }
    }
}
