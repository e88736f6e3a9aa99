package dev.parley.bot.rest;

import dev.parley.platform.problem.ProblemException;

final class RequestBodies {

    static <T> T required(T body) {
        if (body == null) {
            throw ProblemException.badRequest("MALFORMED_JSON", "The request needs a JSON object body.");
        }
        return body;
    }

    private RequestBodies() {
    }
}
