package dev.parley.bot.service.knowledge;

import dev.parley.bot.KnowledgeBase;
import dev.parley.bot.KnowledgeChunk;
import dev.parley.bot.KnowledgeDocument;
import dev.parley.bot.client.EmbeddingClient;
import dev.parley.bot.repository.KnowledgeBaseRepository;
import dev.parley.bot.repository.KnowledgeChunkRepository;
import dev.parley.bot.repository.KnowledgeDocumentRepository;
import dev.parley.platform.id.Ids;
import dev.parley.platform.paging.Page;
import dev.parley.platform.paging.PageRequest;
import dev.parley.platform.problem.FieldChecks;
import dev.parley.platform.problem.ProblemException;
import dev.parley.platform.security.CurrentCaller;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/** Knowledge bases, their documents, and retrieval over the chunks training embedded. */
@ApplicationScoped
public class KnowledgeBaseService {

    static final String ID_PREFIX = "kb";
    static final String DOCUMENT_PREFIX = "doc";
    static final int MAX_DOCUMENT_CHARS = 200_000;
    static final int MAX_DOCUMENTS = 500;
    static final Set<String> CONTENT_TYPES = Set.of("text", "markdown", "html");

    public record KnowledgeBaseRequest(String name, String description) {
    }

    public record DocumentRequest(String title, String contentType, String content) {
    }

    public record QueryRequest(String query, Integer topK, Double minScore) {
    }

    /** One retrieved passage and how close it is to the query (cosine similarity, -1 to 1). */
    public record Passage(String documentId, String title, int position, String text, double score) {
    }

    private final KnowledgeBaseRepository bases;
    private final KnowledgeDocumentRepository documents;
    private final KnowledgeChunkRepository chunks;
    private final EmbeddingClient embeddings;
    private final CurrentCaller caller;

    public KnowledgeBaseService(KnowledgeBaseRepository bases, KnowledgeDocumentRepository documents,
            KnowledgeChunkRepository chunks, EmbeddingClient embeddings, CurrentCaller caller) {
        this.bases = bases;
        this.documents = documents;
        this.chunks = chunks;
        this.embeddings = embeddings;
        this.caller = caller;
    }

    @Transactional
    public Page<KnowledgeBase> list(PageRequest page) {
        return bases.pageOwned(caller.tenantId(), page);
    }

    @Transactional
    public KnowledgeBase get(String id) {
        return owned(caller.tenantId(), id);
    }

    @Transactional
    public KnowledgeBase create(KnowledgeBaseRequest request) {
        checkBase(request, true);
        KnowledgeBase kb = new KnowledgeBase();
        kb.id = Ids.generate(ID_PREFIX);
        kb.tenantId = caller.tenantId();
        kb.name = request.name();
        kb.description = request.description();
        bases.persist(kb);
        return kb;
    }

    @Transactional
    public KnowledgeBase update(String id, KnowledgeBaseRequest request) {
        KnowledgeBase kb = bases.findOwnedForUpdate(caller.tenantId(), id).orElseThrow(() -> notFound(id));
        checkBase(request, false);
        if (request.name() != null) {
            kb.name = request.name();
        }
        if (request.description() != null) {
            kb.description = request.description();
        }
        kb.touch();
        return kb;
    }

    @Transactional
    public void delete(String id) {
        KnowledgeBase kb = bases.findOwnedForUpdate(caller.tenantId(), id).orElseThrow(() -> notFound(id));
        List<String> users = bases.botsUsing(kb.tenantId, kb.id);
        if (!users.isEmpty()) {
            throw ProblemException.conflict("KNOWLEDGE_BASE_IN_USE", "Knowledge base " + id + " is used by bots " + users + ".");
        }
        bases.delete(kb);
    }

    @Transactional
    public Page<KnowledgeDocument> listDocuments(String kbId, PageRequest page) {
        return documents.pageOf(owned(caller.tenantId(), kbId).id, page);
    }

    @Transactional
    public KnowledgeDocument getDocument(String kbId, String id) {
        KnowledgeBase kb = owned(caller.tenantId(), kbId);
        return documents.findIn(kb.tenantId, kb.id, id).orElseThrow(() -> documentNotFound(id));
    }

    @Transactional
    public KnowledgeDocument addDocument(String kbId, DocumentRequest request) {
        KnowledgeBase kb = bases.findOwnedForUpdate(caller.tenantId(), kbId).orElseThrow(() -> notFound(kbId));
        if (documents.count("knowledgeBaseId", kb.id) >= MAX_DOCUMENTS) {
            throw ProblemException.conflict("LIMIT_EXCEEDED", "A knowledge base holds at most " + MAX_DOCUMENTS + " documents.");
        }
        DocumentRequest r = checkedDocument(request);
        KnowledgeDocument doc = new KnowledgeDocument();
        doc.id = Ids.generate(DOCUMENT_PREFIX);
        doc.tenantId = kb.tenantId;
        doc.knowledgeBaseId = kb.id;
        doc.title = r.title();
        doc.contentType = r.contentType();
        doc.content = r.content();
        doc.contentHash = hash(r.contentType(), r.title(), r.content());
        documents.persist(doc);
        kb.updatedAt = doc.createdAt;
        return doc;
    }

