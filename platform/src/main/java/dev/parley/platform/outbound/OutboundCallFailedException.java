package dev.parley.platform.outbound;

/** A guarded call that was made but did not produce a usable answer (timeout, connection, size cap). */
public class OutboundCallFailedException extends RuntimeException {

    private final boolean timedOut;

    public OutboundCallFailedException(String message, Throwable cause) {
        this(message, cause, false);
    }

    private OutboundCallFailedException(String message, Throwable cause, boolean timedOut) {
        super(message, cause);
        this.timedOut = timedOut;
    }

    public static OutboundCallFailedException timedOut(String message, Throwable cause) {
        return new OutboundCallFailedException(message, cause, true);
    }

    /** True when the other side did not answer in time (as opposed to refusing the connection or answering too much). */
    public boolean timedOut() {
        return timedOut;
    }
}
