package dev.parley.platform.problem;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import io.quarkus.oidc.OIDCException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.Json;
import jakarta.persistence.OptimisticLockException;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The one place where failures become {@code application/problem+json}: bad input answers 4xx with the
 * offending field, never a stack trace; anything unexpected is logged with an id and answers a bare 500.
 */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);
    /** A 415's detail, the same from every service and route. */
    public static final String UNSUPPORTED_MEDIA_TYPE = "This operation does not take a body of this Content-Type; send "
            + "application/json (its OpenAPI description names any other it takes).";
    private static final ProblemMappers MAPPERS = new ProblemMappers();

    /**
     * The answer the mappers give {@code failure}, for code outside the REST layer's dispatch (a request filter's own
     * refusal, a route served straight by Vert.x).
     */
    public static Response answer(Throwable failure) {
        return switch (failure) {
            case ProblemException e -> MAPPERS.problem(e);
            case UnauthorizedException e -> unauthenticated();
            case AuthenticationFailedException e -> unauthenticated();
            case OIDCException e -> MAPPERS.identityProviderUnavailable(e);
            case ForbiddenException e -> MAPPERS.forbidden(e);
            case JsonProcessingException e -> MAPPERS.json(e);
            default -> MAPPERS.unexpected(failure);
        };
    }

    /** Answers a route served straight by Vert.x with the problem the mappers give {@code failure}. */
    public static void write(HttpServerResponse response, Throwable failure) {
        if (response.headWritten()) {
            response.reset(); // an answer already on its way cannot become a problem: the client sees it cut short
            return;
        }
        Response answer = answer(failure);
        response.setStatusCode(answer.getStatus());
        answer.getHeaders().forEach((name, values) -> values.forEach(value -> response.headers().add(name, String.valueOf(value))));
        response.putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE).end(Json.encode(answer.getEntity()));
    }

    @ServerExceptionMapper
    public Response problem(ProblemException e) {
        Response.ResponseBuilder response = respond(e.toProblem());
        e.headers().forEach(response::header);
        return response.build();
    }

    @ServerExceptionMapper
    public Response unauthorized(UnauthorizedException e) {
        return unauthenticated();
    }

    @ServerExceptionMapper
    public Response authenticationFailed(AuthenticationFailedException e) {
        return unauthenticated();
    }

    /** Keycloak unreachable: the request may succeed later, so say so rather than fail it as ours. */
    @ServerExceptionMapper
    public Response identityProviderUnavailable(OIDCException e) {
        LOG.warnf("Identity provider unavailable: %s", e.getMessage());
        return respond(Problem.of(503, "IDENTITY_PROVIDER_UNAVAILABLE", "Service unavailable",
                "Access tokens cannot be verified right now; retry shortly.", List.of()))
                .header(HttpHeaders.RETRY_AFTER, 5).build();
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e) {
        return respond(Problem.of(403, "FORBIDDEN", "Forbidden",
                "The credential does not grant the scope or role this operation needs.", List.of())).build();
    }

    @ServerExceptionMapper
    public Response constraintViolation(ConstraintViolationException e) {
        List<FieldError> errors = e.getConstraintViolations().stream()
                .map(v -> new FieldError(parameterPath(v.getPropertyPath().toString()), v.getMessage()))
                .sorted((a, b) -> a.field().compareTo(b.field()))
                .toList();
        return problem(ProblemException.validation(errors));
    }

    @ServerExceptionMapper
    public Response json(JsonProcessingException e) {
        return problem(JsonProblems.of(e));
    }

    // The most specific mapper wins, so each Jackson failure the REST layer maps itself is claimed here too.

    @ServerExceptionMapper
    public Response malformedJson(JsonParseException e) {
        return json(e);
    }

    @ServerExceptionMapper
    public Response jsonMapping(JsonMappingException e) {
        return json(e);
    }

    @ServerExceptionMapper
    public Response mismatchedInput(MismatchedInputException e) {
        return json(e);
    }

    @ServerExceptionMapper
    public Response invalidFormat(InvalidFormatException e) {
        return json(e);
    }

    @ServerExceptionMapper
    public Response unrecognizedField(UnrecognizedPropertyException e) {
        return json(e);
    }

    @ServerExceptionMapper
    public Response valueInstantiation(ValueInstantiationException e) {
        return json(e);
    }

    /** Someone changed the same object at the same moment; the client may simply retry. */
    @ServerExceptionMapper
    public Response concurrentModification(OptimisticLockException e) {
        return problem(ProblemException.conflict("CONCURRENT_MODIFICATION",
                "The resource was changed by another request at the same time; retry."));
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        if (status >= 500) {
            return unexpected(e);
        }
        if (e.getCause() instanceof JsonProcessingException cause) {
            return json(cause);
        }
        String code = switch (status) {
            case 400 -> "BAD_REQUEST";
            case 401 -> "UNAUTHORIZED";
            case 403 -> "FORBIDDEN";
            case 404 -> "NOT_FOUND";
            case 405 -> "METHOD_NOT_ALLOWED";
            case 406 -> "NOT_ACCEPTABLE";
            case 413 -> "PAYLOAD_TOO_LARGE";
            case 415 -> "UNSUPPORTED_MEDIA_TYPE";
            default -> "HTTP_" + status;
        };
        if (status == 401) {
            return unauthenticated();
        }
        String title = e.getResponse().getStatusInfo().getReasonPhrase();
        String detail = switch (status) {
            case 404 -> "No resource at this path.";
            case 415 -> UNSUPPORTED_MEDIA_TYPE;
            default -> e.getMessage();
        };
        return respond(Problem.of(status, code, title, detail, List.of())).build();
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable e) {
        if (nulCharacter(e)) {
            return problem(ProblemException.invalidCharacter());
        }
        if (databaseUnavailable(e)) {
            LOG.warnf("Database unavailable: %s", e.getMessage());
            return respond(Problem.of(503, "DATABASE_UNAVAILABLE", "Service unavailable",
                    "The service could not reach its database in time (overloaded or restarting); nothing was changed. "
                            + "Retry shortly.", List.of()))
                    .header(HttpHeaders.RETRY_AFTER, 1).build();
        }
        String incident = UUID.randomUUID().toString();
        LOG.errorf(e, "Unexpected failure, incident %s", incident);
        return respond(Problem.of(500, "INTERNAL_ERROR", "Internal error",
                "Something went wrong on our side; quote incident " + incident + " when reporting it.", List.of())).build();
    }

    /**
     * PostgreSQL refuses a NUL character in any text (SQLState 22021, "invalid byte sequence for encoding UTF8: 0x00"),
     * wherever a client's value reaches it: a path id, a query filter, a field of a body; in a {@code jsonb} document it
     * is SQLState 22P05 ("unsupported Unicode escape sequence": the escaped NUL cannot be converted to text). That is bad
     * input, not ours.
     */
    static boolean nulCharacter(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof SQLException sql && ("22021".equals(sql.getSQLState())
                    && String.valueOf(sql.getMessage()).contains("0x00")
                    || "22P05".equals(sql.getSQLState()))) {
                return true;
            }
        }
        return false;
    }

    /**
     * No database connection to be had: the pool's acquisition timeout (Agroal: "Sorry, acquisition timeout!") under
     * overload, a connection failure (SQLState class 08) or a server refusing connections (53300 too many connections,
     * 57P03 starting up). The transaction never began or was rolled back, so the request may simply be sent again.
     */
    static boolean databaseUnavailable(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof SQLException sql) {
                String state = String.valueOf(sql.getSQLState());
                if (state.startsWith("08") || state.equals("53300") || state.equals("57P03")
                        || String.valueOf(sql.getMessage()).startsWith("Sorry, acquisition timeout")) {
                    return true;
                }
            }
        }
        return false;
    }

    static Response unauthenticated() {
        return respond(Problem.of(401, "UNAUTHORIZED", "Unauthorized",
                "Send a valid API key or access token: Authorization: Bearer <credential>.", List.of()))
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"parley\"")
                .build();
    }

    static Response.ResponseBuilder respond(Problem problem) {
        return Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem);
    }

    /** Bean Validation paths of method parameters look like {@code create.arg0.name}; keep what a client sent. */
    static String parameterPath(String path) {
        String[] parts = path.split("\\.");
        return parts.length > 2 ? String.join(".", Arrays.copyOfRange(parts, 2, parts.length)) : parts[parts.length - 1];
    }
}
