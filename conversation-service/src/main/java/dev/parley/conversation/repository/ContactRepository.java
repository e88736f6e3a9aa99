package dev.parley.conversation.repository;

import dev.parley.conversation.Contact;
import dev.parley.platform.repository.TenantOwnedRepository;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Optional;

@ApplicationScoped
public class ContactRepository implements TenantOwnedRepository<Contact> {

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
