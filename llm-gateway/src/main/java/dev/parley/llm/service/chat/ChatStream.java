package dev.parley.llm.service.chat;

import dev.langchain4j.exception.TimeoutException;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.PartialToolCall;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.parley.platform.problem.ProblemException;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * A streamed answer, read by one thread with {@link #next()}: text pieces and tool-call pieces in the order the
 * provider sent them, then exactly one {@link Done} or {@link Failed}. LangChain4j's callbacks only queue what they
 * receive; everything else (usage, integration health) happens on the reading thread.
 */
public final class ChatStream {

    public sealed interface Event permits Text, ToolCallDelta, Done, Failed {
    }

    public record Text(String text) implements Event {
    }

    /** A piece of tool call {@code index}: the first piece carries its id and name, every piece some arguments. */
    public record ToolCallDelta(int index, String id, String name, String arguments) implements Event {
    }

    public record Done(ChatResult result) implements Event {
    }

    public record Failed(ProblemException problem) implements Event {
    }

    private final String model;
    private final BlockingQueue<Object> received;
    private final Duration patience;
    private final Function<ChatResponse, ChatResult> complete;
    private final Function<Throwable, ProblemException> fail;
    private Object pending;
    private boolean finished;

    private ChatStream(String model, BlockingQueue<Object> received, Duration patience,
            Function<ChatResponse, ChatResult> complete, Function<Throwable, ProblemException> fail) {
        this.model = model;
        this.received = received;
        this.patience = patience;
        this.complete = complete;
        this.fail = fail;
    }

    /** An answer that is already complete (the retrieval provider), streamed as one piece. */
    static ChatStream of(ChatResult result) {
        BlockingQueue<Object> queue = new LinkedBlockingQueue<>();
        queue.add(new Text(result.message().text()));
        queue.add(new Done(result));
        return new ChatStream(result.model(), queue, Duration.ZERO, r -> result, e -> null);
    }

    /** The model answering. */
    public String model() {
        return model;
    }

    /** The next event, or null once the stream has ended. */
    public Event next() {
        if (finished) {
            return null;
        }
        Object raw = pending != null ? pending : take(received, patience);
        pending = null;
        Event event = switch (raw) {
            case Event ready -> ready;
            case String text -> new Text(text);
            case PartialToolCall call -> new ToolCallDelta(call.index(), call.id(), call.name(), call.partialArguments());
            case ChatResponse response -> new Done(complete.apply(response));
            case Throwable error -> new Failed(fail.apply(error));
            default -> throw new IllegalStateException("unexpected stream item " + raw);
        };
        finished = event instanceof Done || event instanceof Failed;
        return event;
    }

    /** Receives one provider attempt's callbacks; the gateway looks at the first to decide whether to retry. */
    static final class Attempt implements StreamingChatResponseHandler {

        private final BlockingQueue<Object> received = new LinkedBlockingQueue<>();

        @Override
        public void onPartialResponse(String text) {
            if (text != null && !text.isEmpty()) {
                received.add(text);
            }
        }

        @Override
        public void onPartialToolCall(PartialToolCall call) {
            received.add(call);
        }

        @Override
        public void onCompleteResponse(ChatResponse response) {
            received.add(response);
        }

        @Override
        public void onError(Throwable error) {
            received.add(error);
        }

        /** The first thing the provider produced: text, a tool call, a whole answer, or an error. */
        Object first(Duration patience) {
            return take(received, patience);
        }

        /** The stream that continues after {@code first}. */
        ChatStream continueWith(String model, Object first, Duration patience,
                Function<ChatResponse, ChatResult> complete, Function<Throwable, ProblemException> fail) {
            ChatStream stream = new ChatStream(model, received, patience, complete, fail);
            stream.pending = first;
            return stream;
        }
    }

    private static Object take(BlockingQueue<Object> queue, Duration patience) {
        try {
            Object next = queue.poll(patience.toMillis(), TimeUnit.MILLISECONDS);
            return next != null ? next : new TimeoutException("no answer within " + patience);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return e;
        }
    }
}
