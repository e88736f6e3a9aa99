package dev.parley.platform.problem;

import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.json.Json;
import io.vertx.ext.web.RoutingContext;

/**
 * Answers a request refused before anything read it (too long a request line, too large a body) with its problem, and
 * closes an HTTP/1 connection, whose unread rest could not be told from the next request; HTTP/2 closes the stream
 * alone, and its clients reject a {@code Connection} header as malformed.
 */
final class EarlyRefusal {

    private EarlyRefusal() {
    }

    static void answer(RoutingContext context, Problem problem) {
        HttpServerResponse response = context.response().setStatusCode(problem.status())
                .putHeader("Content-Type", Problem.MEDIA_TYPE);
        if (context.request().version() != HttpVersion.HTTP_2) {
            response.putHeader("Connection", "close");
        }
        response.end(Json.encode(problem));
    }
}
