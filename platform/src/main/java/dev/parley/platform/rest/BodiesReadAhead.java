package dev.parley.platform.rest;

import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Reads a request's body on the event loop, before the endpoint runs, where Quarkus' own body handler would
 * ({@link RouteConstants#ROUTE_ORDER_BODY_HANDLER}). Without it RESTEasy Reactive reads the body of a blocking
 * method on the worker thread, through a stream that waits on the event loop for each chunk and wakes the worker
 * under a lock; under conversation-service's inbound load that hand-over alone was 13 % of the service's CPU
 * samples (JFR). With the body read ahead RESTEasy hands the method the bytes already there. The size limit is
 * {@code quarkus.http.limits.max-body-size}, refused as a problem by
 * {@link dev.parley.platform.problem.PayloadTooLargeHandler}. Forms and multipart bodies are left to RESTEasy's
 * own handlers (file uploads), and so is every method without a body, and HTTP/2 (h2c) requests: RESTEasy pauses
 * every request it takes, and an HTTP/2 stream whose body has ended refuses that (channels and nginx call over
 * HTTP/1.1).
 */
@ApplicationScoped
public class BodiesReadAhead {

    private final BodyHandler bodies;

    public BodiesReadAhead(@ConfigProperty(name = "quarkus.http.limits.max-body-size") MemorySize limit) {
        this.bodies = BodyHandler.create(false).setBodyLimit(limit.asLongValue());
    }

    void install(@Observes Router router) {
        router.route().order(RouteConstants.ROUTE_ORDER_BODY_HANDLER).handler(context -> {
            if (readAhead(context.request())) {
                bodies.handle(context);
            } else {
                context.next();
            }
        }).handler(context -> {
            // an empty body leaves no buffer behind, and RESTEasy would then wait on the ended request for one
            if (context.body().buffer() == null && readAhead(context.request())) {
                context.setBody(Buffer.buffer());
            }
            context.next();
        });
    }

    static boolean readAhead(HttpServerRequest request) {
        if (request.version() == HttpVersion.HTTP_2) {
            return false; // RESTEasy pauses every request it takes, which an HTTP/2 stream refuses once it has ended
        }
        HttpMethod method = request.method();
        if (method != HttpMethod.POST && method != HttpMethod.PUT && method != HttpMethod.PATCH) {
            return false;
        }
        String type = request.getHeader(HttpHeaders.CONTENT_TYPE);
        return type == null || !(type.regionMatches(true, 0, "multipart/", 0, 10)
                || type.regionMatches(true, 0, "application/x-www-form-urlencoded", 0, 33));
    }
}
