package dev.parley.conversation.repository;

import dev.parley.conversation.BotConfigEntry;
import dev.parley.conversation.ChannelBinding;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.util.Collection;
import java.util.Optional;

@ApplicationScoped
public class BotConfigRepository implements PanacheRepositoryBase<BotConfigEntry, String> {

    private final EntityManager em;

    public BotConfigRepository(EntityManager em) {
        this.em = em;
    }

    /** What {@link #storedUnless} is given when no version of the bot is held. */
    public static final long NONE_HELD = Long.MIN_VALUE;

    /** A bot's stored version, with its snapshot unless that is the version already held. */
    public record Stored(long version, String snapshot) {
    }

    /** The bot's version, and its snapshot when it is not {@code heldVersion}; empty when the bot is not stored. */
    public Optional<Stored> storedUnless(String botId, long heldVersion) {
        return em.createQuery("select version, case when version <> :held then snapshot end from BotConfigEntry "
                + "where botId = :id", Object[].class)
                .setParameter("id", botId).setParameter("held", heldVersion).getResultList().stream().findFirst()
                .map(row -> new Stored((Long) row[0], (String) row[1]));
    }

    public Optional<ChannelBinding> binding(String channelId) {
        return Optional.ofNullable(em.find(ChannelBinding.class, channelId));
    }

    /** The bot's channels become exactly {@code channelIds}; a channel moved here from another bot follows. */
    public void bindChannels(String botId, String tenantId, Collection<String> channelIds) {
        if (channelIds.isEmpty()) {
            em.createQuery("delete from ChannelBinding where botId = :bot").setParameter("bot", botId).executeUpdate();
            return;
        }
        em.createQuery("delete from ChannelBinding where botId = :bot and channelId not in :keep")
                .setParameter("bot", botId).setParameter("keep", channelIds).executeUpdate();
        for (String channelId : channelIds) {
            em.createNativeQuery("""
                    insert into channel_binding (channel_id, bot_id, tenant_id) values (?1, ?2, ?3)
                    on conflict (channel_id) do update set bot_id = excluded.bot_id, tenant_id = excluded.tenant_id""")
                    .setParameter(1, channelId).setParameter(2, botId).setParameter(3, tenantId).executeUpdate();
        }
    }

    /**
     * Serializes the writers of one bot's snapshot (the Kafka consumer and a catch-up from bot-service) until the
     * transaction ends, so the second sees the first's row instead of inserting it again.
     */
    public void lockSnapshot(String botId) {
        em.createNativeQuery("select pg_advisory_xact_lock(hashtext(?1))").setParameter(1, "bot_config:" + botId)
                .getSingleResult();
    }

    public void unbindAll(String botId) {
        em.createQuery("delete from ChannelBinding where botId = :bot").setParameter("bot", botId).executeUpdate();
    }
}
