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
import dev.parley.platform.problem.Problem;
import dev.parley.platform.problem.ProblemException;
import dev.parley.platform.problem.ProblemMappers;
import dev.parley.platform.rest.RequestValues;
import dev.parley.platform.security.CallerAttributes;
import dev.parley.platform.security.CurrentCaller;
import dev.parley.platform.security.RouteGuard;
import dev.parley.platform.security.Scopes;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.vertx.web.Route;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.streams.WriteStream;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.MediaType;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.logging.Logger;

/**
 * OpenAI's chat completions API, so any OpenAI client works with a Parley API key ({@code llm:use}); Parley's own
 * services call it with their service token, naming the tenant, bot and conversation in headers. The gateway's hot
 * path, served as a Vert.x route on the event loop rather than through the REST layer (whose filters, interceptors
 * and streaming machinery cost more than the relay itself): {@link RouteGuard} authenticates, checks the scope and
 * counts the rate limit as the REST layer would, and failures are the same problems. The body is read once into a
 * tree, checked as {@link ChatCompletionWire.Request}, and admitted (caps, route, budget) on the event loop; calls to
 * OpenAI-compatible providers are then relayed as they are ({@link ChatRelay}), the rest (the retrieval provider,
 * Anthropic, Ollama, knowledge passages) answered by {@link ChatService} on a worker thread.
 */
@ApplicationScoped
@Tag(name = "Chat")
public class ChatCompletionRoute {

    /** The knowledge base whose passages ground the answer (looked up for the last user message). */
    static final String KNOWLEDGE_BASE_HEADER = "X-Parley-Knowledge-Base-Id";
    private static final Logger LOG = Logger.getLogger(ChatCompletionRoute.class);
    private static final byte[] DONE = "data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8);

    private final ChatService chat;
    private final ChatRelay relay;
    private final RouteGuard guard;
    private final ObjectMapper json;

    public ChatCompletionRoute(ChatService chat, ChatRelay relay, RouteGuard guard, ObjectMapper json) {
        this.chat = chat;
        this.relay = relay;
        this.guard = guard;
        this.json = json;
    }

