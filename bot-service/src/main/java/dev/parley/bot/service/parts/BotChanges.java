package dev.parley.bot.service.parts;

import dev.parley.bot.Bot;
import dev.parley.bot.messaging.BotEvents;
import dev.parley.bot.repository.BotRepository;
import dev.parley.events.bot.BotEvent;
import dev.parley.platform.problem.ProblemException;
import dev.parley.platform.security.CurrentCaller;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.Collection;
import java.util.TreeSet;

/**
 * A change to something a bot is built from (a rule, a context, a flow, a channel) is a change to the bot: it
 * takes the bot's row lock, gives the bot a new version and republishes its snapshot, in the caller's transaction.
 */
@ApplicationScoped
public class BotChanges {

    private final BotRepository bots;
    private final BotEvents events;
    private final BotSnapshots snapshots;
    private final CurrentCaller caller;

    public BotChanges(BotRepository bots, BotEvents events, BotSnapshots snapshots, CurrentCaller caller) {
        this.bots = bots;
        this.events = events;
        this.snapshots = snapshots;
        this.caller = caller;
    }

    /** The caller's bot, for reading. */
    @Transactional(Transactional.TxType.MANDATORY)
    public Bot owned(String botId) {
        return bots.findOwned(caller.tenantId(), botId).orElseThrow(() -> botNotFound(botId));
    }

    /** The caller's bot, locked until the transaction ends, before changing what it is built from. */
    @Transactional(Transactional.TxType.MANDATORY)
    public Bot lockOwned(String botId) {
        return bots.findOwnedForUpdate(caller.tenantId(), botId).orElseThrow(() -> botNotFound(botId));
    }

    /** Gives the bot a new version and publishes its snapshot as it stands in this transaction. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void republish(Bot bot) {
        bot.touch();
        announce(bot, BotEvent.UPDATED, null);
    }

    /**
     * Publishes the bot's snapshot and lifecycle event as it stands in this transaction, flushed first so the snapshot
     * carries the version this change gave it.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void announce(Bot bot, String type, BotEvent.Deactivation deactivation) {
        bots.flush();
        events.changed(bot, snapshots.of(bot), type, deactivation);
    }

    /** Publishes the bot's tombstone and its last snapshot, before the bot and its parts are removed. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void announceDeleted(Bot bot) {
        events.deleted(bot, snapshots.of(bot));
    }

    /** Republishes several bots of a tenant (those sharing a changed flow), locked in id order to avoid deadlocks. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void republishAll(String tenantId, Collection<String> botIds) {
        for (String id : new TreeSet<>(botIds)) {
            bots.findOwnedForUpdate(tenantId, id).ifPresent(this::republish);
        }
    }

    public static ProblemException botNotFound(String id) {
        return ProblemException.notFound("BOT_NOT_FOUND", "Bot " + id + " does not exist.");
    }

    public static ProblemException flowNotFound(String id) {
        return ProblemException.notFound("FLOW_NOT_FOUND", "Flow " + id + " does not exist.");
    }
}
