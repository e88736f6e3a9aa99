package dev.parley.conversation.repository;

import static dev.parley.conversation.repository.SqlArrays.texts;

import dev.parley.conversation.Contact;
import dev.parley.platform.repository.TenantOwnedRepository;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.PersistenceException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hibernate.Session;

@ApplicationScoped
public class ContactRepository implements TenantOwnedRepository<Contact> {

    /** A webchat visitor's session: the contact it is, and the hash of its token. */
    public record Visitor(String id, String channelId, String externalId, String name, String tokenHash) {
    }

    private final AgroalDataSource dataSource;

    public ContactRepository(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * The visitor session {@code id}, read by one statement on a connection of its own, outside any transaction (every
     * request of a visitor starts with it; a transaction and an entity cost more than the read).
     */
    public Optional<Visitor> visitor(String id) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement read = connection.prepareStatement(
                        "select channel_id, external_id, name, visitor_token_hash from contact where id = ?")) {
            read.setString(1, id);
            try (ResultSet row = read.executeQuery()) {
                return row.next() ? Optional.of(new Visitor(id, row.getString(1), row.getString(2), row.getString(3),
                        row.getString(4))) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new PersistenceException("visitor session not read", e);
        }
    }

    /**
     * {@link #upsertLocked} for many contacts in one statement, locked in the order given (callers sort them by
     * channel and external id, the order every replica locks in); answers the stored id of each, by
     * {@link #key(String, String)}. The contacts must be distinct by channel and external id.
     */
    public Map<String, String> upsertAllLocked(List<Contact> drafts, Instant createdAt) {
        Map<String, String> ids = new HashMap<>();
        getEntityManager().unwrap(Session.class).doWork(connection -> {
            try (PreparedStatement upsert = connection.prepareStatement("""
                    insert into contact (id, tenant_id, channel_id, external_id, name, created_at)
                    select t.id, t.tenant_id, t.channel_id, t.external_id, t.name, ?::timestamptz
                    from unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[]) with ordinality
                        as t(id, tenant_id, channel_id, external_id, name, n)
                    order by t.n
                    on conflict (channel_id, external_id) do update set name = coalesce(excluded.name, contact.name)
                    returning id, channel_id, external_id""")) {
                upsert.setObject(1, OffsetDateTime.ofInstant(createdAt, ZoneOffset.UTC));
                upsert.setArray(2, texts(connection, drafts, c -> c.id));
                upsert.setArray(3, texts(connection, drafts, c -> c.tenantId));
                upsert.setArray(4, texts(connection, drafts, c -> c.channelId));
                upsert.setArray(5, texts(connection, drafts, c -> c.externalId));
                upsert.setArray(6, texts(connection, drafts, c -> c.name));
                try (ResultSet rows = upsert.executeQuery()) {
                    while (rows.next()) {
                        ids.put(key(rows.getString(2), rows.getString(3)), rows.getString(1));
                    }
                }
            }
        });
        return ids;
    }

    /** A contact's identity: its channel and its id there. */
    public static String key(String channelId, String externalId) {
        return channelId + '\n' + externalId;
    }

    public Optional<Contact> findOnChannel(String channelId, String externalId) {
        return find("channelId = ?1 and externalId = ?2", channelId, externalId).firstResultOptional();
    }

    /**
     * Inserts the contact, or updates its name if the channel already knows it, and returns its id. Either way
     * the row stays locked until the transaction ends: one contact's messages open at most one conversation,
     * even when they arrive together. {@code createdAt}, when the caller did not choose it, is now (this
     * insert bypasses the persistence context and so {@code Created}'s callback).
     */
    public String upsertLocked(Contact contact) {
        return (String) getEntityManager().createNativeQuery("""
                insert into contact (id, tenant_id, channel_id, external_id, name, created_at)
                values (?1, ?2, ?3, ?4, ?5, ?6)
                on conflict (channel_id, external_id) do update set name = coalesce(excluded.name, contact.name)
                returning id""")
                .setParameter(1, contact.id).setParameter(2, contact.tenantId).setParameter(3, contact.channelId)
                .setParameter(4, contact.externalId).setParameter(5, contact.name).setParameter(6, contact.createdAt != null ? contact.createdAt : Instant.now())
                .getSingleResult();
    }
}