    @Route(path = "/v1/chat/completions", methods = Route.HttpMethod.POST)
    @SecurityRequirement(name = "SecurityScheme")
    @Operation(operationId = "createChatCompletion", summary = "Create a chat completion (OpenAI-compatible)", description = """
            `model`: a model of GET /v1/models, `provider/model`, an integration id (`int_…`) or `retrieval`. \
            With `stream: true` the answer is sent as server-sent events. `documents` ([{id, title, text}]) are \
            knowledge passages: models get them as context, `retrieval` answers with the best match, and the \
            answer lists them as `sources`. Without `documents`, the header X-Parley-Knowledge-Base-Id has the \
            passages looked up in that knowledge base (bot-service) for the last user message. Needs the scope \
            `llm:use`.""")
    @Parameter(name = UsageResource.BOT_HEADER, in = ParameterIn.HEADER, description = "The bot billed for the call (bot_…)")
    @Parameter(name = UsageResource.CONVERSATION_HEADER, in = ParameterIn.HEADER,
            description = "The conversation billed for the call (conv_…)")
    @Parameter(name = KNOWLEDGE_BASE_HEADER, in = ParameterIn.HEADER,
            description = "A knowledge base (kb_…) whose passages ground the answer")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = ChatCompletionWire.Request.class), examples = @ExampleObject(name = "retrieval",
            value = "{\"model\": \"retrieval\", \"messages\": [{\"role\": \"user\", \"content\": \"How long does shipping take?\"}], \"documents\": [{\"id\": \"shipping\", \"title\": \"Shipping\", \"text\": \"Standard shipping takes 3 to 5 business days.\"}]}")))
    @APIResponse(responseCode = "200", description = "The completion, or with `stream: true` its chunks as server-sent events",
            content = {@Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ChatCompletionWire.Completion.class)),
                    @Content(mediaType = MediaType.SERVER_SENT_EVENTS, schema = @Schema(implementation = String.class))})
    @APIResponse(responseCode = "400", description = "The request is malformed or names an unknown model",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "401", description = "No valid API key or access token",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "403", description = "The credential lacks the scope llm:use",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "429", description = "Rate limit or token budget exceeded",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "502", description = "The provider failed or could not be reached",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    void create(RoutingContext routing) {
        guard.admit(routing, Scopes.LLM_USE).compose(caller -> answer(routing, caller)).onComplete(answer -> {
            if (answer.failed()) {
                ProblemMappers.write(routing.response(), answer.cause());
            } else {
                send(routing.response(), answer.result());
            }
        });
    }

    private Future<ChatRelay.Relayed> answer(RoutingContext routing, SecurityIdentity caller) {
        ObjectNode tree = read(routing);
        ChatCompletionWire.Request request = RequestValues.requiredBody(checked(tree));
        HttpServerRequest http = routing.request();
        ChatCall call = ChatCompletionMapper.toCall(request,
                UsageResource.billedId("bot", UsageResource.BOT_HEADER, http.getHeader(UsageResource.BOT_HEADER)),
                UsageResource.billedId("conv", UsageResource.CONVERSATION_HEADER, http.getHeader(UsageResource.CONVERSATION_HEADER)),
                UsageResource.billedId("kb", KNOWLEDGE_BASE_HEADER, http.getHeader(KNOWLEDGE_BASE_HEADER)));
        boolean stream = Boolean.TRUE.equals(request.stream());
        if (!stream && request.streamOptions() != null) {
            throw ProblemException.validation("stream_options", "is only allowed with stream: true");
        }
        boolean includeUsage = request.streamOptions() != null && Boolean.TRUE.equals(request.streamOptions().includeUsage());
        String tenantId = CurrentCaller.tenantOf(caller);
        String plan = caller.getAttribute(CallerAttributes.PLAN);
        Context context = Vertx.currentContext();
        if (call.knowledgeBaseId() != null || !call.passages().isEmpty()) {
            return answered(context, tenantId, plan, call, stream, includeUsage);
        }
        ModelRouter.Route known = fromMemory(tenantId, plan, call);
        return known != null ? routed(context, tenantId, plan, call, known, tree, stream, includeUsage)
                : blocking(context, () -> chat.admit(tenantId, plan, call))
                        .compose(route -> routed(context, tenantId, plan, call, route, tree, stream, includeUsage));
    }

    /** The answer's head, then its body: whole, or written as it arrives. */
    private static void send(HttpServerResponse response, ChatRelay.Relayed relayed) {
        response.setStatusCode(200).putHeader(HttpHeaders.CONTENT_TYPE, relayed.contentType());
        if (relayed.streamed() == null) {
            response.end(relayed.whole());
            return;
        }
        response.setChunked(true).putHeader(HttpHeaders.CACHE_CONTROL, "no-cache");
        relayed.streamed().writeTo(response);
    }

    private ObjectNode read(RoutingContext routing) {
        String type = routing.request().getHeader(HttpHeaders.CONTENT_TYPE);
        if (type != null && !isJson(type)) {
            throw new ProblemException(415, "UNSUPPORTED_MEDIA_TYPE", "Unsupported Media Type",
                    ProblemMappers.UNSUPPORTED_MEDIA_TYPE, List.of(), Map.of());
        }
        Buffer body = routing.body().buffer();
        JsonNode tree;
        try {
            tree = body == null || body.length() == 0 ? null : json.readTree(body.getBytes());
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

    private static boolean isJson(String contentType) {
        try {
            return MediaType.APPLICATION_JSON_TYPE.isCompatible(MediaType.valueOf(contentType));
        } catch (IllegalArgumentException unreadable) {
            return false;
        }
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
     * has to read the database (it is then admitted on a worker).
     */
    private ModelRouter.Route fromMemory(String tenantId, String plan, ChatCall call) {
        try {
            return chat.admitFromMemory(tenantId, plan, call);
        } catch (NotInMemory e) {
            return null;
        }
    }

    private Future<ChatRelay.Relayed> routed(Context context, String tenantId, String plan, ChatCall call,
            ModelRouter.Route route, ObjectNode tree, boolean stream, boolean includeUsage) {
        return ChatRelay.relays(route)
                ? relay.relay(tenantId, call, route, ChatCompletionMapper.forProvider(tree), stream, includeUsage)
                : answered(context, tenantId, plan, call, stream, includeUsage);
    }

    /** An answer of {@link ChatService} (LangChain4j, the retrieval provider, knowledge passages), on a worker. */
    private Future<ChatRelay.Relayed> answered(Context context, String tenantId, String plan, ChatCall call,
            boolean stream, boolean includeUsage) {
        long created = Instant.now().getEpochSecond();
        if (!stream) {
            return blocking(context, () -> ChatRelay.Relayed.whole(MediaType.APPLICATION_JSON, Buffer.buffer(
                    json.writeValueAsBytes(ChatCompletionMapper.toCompletion(chat.complete(tenantId, plan, call), created)))));
        }
        return blocking(context, () -> chat.stream(tenantId, plan, call)).map(started -> ChatRelay.Relayed.streamed(
                MediaType.SERVER_SENT_EVENTS, client -> {
                    WrittenEvents events = new WrittenEvents(client);
                    blocking(context, () -> {
                        try (events) {
                            new EventWriter(events, started, "chatcmpl-" + UUID.randomUUID(), created, includeUsage).run();
                        }
                        return null;
                    }).onComplete(done -> {
                        if (done.failed() && !events.gone) {
                            LOG.errorf(done.cause(), "A streamed answer failed midway");
                        }
                        client.end();
                    });
                }));
    }

    private static <T> Future<T> blocking(Context context, Callable<T> work) {
        return context.executeBlocking(work, false);
    }

    /** What {@link EventWriter} flushes, written to the client's connection as one piece of the answer. */
    private static final class WrittenEvents extends OutputStream {

        private final WriteStream<Buffer> client;
        private Buffer pending = Buffer.buffer();
        private volatile boolean gone;

        WrittenEvents(WriteStream<Buffer> client) {
            this.client = client;
            client.exceptionHandler(closed -> gone = true);
        }

        @Override
        public void write(int b) {
            pending.appendByte((byte) b);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            if (gone) {
                throw new IOException("the client went away");
            }
            pending.appendBytes(bytes, offset, length);
        }

        @Override
        public void flush() {
            if (pending.length() > 0) {
                client.write(pending);
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
