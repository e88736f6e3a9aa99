package dev.parley.platform.problem;

import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Refuses a request line (method, target, version) over {@code parley.http.max-request-line} (8 KiB, nginx's own
 * default buffer) with a 414 problem+json like every other error. The HTTP server's limit
 * ({@code quarkus.http.limits.max-initial-line-length}) is set far above it, since Vert.x refuses a line over its limit
 * with an empty 414 before any of Parley's code runs; only a line over that one still gets no body.
 */
@ApplicationScoped
public class RequestLineTooLongHandler {

    private final long limit;

    public RequestLineTooLongHandler(@ConfigProperty(name = "parley.http.max-request-line") MemorySize limit) {
        this.limit = limit.asLongValue();
    }

    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).handler(context -> {
            // "GET /v1/bots?... HTTP/1.1": the target as sent (uri()), the method, two spaces and the version
            long length = context.request().method().name().length() + context.request().uri().length() + 10;
            if (length <= limit) {
                context.next();
                return;
            }
            Problem problem = Problem.of(414, "URI_TOO_LONG", "URI too long", "The request line has " + length
                    + " bytes; this API accepts at most " + limit + ". Send long values in a request body.", List.of());
            EarlyRefusal.answer(context, problem);
        });
    }
}
