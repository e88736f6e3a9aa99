package dev.parley.platform.outbound;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientResponse;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The body of a streamed answer as a blocking {@link InputStream}: chunks are queued as the event loop receives
 * them and handed to the reading thread in order. A read waits at most the idle timeout; the whole body is capped.
 */
final class ChunkStream extends InputStream {

    private static final Object END = new Object();

    private final BlockingQueue<Object> chunks = new LinkedBlockingQueue<>();
    private final HttpClientResponse response;
    private final long idleMillis;
    private final long maxBytes;
    private long received;
    private byte[] current = new byte[0];
    private int position;
    private boolean finished;

    ChunkStream(HttpClientResponse response, Duration idleTimeout, long maxBytes) {
        this.response = response;
        this.idleMillis = idleTimeout.toMillis();
        this.maxBytes = maxBytes;
        response.handler(this::receive);
        response.exceptionHandler(chunks::add);
        response.endHandler(end -> chunks.add(END));
    }

    private void receive(Buffer chunk) {
        received += chunk.length();
        if (received > maxBytes) {
            chunks.add(new OutboundCallFailedException("answer larger than " + maxBytes + " bytes", null));
            response.request().reset();
        } else {
            chunks.add(chunk.getBytes());
        }
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) == -1 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] target, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        while (position == current.length) {
            if (finished) {
                return -1;
            }
            Object next = next();
            if (next == END) {
                finished = true;
                return -1;
            }
            if (next instanceof Throwable failure) {
                finished = true;
                throw new IOException(failure.getMessage(), failure);
            }
            current = (byte[]) next;
            position = 0;
        }
        int count = Math.min(length, current.length - position);
        System.arraycopy(current, position, target, offset, count);
        position += count;
        return count;
    }

    private Object next() throws IOException {
        try {
            Object next = chunks.poll(idleMillis, TimeUnit.MILLISECONDS);
            if (next == null) {
                response.request().reset();
                throw new IOException(OutboundCallFailedException.timedOut("nothing received for " + idleMillis + " ms", null));
            }
            return next;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    @Override
    public void close() {
        if (!finished) {
            finished = true;
            response.request().reset();
        }
    }
}
