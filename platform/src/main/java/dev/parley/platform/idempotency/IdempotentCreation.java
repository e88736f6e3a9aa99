package dev.parley.platform.idempotency;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.parley.platform.crypto.SecretCipher;
import dev.parley.platform.problem.ProblemException;
import dev.parley.platform.security.ApiKeys;
import dev.parley.platform.security.CurrentCaller;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;
import java.util.function.Supplier;

/**
 * {@code Idempotency-Key} for creating POSTs: the first request with a key creates, and its answer is kept
 * for a day; a retry with the same key and body gets that answer again ({@code Idempotent-Replayed: true})
 * and creates nothing. The key is recorded in the creating transaction, so a failed creation leaves no trace
 * and two concurrent requests with one key create once (the second waits for the first to commit).
 * Stored answers are encrypted: they may hold a secret shown once (an external bot's signing secret).
 */
@ApplicationScoped
public class IdempotentCreation {

    public static final String HEADER = "Idempotency-Key";
    static final String REPLAYED = "Idempotent-Replayed";
    private static final int MAX_KEY_LENGTH = 255;

    /**
     * What a creation produced: where the new resource lives and the body to answer with; {@code status} 201, or 200
     * for a POST that changes an existing resource (an import into a bot, a channel bound to it).
     */
    public record Created(int status, URI location, Object body) {

        public Created(URI location, Object body) {
            this(201, location, body);
        }
    }

    private final EntityManager entityManager;
    private final ObjectMapper json;
    private final CurrentCaller caller;
    private final SecretCipher cipher;

    public IdempotentCreation(EntityManager entityManager, ObjectMapper json, CurrentCaller caller, SecretCipher cipher) {
        this.entityManager = entityManager;
        this.json = json;
        this.caller = caller;
        this.cipher = cipher;
    }

    /** Runs {@code create} once per {@code key} (per tenant); without a key it simply runs it. */
    @Transactional
    public Response create(String key, Object request, Supplier<Created> create) {
        if (key == null) {
            return created(create.get());
        }
        if (key.isBlank() || key.length() > MAX_KEY_LENGTH) {
            throw ProblemException.validation(HEADER, "must be 1 to " + MAX_KEY_LENGTH + " characters");
        }
        String tenant = caller.tenantId();
        String fingerprint = fingerprint(json, request);
        int claimed = entityManager.createNativeQuery("""
                insert into idempotency_key (tenant_id, idem_key, fingerprint, created_at) values (?1, ?2, ?3, now())
                on conflict do nothing""")
                .setParameter(1, tenant).setParameter(2, key).setParameter(3, fingerprint)
                .executeUpdate();
        if (claimed == 1) {
            Created result = create.get();
            entityManager.createNativeQuery("""
                    update idempotency_key set status = ?5, location = ?3, body = ?4
                    where tenant_id = ?1 and idem_key = ?2""")
                    .setParameter(1, tenant).setParameter(2, key).setParameter(5, result.status())
                    .setParameter(3, result.location().toString()).setParameter(4, cipher.encrypt(toJson(result.body())))
                    .executeUpdate();
            return created(result);
        }
        Object[] earlier = (Object[]) entityManager.createNativeQuery("""
                select fingerprint, status, location, body from idempotency_key where tenant_id = ?1 and idem_key = ?2""")
                .setParameter(1, tenant).setParameter(2, key)
                .getSingleResult();
        if (!fingerprint.equals(earlier[0])) {
            throw new ProblemException(422, "IDEMPOTENCY_KEY_REUSED", "Idempotency key reused",
                    "This Idempotency-Key was used with a different request; use a new key for a new request.",
                    List.of(), null);
        }
        return Response.status((Integer) earlier[1]).location(URI.create((String) earlier[2]))
                .entity(cipher.decrypt((String) earlier[3])).type(MediaType.APPLICATION_JSON).header(REPLAYED, "true").build();
    }

    @Scheduled(every = "1h", delayed = "1m")
    @Transactional
    void forgetOldKeys() {
        entityManager.createNativeQuery("delete from idempotency_key where created_at < now() - interval '24 hours'")
                .executeUpdate();
    }

    private static Response created(Created result) {
        return Response.status(result.status()).location(result.location()).entity(result.body()).build();
    }

    /**
     * What a request is recognised by: its JSON with maps' keys in order, so that the same request reads the same on
     * every replica and after a restart ({@code Map.of}'s iteration order changes from one JVM start to the next).
     */
    static String fingerprint(ObjectMapper json, Object request) {
        try {
            return ApiKeys.hash(json.writer().with(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
                    .writeValueAsString(request));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not serializable: " + request.getClass(), e);
        }
    }

    private String toJson(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not serializable: " + value.getClass(), e);
        }
    }
}
