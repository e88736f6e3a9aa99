package dev.parley.platform.problem;

import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Refuses a declared body over {@code quarkus.http.limits.max-body-size} before anything reads it, with the
 * same problem+json as every other error. Quarkus' own check, which also covers chunked bodies (no declared length),
 * fails the request with an empty 413; that failure is answered with the same problem. (A chunked HTTP/2 body,
 * which {@link dev.parley.platform.rest.BodiesReadAhead} leaves to RESTEasy, is refused by RESTEasy's own 413.)
 */
@ApplicationScoped
public class PayloadTooLargeHandler {

    private final long limit;

    public PayloadTooLargeHandler(@ConfigProperty(name = "quarkus.http.limits.max-body-size") MemorySize limit) {
        this.limit = limit.asLongValue();
    }

    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).handler(context -> {
            String length = context.request().getHeader("Content-Length");
            if (length == null || !tooLarge(length)) {
                context.next();
                return;
            }
            refuse(context, "The request body has " + length + " bytes; this API accepts at most " + limit + ".");
        });
        router.route().order(Integer.MIN_VALUE).failureHandler(context -> {
            if (context.statusCode() != 413 || context.response().headWritten()) {
                context.next();
                return;
            }
            refuse(context, "The request body is larger than this API accepts (at most " + limit + " bytes).");
        });
    }

    private static void refuse(RoutingContext context, String detail) {
        EarlyRefusal.answer(context, Problem.of(413, "PAYLOAD_TOO_LARGE", "Payload too large", detail, List.of()));
    }

    private boolean tooLarge(String length) {
        try {
            return Long.parseLong(length.trim()) > limit;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
