package dev.parley.llm.service.chat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.langchain4j.exception.AuthenticationException;
import dev.langchain4j.exception.HttpException;
import dev.langchain4j.exception.InvalidRequestException;
import dev.langchain4j.exception.ModelNotFoundException;
import dev.langchain4j.exception.RateLimitException;
import dev.langchain4j.exception.TimeoutException;
import dev.parley.platform.outbound.OutboundCallFailedException;
import dev.parley.platform.outbound.OutboundRefusedException;
import dev.parley.platform.problem.ProblemException;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * Why a provider call failed, sorted into what Parley does next (retry, try the next model, or give up) and the
 * problem the caller gets. Provider error texts are passed on only where they help and cannot hold a credential.
 */
public record ProviderFailure(Kind kind, String detail) {

    public enum Kind {
        AUTHENTICATION, RATE_LIMITED, SERVER_ERROR, TIMEOUT, UNREACHABLE, ADDRESS_REFUSED, MODEL_NOT_FOUND, REJECTED
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Worth another attempt with the same model after a pause. */
    public boolean retryable() {
        return switch (kind) {
            case RATE_LIMITED, SERVER_ERROR, TIMEOUT, UNREACHABLE -> true;
            default -> false;
        };
    }

    /** Worth trying the integration's next fallback model. */
    public boolean tryNextModel() {
        return retryable() || kind == Kind.MODEL_NOT_FOUND;
    }

    /** A short description kept on the integration and in {@code integration.failed}; never a provider's text. */
    public String summary() {
        return kind.name().toLowerCase().replace('_', ' ');
    }

    public ProblemException problem(String provider, String model) {
        String who = provider + " (model " + model + ")";
        return switch (kind) {
            case AUTHENTICATION -> new ProblemException(502, "PROVIDER_AUTHENTICATION_FAILED", "Provider refused the credentials",
                    who + " refused the integration's API key; update it with PATCH /v1/integrations/{id}.");
            case RATE_LIMITED -> new ProblemException(429, "PROVIDER_RATE_LIMITED", "Provider rate limit reached",
                    who + " is rate-limiting this integration; retry later." + suffix(), List.of(),
                    Map.of("Retry-After", "5"));
            case SERVER_ERROR -> new ProblemException(502, "PROVIDER_ERROR", "Provider error",
                    who + " failed to answer." + suffix());
            case TIMEOUT -> new ProblemException(504, "PROVIDER_TIMEOUT", "Provider timed out", who + " did not answer in time.");
            case UNREACHABLE -> new ProblemException(502, "PROVIDER_UNREACHABLE", "Provider unreachable",
                    who + " could not be reached." + suffix());
            case ADDRESS_REFUSED -> new ProblemException(502, "PROVIDER_ADDRESS_REFUSED", "Provider address refused",
                    "The integration's base URL is not allowed: " + detail);
            case MODEL_NOT_FOUND -> ProblemException.badRequest("INVALID_MODEL", "model", who + " does not know the model."
                    + suffix());
            case REJECTED -> ProblemException.badRequest("PROVIDER_REJECTED_REQUEST", who + " rejected the request." + suffix());
        };
    }

    private String suffix() {
        return detail == null ? "" : " Provider said: " + detail;
    }

    public static ProviderFailure of(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof HttpException http) {
                return fromStatus(http.statusCode(), http.getMessage());
            }
            if (t instanceof OutboundRefusedException refused) {
                return new ProviderFailure(Kind.ADDRESS_REFUSED, refused.getMessage());
            }
            if (t instanceof TimeoutException || t instanceof java.util.concurrent.TimeoutException
                    || t instanceof OutboundCallFailedException call && call.timedOut()) {
                return new ProviderFailure(Kind.TIMEOUT, null);
            }
        }
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof AuthenticationException) {
                return new ProviderFailure(Kind.AUTHENTICATION, null);
            }
            if (t instanceof RateLimitException) {
                return new ProviderFailure(Kind.RATE_LIMITED, null);
            }
            if (t instanceof ModelNotFoundException) {
                return new ProviderFailure(Kind.MODEL_NOT_FOUND, null);
            }
            if (t instanceof InvalidRequestException) {
                return new ProviderFailure(Kind.REJECTED, null);
            }
            if (t instanceof OutboundCallFailedException || t instanceof IOException) {
                return new ProviderFailure(Kind.UNREACHABLE, t.getMessage());
            }
        }
        // Anything else: the provider answered something LangChain4j could not read.
        return unreadable();
    }

    /** A provider's answer that is not a success: its HTTP status and (the start of) its body. */
    public static ProviderFailure ofStatus(int status, String body) {
        return fromStatus(status, body);
    }

    /** An answer with a success status that cannot be read as one. */
    public static ProviderFailure unreadable() {
        return new ProviderFailure(Kind.SERVER_ERROR, "an answer Parley could not read");
    }

    private static ProviderFailure fromStatus(int status, String body) {
        return switch (status) {
            case 401, 403 -> new ProviderFailure(Kind.AUTHENTICATION, null);
            case 404 -> new ProviderFailure(Kind.MODEL_NOT_FOUND, message(body));
            case 408 -> new ProviderFailure(Kind.TIMEOUT, null);
            case 429 -> new ProviderFailure(Kind.RATE_LIMITED, message(body));
            default -> status >= 500 ? new ProviderFailure(Kind.SERVER_ERROR, "HTTP " + status)
                    : new ProviderFailure(Kind.REJECTED, message(body));
        };
    }

    /** The {@code error.message} of an OpenAI- or Anthropic-style error body, shortened. */
    private static String message(String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        try {
            JsonNode error = JSON.readTree(body).path("error");
            String text = error.isTextual() ? error.textValue() : error.path("message").asText(null);
            if (text == null) {
                return null;
            }
            return text.length() > 300 ? text.substring(0, 300) + "…" : text;
        } catch (Exception e) {
            return null;
        }
    }
}
