package dev.parley.platform.rest;

import dev.parley.platform.problem.ProblemException;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.ws.rs.WebApplicationException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Asking another Parley service something a request depends on (is this agent or team the tenant's, how many
 * conversations a deactivation hands over), as every service asks: outside the caller's transaction, and a service
 * that cannot answer (unreachable, failing) is a 503 {@code <SERVICE>_UNAVAILABLE} with {@code Retry-After}, never a
 * 500 and never taken for an answer.
 */
public final class OtherService {

    private static final Logger LOG = Logger.getLogger(OtherService.class);

    private OtherService() {
    }

    /**
     * Whether {@code service} (as {@code routing-service}) has {@code what} (as "agent agt_…"): {@code read} calls its
     * REST client and tells whether the answer holds it; its 404 is a no.
     */
    public static boolean has(String service, String what, BooleanSupplier read) {
        return answer(service, "check the " + what + " named", () -> {
            try {
                return read.getAsBoolean();
            } catch (WebApplicationException e) {
                if (e.getResponse().getStatus() == 404) {
                    return false;
                }
                throw e;
            }
        });
    }

    /**
     * What {@code service} answers to {@code call}, asked in order to {@code purpose} (as "count the conversations to
     * hand over"); any failure of it is the 503. Asked outside the caller's transaction, suspended meanwhile: otherwise
     * it is carried to the client's I/O thread, and a refused connection rolls it back while that thread still holds
     * it (ARJUNA012095).
     */
    public static <T> T answer(String service, String purpose, Supplier<T> call) {
        Optional<T> answered = QuarkusTransaction.suspendingExisting().call(() -> ask(service, purpose, call));
        return answered.orElseThrow(() -> unavailable(service, purpose));
    }

    /**
     * The 503 {@code <SERVICE>_UNAVAILABLE} (as {@code BOT_SERVICE_UNAVAILABLE}) for a request that needed {@code service}
     * to {@code purpose} and could not have it answered.
     */
    public static ProblemException unavailable(String service, String purpose) {
        return new ProblemException(503, service.toUpperCase(Locale.ROOT).replace('-', '_') + "_UNAVAILABLE",
                "Service unavailable", service + " could not be reached to " + purpose + "; nothing was changed, retry "
                        + "shortly.", List.of(), Map.of("Retry-After", "5"));
    }

    /** The service's answer; empty when it could not give one. */
    private static <T> Optional<T> ask(String service, String purpose, Supplier<T> call) {
        try {
            return Optional.of(call.get());
        } catch (WebApplicationException e) {
            LOG.warnf("%s answered %d when asked to %s", service, e.getResponse().getStatus(), purpose);
            return Optional.empty();
        } catch (RuntimeException e) {
            LOG.warnf("%s unreachable when asked to %s: %s", service, purpose, e.getMessage());
            return Optional.empty();
        }
    }
}
