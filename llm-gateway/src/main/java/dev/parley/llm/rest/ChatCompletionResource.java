package dev.parley.llm.rest;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parley.llm.rest.ChatCompletionWire.Chunk;
import dev.parley.llm.rest.ChatCompletionWire.ChunkChoice;
import dev.parley.llm.rest.ChatCompletionWire.Delta;
import dev.parley.llm.rest.ChatCompletionWire.FunctionCall;
import dev.parley.llm.rest.ChatCompletionWire.ToolCallDelta;
import dev.parley.llm.service.chat.ChatCall;
import dev.parley.llm.service.chat.ChatResult;
import dev.parley.llm.service.chat.ChatService;
import dev.parley.llm.service.chat.ChatStream;
import dev.parley.platform.problem.ProblemException;
import dev.parley.platform.rest.RequestValues;
import dev.parley.platform.security.Scopes;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestHeader;

/**
 * OpenAI's chat completions API, so any OpenAI client works with a Parley API key ({@code llm:use}); Parley's own
 * services call it with their service token, naming the tenant, bot and conversation in headers.
 */
@Path("/v1/chat/completions")
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Chat")
public class ChatCompletionResource {

    /** The knowledge base whose passages ground the answer (looked up for the last user message). */
    static final String KNOWLEDGE_BASE_HEADER = "X-Parley-Knowledge-Base-Id";
    private static final byte[] DONE = "data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8);

    private final ChatService chat;
    private final ObjectMapper json;

    public ChatCompletionResource(ChatService chat, ObjectMapper json) {
        this.chat = chat;
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
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON, examples = @ExampleObject(name = "retrieval",
            value = "{\"model\": \"retrieval\", \"messages\": [{\"role\": \"user\", \"content\": \"How long does shipping take?\"}], \"documents\": [{\"id\": \"shipping\", \"title\": \"Shipping\", \"text\": \"Standard shipping takes 3 to 5 business days.\"}]}")))
    public Response create(@RestHeader(UsageResource.BOT_HEADER) String botId,
            @RestHeader(UsageResource.CONVERSATION_HEADER) String conversationId,
            @RestHeader(KNOWLEDGE_BASE_HEADER) String knowledgeBaseId, ChatCompletionWire.Request body) {
        ChatCompletionWire.Request request = RequestValues.requiredBody(body);
        ChatCall call = ChatCompletionMapper.toCall(request,
                UsageResource.billedId("bot", UsageResource.BOT_HEADER, botId),
                UsageResource.billedId("conv", UsageResource.CONVERSATION_HEADER, conversationId),
                UsageResource.billedId("kb", KNOWLEDGE_BASE_HEADER, knowledgeBaseId));
        long created = Instant.now().getEpochSecond();
        if (!Boolean.TRUE.equals(request.stream())) {
            if (request.streamOptions() != null) {
                throw ProblemException.validation("stream_options", "is only allowed with stream: true");
            }
            return Response.ok(ChatCompletionMapper.toCompletion(chat.complete(call), created),
                    MediaType.APPLICATION_JSON).build();
        }
        boolean includeUsage = request.streamOptions() != null && Boolean.TRUE.equals(request.streamOptions().includeUsage());
        ChatStream stream = chat.stream(call);
        StreamingOutput events = output -> new EventWriter(output, stream, "chatcmpl-" + UUID.randomUUID(), created,
                includeUsage).run();
        return Response.ok(events, MediaType.SERVER_SENT_EVENTS).header("Cache-Control", "no-cache").build();
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
