package dev.parley.platform.rest;

import dev.parley.platform.problem.ProblemException;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.ws.rs.WebApplicationException;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.jboss.logging.Logger;

/**
 * Asking another Parley service whether it has something a request names (an agent, a team), as every service asks:
 * its answer is a yes, its 404 a no, and anything else (unreachable, failing) is a 503
 * {@code <SERVICE>_UNAVAILABLE} with {@code Retry-After}, never a 500 and never taken for a yes or a no.
 */
public final class OtherService {

    private static final Logger LOG = Logger.getLogger(OtherService.class);

    private OtherService() {
    }

    /**
     * Whether {@code service} (as {@code routing-service}) has {@code what} (as "agent agt_…"): {@code read} calls its
     * REST client and tells whether the answer holds it. Asked outside the caller's transaction, suspended meanwhile:
     * otherwise it is carried to the client's I/O thread, and a refused connection rolls it back while that thread
     * still holds it (ARJUNA012095).
     */
    public static boolean has(String service, String what, BooleanSupplier read) {
        Boolean found = QuarkusTransaction.suspendingExisting().call(() -> ask(service, what, read));
        if (found == null) {
            throw new ProblemException(503, service.toUpperCase().replace('-', '_') + "_UNAVAILABLE",
                    "Service unavailable", service + " could not be reached to check the " + what
                            + " named; nothing was changed, retry shortly.", List.of(), Map.of("Retry-After", "5"));
        }
        return found;
    }

    /** The service's answer; null when it could not give one. */
    private static Boolean ask(String service, String what, BooleanSupplier read) {
        try {
            return read.getAsBoolean();
        } catch (WebApplicationException e) {
            int status = e.getResponse().getStatus();
            if (status == 404) {
                return false;
            }
            LOG.warnf("%s answered %d when asked for %s", service, status, what);
            return null;
        } catch (RuntimeException e) {
            LOG.warnf("%s unreachable when asked for %s: %s", service, what, e.getMessage());
            return null;
        }
    }
}
