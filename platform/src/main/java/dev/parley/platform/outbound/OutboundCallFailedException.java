package dev.parley.platform.outbound;

/** A guarded call that was made but did not produce a usable answer (timeout, connection, size cap). */
public class OutboundCallFailedException extends RuntimeException {

    public OutboundCallFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
