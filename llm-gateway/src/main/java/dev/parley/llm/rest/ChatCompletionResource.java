package dev.parley.llm.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.llm.rest.ChatCompletionWire.Chunk;
import dev.parley.llm.rest.ChatCompletionWire.ChunkChoice;
import dev.parley.llm.rest.ChatCompletionWire.Delta;
import dev.parley.llm.rest.ChatCompletionWire.FunctionCall;
import dev.parley.llm.rest.ChatCompletionWire.ToolCallDelta;
import dev.parley.llm.service.chat.ChatCall;
import dev.parley.llm.service.chat.ChatRelay;
import dev.parley.llm.service.chat.ChatResult;
import dev.parley.llm.service.chat.ChatService;
import dev.parley.llm.service.chat.ChatStream;
import dev.parley.llm.service.chat.ModelRouter;
import dev.parley.llm.service.chat.NotInMemory;
import dev.parley.platform.problem.JsonProblems;
import dev.parley.platform.problem.ProblemException;
import dev.parley.platform.ratelimit.RateLimitFilter;
import dev.parley.platform.rest.RequestValues;
import dev.parley.platform.security.CurrentCaller;
import dev.parley.platform.security.Scopes;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.smallrye.mutiny.subscription.BackPressureStrategy;
import io.smallrye.mutiny.subscription.MultiEmitter;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.MediaType;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.RestMulti;

/**
 * OpenAI's chat completions API, so any OpenAI client works with a Parley API key ({@code llm:use}); Parley's own
 * services call it with their service token, naming the tenant, bot and conversation in headers. The body is read
 * once into a tree, checked as {@link ChatCompletionWire.Request}, and admitted (caps, route, budget) on the event
 * loop; calls to OpenAI-compatible providers are then relayed as they are ({@link ChatRelay}), the rest (the
 * retrieval provider, Anthropic, Ollama, knowledge passages) answered by {@link ChatService} on a worker thread.
 */
@Path("/v1/chat/completions")
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Chat")
public class ChatCompletionResource {

    /** The knowledge base whose passages ground the answer (looked up for the last user message). */
    static final String KNOWLEDGE_BASE_HEADER = "X-Parley-Knowledge-Base-Id";
    private static final byte[] DONE = "data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8);

    private final ChatService chat;
    private final ChatRelay relay;
    private final CurrentCaller caller;
    private final ObjectMapper json;

    public ChatCompletionResource(ChatService chat, ChatRelay relay, CurrentCaller caller, ObjectMapper json) {
        this.chat = chat;
        this.relay = relay;
        this.caller = caller;
        this.json = json;
    }

