package dev.parley.platform.outbound;

/** A tenant-supplied URL that Parley will not call, and why (in words a tenant can act on). */
public class OutboundRefusedException extends RuntimeException {

    public OutboundRefusedException(String reason) {
        super(reason, null, false, false);
    }
}
