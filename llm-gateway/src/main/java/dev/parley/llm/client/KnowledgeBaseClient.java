package dev.parley.llm.client;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.WebApplicationException;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/** Searches a tenant's knowledge base in bot-service, which owns knowledge bases and their chunks. */
@ApplicationScoped
public class KnowledgeBaseClient {

    /** A search that did not produce passages, in words the model (and the tenant reading the trace) can act on. */
    public static class SearchFailed extends RuntimeException {

        public SearchFailed(String message) {
            super(message, null, false, false);
        }
    }

    private final BotServiceApi api;

    public KnowledgeBaseClient(@RestClient BotServiceApi api) {
        this.api = api;
    }

    /** bot-service's answer (its {@code data}: the best passages first). */
    public JsonNode search(String tenantId, String knowledgeBaseId, String query, int topK) {
        try {
            JsonNode answer = api.query(knowledgeBaseId, tenantId, new BotServiceApi.Query(query, topK));
            return answer != null && answer.has("data") ? answer.get("data") : answer;
        } catch (WebApplicationException e) {
            int status = e.getResponse().getStatus();
            throw new SearchFailed(status == 404 ? "knowledge base " + knowledgeBaseId + " does not exist"
                    : "knowledge base search failed (HTTP " + status + ")");
        } catch (RuntimeException e) {
            throw new SearchFailed("knowledge base search unavailable: " + e.getClass().getSimpleName());
        }
    }
}
