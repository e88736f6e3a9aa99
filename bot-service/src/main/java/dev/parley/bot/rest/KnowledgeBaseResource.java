package dev.parley.bot.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.parley.bot.KnowledgeBase;
import dev.parley.bot.KnowledgeDocument;
import dev.parley.bot.service.knowledge.KnowledgeBaseService.DocumentRequest;
import dev.parley.bot.service.knowledge.KnowledgeBaseService.KnowledgeBaseRequest;
import dev.parley.bot.service.knowledge.KnowledgeBaseService.Passage;
import dev.parley.bot.service.knowledge.KnowledgeBaseService.QueryRequest;
import dev.parley.bot.service.knowledge.KnowledgeBaseService;
import dev.parley.platform.idempotency.IdempotentCreation;
import dev.parley.platform.paging.Envelope;
import dev.parley.platform.rest.PageQuery;
import dev.parley.platform.rest.RequestValues;
import dev.parley.platform.security.Scopes;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestResponse;

@Path("/v1/knowledge-bases")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Knowledge bases")
public class KnowledgeBaseResource {

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record KnowledgeBaseAttributes(String name, String description, Instant createdAt, Instant updatedAt) {
    }

    /**
     * A document without its content (GET one document for that). {@code indexed}: its chunks are this content's;
     * {@code embeddingModel}: the model they were embedded with (queries are embedded with it too).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record DocumentAttributes(String knowledgeBaseId, String title, String contentType, String content, int size,
            String contentHash, boolean indexed, Instant indexedAt, String embeddingModel, Instant createdAt, Instant updatedAt) {
    }

    public record QueryResult(List<Passage> data) {
    }

    private final KnowledgeBaseService knowledge;
    private final IdempotentCreation idempotency;

    public KnowledgeBaseResource(KnowledgeBaseService knowledge, IdempotentCreation idempotency) {
        this.knowledge = knowledge;
        this.idempotency = idempotency;
    }

    @GET
    @RolesAllowed(Scopes.BOTS_READ)
    @Operation(summary = "List knowledge bases")
    public Envelope.Listing<Envelope.Resource<KnowledgeBaseAttributes>> list(@BeanParam PageQuery paging) {
        return Envelope.list(knowledge.list(paging.request()).map(KnowledgeBaseResource::resource));
    }

    @GET
    @Path("/{id}")
    @RolesAllowed(Scopes.BOTS_READ)
    @Operation(summary = "Get a knowledge base")
    public Envelope.Single<Envelope.Resource<KnowledgeBaseAttributes>> get(@RestPath String id) {
        return new Envelope.Single<>(resource(knowledge.get(id)));
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Scopes.BOTS_WRITE)
    @Operation(summary = "Create a knowledge base")
    @APIResponse(responseCode = "201", description = "Created")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON, examples = @ExampleObject(name = "faq",
            value = "{\"name\": \"Shop FAQ\", \"description\": \"Shipping, returns and opening hours\"}")))
    public Response create(@RestHeader(IdempotentCreation.HEADER) String idempotencyKey, KnowledgeBaseRequest body) {
        return idempotency.create(idempotencyKey, Map.of("knowledgeBase", body == null ? Map.of() : body), () -> {
            KnowledgeBase kb = knowledge.create(body);
            return new IdempotentCreation.Created(URI.create("/v1/knowledge-bases/" + kb.id), new Envelope.Single<>(resource(kb)));
        });
    }

    @PATCH
    @Path("/{id}")
    @Consumes({MediaType.APPLICATION_JSON, RequestValues.MERGE_PATCH_JSON})
    @RolesAllowed(Scopes.BOTS_WRITE)
    @Operation(summary = "Rename or describe a knowledge base")
    public Envelope.Single<Envelope.Resource<KnowledgeBaseAttributes>> update(@RestPath String id, KnowledgeBaseRequest body) {
        return new Envelope.Single<>(resource(knowledge.update(id, body)));
    }

    @DELETE
    @Path("/{id}")
    @RolesAllowed(Scopes.BOTS_WRITE)
    @Operation(summary = "Delete a knowledge base", description = "409 KNOWLEDGE_BASE_IN_USE while a bot uses it.")
    public RestResponse<Void> delete(@RestPath String id) {
        knowledge.delete(id);
        return RestResponse.noContent();
    }

    @GET
    @Path("/{id}/documents")
    @RolesAllowed(Scopes.BOTS_READ)
    @Operation(summary = "List a knowledge base's documents")
    public Envelope.Listing<Envelope.Resource<DocumentAttributes>> documents(@RestPath String id, @BeanParam PageQuery paging) {
        return Envelope.list(knowledge.listDocuments(id, paging.request()).map(d -> document(d, false)));
    }

    @GET
    @Path("/{id}/documents/{documentId}")
    @RolesAllowed(Scopes.BOTS_READ)
    @Operation(summary = "Get a document with its content")
    public Envelope.Single<Envelope.Resource<DocumentAttributes>> getDocument(@RestPath String id, @RestPath String documentId) {
        return new Envelope.Single<>(document(knowledge.getDocument(id, documentId), true));
    }

    @POST
    @Path("/{id}/documents")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Scopes.BOTS_WRITE)
    @Operation(summary = "Add a document", description = "`contentType` text (default), markdown or html (reduced to its "
            + "text); at most 200,000 characters. Searchable after the next training.")
    public Response addDocument(@RestPath String id, @RestHeader(IdempotentCreation.HEADER) String idempotencyKey,
            DocumentRequest body) {
        return idempotency.create(idempotencyKey, Map.of("document", id, "request", body == null ? Map.of() : body), () -> {
            KnowledgeDocument doc = knowledge.addDocument(id, body);
            return new IdempotentCreation.Created(URI.create("/v1/knowledge-bases/" + id + "/documents/" + doc.id),
                    new Envelope.Single<>(document(doc, false)));
        });
    }

    @PUT
    @Path("/{id}/documents/{documentId}")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Scopes.BOTS_WRITE)
    @Operation(summary = "Replace a document", description = "Re-embedded by the next (incremental) training.")
    public Envelope.Single<Envelope.Resource<DocumentAttributes>> replaceDocument(@RestPath String id,
            @RestPath String documentId, DocumentRequest body) {
        return new Envelope.Single<>(document(knowledge.replaceDocument(id, documentId, body), false));
    }

    @DELETE
    @Path("/{id}/documents/{documentId}")
    @RolesAllowed(Scopes.BOTS_WRITE)
    @Operation(summary = "Delete a document and its passages")
    public RestResponse<Void> deleteDocument(@RestPath String id, @RestPath String documentId) {
        knowledge.deleteDocument(id, documentId);
        return RestResponse.noContent();
    }

    @POST
    @Path("/{id}/query")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Scopes.BOTS_READ)
    @Operation(summary = "Retrieve passages", description = "`query`, `topK` (1-20, default 5), `minScore`: the trained "
            + "passages closest in meaning, best first, with their cosine similarity.")
    public QueryResult query(@RestPath String id, @RestHeader("Authorization") String authorization, QueryRequest body) {
        return new QueryResult(knowledge.query(id, RequestValues.requiredBody(body), authorization));
    }

    private static Envelope.Resource<KnowledgeBaseAttributes> resource(KnowledgeBase kb) {
        return new Envelope.Resource<>(kb.id, "knowledge_base",
                new KnowledgeBaseAttributes(kb.name, kb.description, kb.createdAt, kb.updatedAt));
    }

    private static Envelope.Resource<DocumentAttributes> document(KnowledgeDocument d, boolean withContent) {
        return new Envelope.Resource<>(d.id, "document", new DocumentAttributes(d.knowledgeBaseId, d.title, d.contentType,
                withContent ? d.content : null, d.content.length(), d.contentHash, d.indexed(), d.indexedAt,
                d.embeddingModel, d.createdAt, d.updatedAt));
    }
}