    @POST
    @RolesAllowed(Scopes.LLM_USE)
    @Operation(summary = "Create a chat completion (OpenAI-compatible)", description = """
            `model`: a model of GET /v1/models, `provider/model`, an integration id (`int_…`) or `retrieval`. \
            With `stream: true` the answer is sent as server-sent events. `documents` ([{id, title, text}]) are \
            knowledge passages: models get them as context, `retrieval` answers with the best match, and the \
            answer lists them as `sources`. Without `documents`, the header X-Parley-Knowledge-Base-Id has the \
            passages looked up in that knowledge base (bot-service) for the last user message.""")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = ChatCompletionWire.Request.class), examples = @ExampleObject(name = "retrieval",
            value = "{\"model\": \"retrieval\", \"messages\": [{\"role\": \"user\", \"content\": \"How long does shipping take?\"}], \"documents\": [{\"id\": \"shipping\", \"title\": \"Shipping\", \"text\": \"Standard shipping takes 3 to 5 business days.\"}]}")))
    public RestMulti<Buffer> create(@RestHeader(UsageResource.BOT_HEADER) String botId,
            @RestHeader(UsageResource.CONVERSATION_HEADER) String conversationId,
            @RestHeader(KNOWLEDGE_BASE_HEADER) String knowledgeBaseId,
            @jakarta.ws.rs.core.Context RoutingContext routing, byte[] body) {
        ObjectNode tree = read(body);
        ChatCompletionWire.Request request = RequestValues.requiredBody(checked(tree));
        ChatCall call = ChatCompletionMapper.toCall(request,
                UsageResource.billedId("bot", UsageResource.BOT_HEADER, botId),
                UsageResource.billedId("conv", UsageResource.CONVERSATION_HEADER, conversationId),
                UsageResource.billedId("kb", KNOWLEDGE_BASE_HEADER, knowledgeBaseId));
        boolean stream = Boolean.TRUE.equals(request.stream());
        if (!stream && request.streamOptions() != null) {
            throw ProblemException.validation("stream_options", "is only allowed with stream: true");
        }
        boolean includeUsage = request.streamOptions() != null && Boolean.TRUE.equals(request.streamOptions().includeUsage());
        String tenantId = caller.tenantId();
        String plan = caller.plan().orElse(null);
        Context context = Vertx.currentContext();
        Uni<ChatRelay.Relayed> answer;
        if (call.knowledgeBaseId() != null || !call.passages().isEmpty()) {
            answer = answered(context, tenantId, plan, call, stream, includeUsage);
        } else {
            ModelRouter.Route known = fromMemory(context, tenantId, plan, call);
            answer = known != null ? routed(context, tenantId, plan, call, known, tree, stream, includeUsage)
                    : admitted(context, tenantId, plan, call).flatMap(
                            route -> routed(context, tenantId, plan, call, route, tree, stream, includeUsage));
        }
        Map<String, List<String>> rateLimit = RateLimitFilter.headers(routing);
        return RestMulti.fromUniResponse(answer, ChatRelay.Relayed::body, relayed -> {
            Map<String, List<String>> headers = new HashMap<>(rateLimit);
            headers.put("Content-Type", List.of(relayed.contentType()));
            if (relayed.contentType().startsWith(MediaType.SERVER_SENT_EVENTS)) {
                headers.put("Cache-Control", List.of("no-cache"));
            }
            return headers;
        }, ChatRelay.Relayed::status);
    }

    private ObjectNode read(byte[] body) {
        JsonNode tree;
        try {
            tree = body == null || body.length == 0 ? null : json.readTree(body);
        } catch (JsonProcessingException e) {
            throw JsonProblems.of(e);
        } catch (IOException e) {
            throw ProblemException.badRequest("MALFORMED_JSON", "The request body could not be read.");
        }
        if (tree == null || tree.isMissingNode() || tree.isNull()) {
            throw ProblemException.badRequest("MALFORMED_JSON", "The request needs a JSON object body.");
        }
        if (!(tree instanceof ObjectNode object)) {
            throw ProblemException.badRequest("MALFORMED_JSON", "The request body must be a JSON object.");
        }
        return object;
    }

    private ChatCompletionWire.Request checked(ObjectNode tree) {
        try {
            return json.treeToValue(tree, ChatCompletionWire.Request.class);
        } catch (JsonProcessingException e) {
            throw JsonProblems.of(e);
        }
    }

    /**
     * The route admitted from memory on the event loop (as a problem when a check fails), or null when the admission
     * has to read the database ({@link #admitted} then admits it on a worker).
     */
    private ModelRouter.Route fromMemory(Context context, String tenantId, String plan, ChatCall call) {
        if (context == null) {
            return null;
        }
        try {
            return chat.admitFromMemory(tenantId, plan, call);
        } catch (NotInMemory e) {
            return null;
        }
    }

    private Uni<ChatRelay.Relayed> routed(Context context, String tenantId, String plan, ChatCall call,
            ModelRouter.Route route, ObjectNode tree, boolean stream, boolean includeUsage) {
        return ChatRelay.relays(route)
                ? relay.relay(tenantId, call, route, ChatCompletionMapper.forProvider(tree), stream, includeUsage)
                : answered(context, tenantId, plan, call, stream, includeUsage);
    }

    /** The route, once every check before a provider call has passed: from memory, or on a worker when stale. */
    private Uni<ModelRouter.Route> admitted(Context context, String tenantId, String plan, ChatCall call) {
        if (context == null) {
            return Uni.createFrom().item(() -> chat.admit(tenantId, plan, call));
        }
        return Uni.createFrom().item(() -> chat.admitFromMemory(tenantId, plan, call))
                .onFailure(NotInMemory.class).recoverWithUni(() -> blocking(context, () -> chat.admit(tenantId, plan, call)));
    }

    /** An answer of {@link ChatService} (LangChain4j, the retrieval provider, knowledge passages), on a worker. */
    private Uni<ChatRelay.Relayed> answered(Context context, String tenantId, String plan, ChatCall call, boolean stream,
            boolean includeUsage) {
        long created = Instant.now().getEpochSecond();
        if (!stream) {
            return blocking(context, () -> new ChatRelay.Relayed(200, MediaType.APPLICATION_JSON, Multi.createFrom()
                    .item(Buffer.buffer(json.writeValueAsBytes(ChatCompletionMapper.toCompletion(
                            chat.complete(tenantId, plan, call), created))))));
        }
        return blocking(context, () -> chat.stream(tenantId, plan, call)).map(started -> new ChatRelay.Relayed(200,
                MediaType.SERVER_SENT_EVENTS, Multi.createFrom().<Buffer>emitter(emitter -> blocking(context, () -> {
                    try (OutputStream events = new EmittedEvents(emitter)) {
                        new EventWriter(events, started, "chatcmpl-" + UUID.randomUUID(), created, includeUsage).run();
                    }
                    return null;
                }).subscribe().with(done -> emitter.complete(), emitter::fail), BackPressureStrategy.BUFFER)));
    }

    private static <T> Uni<T> blocking(Context context, Callable<T> work) {
        if (context == null) {
            return Uni.createFrom().item(() -> {
                try {
                    return work.call();
                } catch (RuntimeException e) {
                    throw e;
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }).runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
        }
        return Uni.createFrom().completionStage(() -> context.executeBlocking(work, false).toCompletionStage());
    }

    /** What {@link EventWriter} flushes, passed on as one piece of the answer. */
    private static final class EmittedEvents extends OutputStream {

        private final MultiEmitter<? super Buffer> emitter;
        private Buffer pending = Buffer.buffer();

        EmittedEvents(MultiEmitter<? super Buffer> emitter) {
            this.emitter = emitter;
        }

        @Override
        public void write(int b) {
            pending.appendByte((byte) b);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            if (emitter.isCancelled()) {
                throw new IOException("the client went away");
            }
            pending.appendBytes(bytes, offset, length);
        }

        @Override
        public void flush() {
            if (pending.length() > 0) {
                emitter.emit(pending);
                pending = Buffer.buffer();
            }
        }

        @Override
        public void close() {
            flush();
        }
    }

    /** Writes one stream as OpenAI's {@code chat.completion.chunk} events, each flushed as soon as it is known. */
    private final class EventWriter {

        private final OutputStream output;
        private final ChatStream stream;
        private final String id;
        private final long created;
        private final boolean includeUsage;
        private final Set<Integer> toolCallsStarted = new HashSet<>();
        private boolean roleSent;

        EventWriter(OutputStream output, ChatStream stream, String id, long created, boolean includeUsage) {
            this.output = output;
            this.stream = stream;
            this.id = id;
            this.created = created;
            this.includeUsage = includeUsage;
        }

        void run() throws IOException {
            for (ChatStream.Event event = stream.next(); event != null; event = stream.next()) {
                switch (event) {
                    case ChatStream.Text text -> delta(text.text(), null);
                    case ChatStream.ToolCallDelta call -> toolCall(call.index(), call.id(), call.name(), call.arguments());
                    case ChatStream.Done done -> finish(done.result());
                    case ChatStream.Failed failed -> send(new ChatCompletionWire.StreamError(
                            new ChatCompletionWire.StreamError.Error(failed.problem().getMessage(), "provider_error",
                                    failed.problem().code())));
                }
            }
        }

        private void toolCall(int index, String callId, String name, String arguments) throws IOException {
            boolean first = toolCallsStarted.add(index);
            delta(null, List.of(new ToolCallDelta(index, first ? callId : null, first ? "function" : null,
                    new FunctionCall(first ? name : null, arguments == null ? "" : arguments))));
        }

        private void finish(ChatResult result) throws IOException {
            var requests = result.message().toolExecutionRequests();
            for (int i = 0; i < requests.size(); i++) {
                if (!toolCallsStarted.contains(i)) {
                    toolCall(i, requests.get(i).id(), requests.get(i).name(), requests.get(i).arguments());
                }
            }
            send(new Chunk(id, "chat.completion.chunk", created, stream.model(), List.of(new ChunkChoice(0,
                    new Delta(roleSent ? null : "assistant", null, null), null,
                    ChatCompletionMapper.finishReason(result.finishReason()))), null, ChatCompletionMapper.sources(result)));
            if (includeUsage) {
                send(new Chunk(id, "chat.completion.chunk", created, stream.model(), List.of(),
                        ChatCompletionMapper.usage(result), null));
            }
            output.write(DONE);
            output.flush();
        }

        private void delta(String content, List<ToolCallDelta> toolCalls) throws IOException {
            Delta delta = new Delta(roleSent ? null : "assistant", content, toolCalls);
            roleSent = true;
            send(new Chunk(id, "chat.completion.chunk", created, stream.model(),
                    List.of(new ChunkChoice(0, delta, null, null)), null, null));
        }

        private void send(Object event) throws IOException {
            output.write(("data: " + json.writeValueAsString(event) + "\n\n").getBytes(StandardCharsets.UTF_8));
            output.flush();
        }
    }
}