    /** Replaces a document's content; its chunks stay until the next training re-embeds it. */
    @Transactional
    public KnowledgeDocument replaceDocument(String kbId, String id, DocumentRequest request) {
        KnowledgeBase kb = owned(caller.tenantId(), kbId);
        KnowledgeDocument doc = documents.findIn(kb.tenantId, kb.id, id).orElseThrow(() -> documentNotFound(id));
        DocumentRequest r = checkedDocument(request);
        doc.title = r.title();
        doc.contentType = r.contentType();
        doc.content = r.content();
        doc.contentHash = hash(r.contentType(), r.title(), r.content());
        doc.touch();
        return doc;
    }

    @Transactional
    public void deleteDocument(String kbId, String id) {
        KnowledgeBase kb = owned(caller.tenantId(), kbId);
        KnowledgeDocument doc = documents.findIn(kb.tenantId, kb.id, id).orElseThrow(() -> documentNotFound(id));
        chunks.deleteOfDocument(doc.id);
        documents.delete(doc);
    }

    /** The passages closest to {@code query}, best first. Reads in one transaction, embeds outside any. */
    public List<Passage> query(String kbId, QueryRequest request, String authorization) {
        FieldChecks checks = new FieldChecks();
        if (request == null || checks.required("query", request.query())) {
            checks.maxLength("query", request == null ? null : request.query(), 2000);
        }
        if (request != null) {
            checks.range("topK", request.topK(), 1, 20);
        }
        checks.throwIfAny();
        List<KnowledgeChunk> all = QuarkusTransaction.requiringNew().call(() -> {
            KnowledgeBase kb = owned(caller.tenantId(), kbId);
            List<KnowledgeChunk> found = chunks.allOf(kb.id);
            found.forEach(chunks.getEntityManager()::detach);
            return found;
        });
        if (all.isEmpty()) {
            return List.of();
        }
        Map<String, KnowledgeDocument> docs = new HashMap<>();
        QuarkusTransaction.requiringNew().run(() -> documents.allOf(kbId).forEach(d -> {
            documents.getEntityManager().detach(d);
            docs.put(d.id, d);
        }));
        // the query embedded once per model the chunks were embedded with (two only while a knowledge base moves to
        // another)
        Map<String, List<KnowledgeChunk>> byModel = all.stream().filter(c -> docs.containsKey(c.documentId))
                .collect(Collectors.groupingBy(c ->
                        Objects.requireNonNullElse(docs.get(c.documentId).embeddingModel, embeddings.model())));
        double min = request.minScore() == null ? -1 : request.minScore();
        List<Passage> passages = new ArrayList<>();
        byModel.forEach((model, chunksOfModel) -> {
            float[] q = embeddings.embed(authorization, caller.tenantId(), null, model, List.of(request.query())).get(0);
            for (KnowledgeChunk chunk : chunksOfModel) {
                double score = DocumentText.cosine(q, DocumentText.toFloats(chunk.embedding));
                if (score >= min) {
                    passages.add(new Passage(chunk.documentId, docs.get(chunk.documentId).title, chunk.position, chunk.text,
                            Math.round(score * 10_000) / 10_000.0));
                }
            }
        });
        passages.sort(Comparator.comparingDouble(Passage::score).reversed());
        return passages.subList(0, Math.min(passages.size(), request.topK() == null ? 5 : request.topK()));
    }

    KnowledgeBase owned(String tenantId, String id) {
        return bases.findOwned(tenantId, id).orElseThrow(() -> notFound(id));
    }

    private static void checkBase(KnowledgeBaseRequest request, boolean create) {
        FieldChecks checks = new FieldChecks();
        if (request == null) {
            throw ProblemException.badRequest("MALFORMED_JSON", "The request needs a JSON object body.");
        }
        if (create) {
            checks.required("name", request.name());
        }
        checks.maxLength("name", request.name(), 100);
        checks.maxLength("description", request.description(), 1000);
        checks.throwIfAny();
    }

    private static DocumentRequest checkedDocument(DocumentRequest request) {
        if (request == null) {
            throw ProblemException.badRequest("MALFORMED_JSON", "The request needs a JSON object body.");
        }
        FieldChecks checks = new FieldChecks();
        checks.required("title", request.title());
        checks.maxLength("title", request.title(), 200);
        String type = request.contentType() == null ? "text" : request.contentType();
        if (!CONTENT_TYPES.contains(type)) {
            checks.add("contentType", "must be one of: text, markdown, html");
        }
        if (checks.required("content", request.content()) && request.content().length() > MAX_DOCUMENT_CHARS) {
            throw new ProblemException(413, "DOCUMENT_TOO_LARGE", "Payload too large", "A document holds at most "
                    + MAX_DOCUMENT_CHARS + " characters; split it into several documents.");
        }
        checks.throwIfAny();
        if (DocumentText.plain(type, request.content()).isBlank()) {
            throw ProblemException.validation("content", "has no text once its markup is removed");
        }
        return new DocumentRequest(request.title(), type, request.content());
    }

    static String hash(String... parts) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (String part : parts) {
                sha.update(part.getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static ProblemException notFound(String id) {
        return ProblemException.notFound("KNOWLEDGE_BASE_NOT_FOUND", "Knowledge base " + id + " does not exist.");
    }

    private static ProblemException documentNotFound(String id) {
        return ProblemException.notFound("DOCUMENT_NOT_FOUND", "Document " + id + " does not exist.");
    }
}
