package dev.parley.llm.service.integration;

import java.util.List;

/**
 * What a client asks to set on an integration. On create every field counts; on PATCH a null field stays
 * as it is and a blank {@code baseUrl} or {@code botId} clears it.
 */
public record IntegrationChanges(String name, String provider, String baseUrl, String apiKey, String botId,
        String defaultModel, List<String> fallbackModels, Boolean enabled) {
}
