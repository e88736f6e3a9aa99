package dev.parley.conversation.service;

import dev.parley.conversation.BotConfigEntry;
import dev.parley.conversation.repository.BotConfigRepository;
import dev.parley.events.bot.BotSnapshot;
import dev.parley.events.bot.Channel;
import dev.parley.platform.inbox.IdempotentConsumer;
import dev.parley.platform.kafka.IncomingEvent;
import dev.parley.platform.transaction.AfterCommit;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Set;
import org.jboss.logging.Logger;

/** Applies bot snapshots to the read model: a newer version replaces, an older or repeated one is ignored. */
@ApplicationScoped
public class BotConfigService {

    private static final Logger LOG = Logger.getLogger(BotConfigService.class);
    private static final String CONSUMER = "bot-config";

    private final BotConfigRepository configs;
    private final BotDirectory directory;
    private final IdempotentConsumer inbox;
    private final AfterCommit afterCommit;

    public BotConfigService(BotConfigRepository configs, BotDirectory directory, IdempotentConsumer inbox,
            AfterCommit afterCommit) {
        this.configs = configs;
        this.directory = directory;
        this.inbox = inbox;
        this.afterCommit = afterCommit;
    }

    @Transactional
    public void apply(IncomingEvent event) {
        if (!inbox.firstDelivery(CONSUMER, event.id())) {
            return;
        }
        if (event.isTombstone()) {
            configs.deleteById(event.key());
            configs.unbindAll(event.key());
            afterCommit.run(() -> directory.replaced(event.key(), null));
            return;
        }
        store(directory.parse(event.data()), event.data());
    }

    /**
     * A snapshot bot-service answered directly (the catch-up), applied like one from Kafka in a transaction of its own:
     * when the event arrives later with the same version it is ignored. When the read model already holds that
     * version (Kafka's copy committed a moment ago, perhaps while this one waited for the lock), the compiled bot is
     * brought up to it too, as Kafka's commit may not have replaced it yet: either way the engine runs at least the
     * version bot-service answered once this returns.
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void catchUp(String snapshotJson) {
        BotSnapshot snapshot = directory.parse(snapshotJson);
        if (!store(snapshot, snapshotJson)) {
            BotConfigEntry held = configs.findById(snapshot.id());
            directory.replaced(held.botId, held.snapshot);
        }
    }

    private boolean store(BotSnapshot snapshot, String snapshotJson) {
        configs.lockSnapshot(snapshot.id());
        BotConfigEntry entry = configs.findByIdOptional(snapshot.id()).orElse(null);
        if (entry != null && entry.version >= snapshot.version()) {
            LOG.debugf("Ignoring snapshot %s of bot %s: version %s is applied", (Object) snapshot.version(), snapshot.id(), (Object) entry.version);
            return false;
        }
        if (entry == null) {
            entry = new BotConfigEntry();
            entry.botId = snapshot.id();
        }
        entry.tenantId = snapshot.tenantId();
        entry.version = snapshot.version();
        entry.snapshot = snapshotJson;
        entry.updatedAt = Instant.now();
        configs.persist(entry);
        Set<String> channels = new LinkedHashSet<>();
        if (snapshot.channels() != null) {
            snapshot.channels().stream().map(Channel::id).forEach(channels::add);
        }
        configs.bindChannels(snapshot.id(), snapshot.tenantId(), channels);
        afterCommit.run(() -> directory.replaced(snapshot.id(), snapshotJson));
        return true;
    }
}
