package dev.parley.conversation.repository;

import dev.parley.conversation.Contact;
import dev.parley.platform.repository.TenantOwnedRepository;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;

@ApplicationScoped
public class ContactRepository implements TenantOwnedRepository<Contact> {

    public Optional<Contact> findOnChannel(String channelId, String externalId) {
        return find("channelId = ?1 and externalId = ?2", channelId, externalId).firstResultOptional();
    }

    /** Inserts the contact unless a concurrent request already did; returns the stored one either way. */
    public Contact insertOrGet(Contact contact) {
        getEntityManager().createNativeQuery("""
                insert into contact (id, tenant_id, channel_id, external_id, name, visitor_token_hash, created_at)
                values (?1, ?2, ?3, ?4, ?5, ?6, ?7) on conflict (channel_id, external_id) do nothing""")
                .setParameter(1, contact.id).setParameter(2, contact.tenantId).setParameter(3, contact.channelId)
                .setParameter(4, contact.externalId).setParameter(5, contact.name)
                .setParameter(6, contact.visitorTokenHash).setParameter(7, contact.createdAt)
                .executeUpdate();
        return findOnChannel(contact.channelId, contact.externalId).orElseThrow();
    }
}
