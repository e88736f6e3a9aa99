package dev.parley.bot.client;

import dev.parley.platform.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;

/**
 * The gateway's providers and models, as bot-service validates bots against them. The catalogue changes
 * with deployments, not per request, so it is kept for a few minutes; if the gateway cannot be reached the
 * last catalogue serves, and with none at all the change is refused as temporarily unavailable.
 */
@ApplicationScoped
public class LlmGatewayClient {

    /** A provider's models; {@code anyModel}: the tenant's endpoint decides. */
    public record ProviderModels(boolean anyModel, List<String> models) {
    }

    private record Snapshot(Map<String, ProviderModels> providers, Instant fetchedAt) {
    }

    private static final Logger LOG = Logger.getLogger(LlmGatewayClient.class);
    private static final Duration FRESH_FOR = Duration.ofMinutes(5);

    private final LlmGatewayApi gateway;
    private volatile Snapshot snapshot;

    public LlmGatewayClient(@RestClient LlmGatewayApi gateway) {
        this.gateway = gateway;
    }

    public Map<String, ProviderModels> providers() {
        Snapshot current = snapshot;
        if (current != null && current.fetchedAt().plus(FRESH_FOR).isAfter(Instant.now())) {
            return current.providers();
        }
        try {
            Map<String, ProviderModels> providers = gateway.providers().data().stream()
                    .collect(Collectors.toUnmodifiableMap(LlmGatewayApi.Provider::id,
                            p -> new ProviderModels(p.attributes().anyModel(), List.copyOf(p.attributes().models()))));
            snapshot = new Snapshot(providers, Instant.now());
            return providers;
        } catch (RuntimeException e) {
            if (current != null) {
                LOG.warnf("llm-gateway unreachable (%s); using the catalogue from %s", e.getMessage(), current.fetchedAt());
                return current.providers();
            }
            LOG.warnf("llm-gateway unreachable and no catalogue known: %s", e.getMessage());
            throw new ProblemException(503, "MODEL_CATALOGUE_UNAVAILABLE", "Service unavailable",
                    "The model catalogue cannot be reached to validate provider and model; retry shortly.",
                    List.of(), Map.of("Retry-After", "5"));
        }
    }
}
