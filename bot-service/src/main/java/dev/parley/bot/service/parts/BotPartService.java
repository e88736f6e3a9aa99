package dev.parley.bot.service.parts;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.bot.Bot;
import dev.parley.bot.BotPart;
import dev.parley.bot.repository.BotPartRepository;
import dev.parley.bot.service.validation.ConfigDocuments;
import dev.parley.platform.id.Ids;
import dev.parley.platform.paging.Page;
import dev.parley.platform.paging.PageRequest;
import dev.parley.platform.problem.ProblemException;
import jakarta.transaction.Transactional;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * One kind of bot part (keyword rules, AI contexts): list, read, create, replace or merge-patch, delete and import,
 * each change republishing the bot's snapshot under its row lock. A kind says what differs through the hooks: how a
 * request body is shaped and completed with defaults, and how a definition is validated.
 */
public abstract class BotPartService<P extends BotPart<D>, D> {

    /** What names a kind in ids and answers: {@code kwr}, "keyword rules", {@code KEYWORD_RULE_NOT_FOUND}, "Keyword rule". */
    protected record Kind<P>(String idPrefix, int maxPerBot, String plural, String notFoundCode, String singular,
            Supplier<P> factory) {
    }

    protected final BotPartRepository<P> parts;
    protected final BotChanges changes;
    protected final ConfigDocuments documents;
    private final Kind<P> kind;
    private final Class<D> type;

    protected BotPartService(BotPartRepository<P> parts, BotChanges changes, ConfigDocuments documents, Kind<P> kind,
            Class<D> type) {
        this.parts = parts;
        this.changes = changes;
        this.documents = documents;
        this.kind = kind;
        this.type = type;
    }

    /** Only for the container's client proxy, which never calls a method of its own. */
    protected BotPartService() {
        this(null, null, null, null, null);
    }

    /** The request body as a document: camelCase, no id, and whatever older shapes a kind accepts. */
    protected ObjectNode shape(ObjectNode body) {
        return documents.shaped(body);
    }

    /** Defaults for a whole new document (create and PUT); a merge patch keeps what the part already has. */
    protected ObjectNode withDefaults(ObjectNode doc) {
        return ConfigDocuments.enabledByDefault(doc);
    }

    /** The definition as stored (no id) or a 400 naming every bad field; 404 for references that do not exist. */
    public abstract D validated(String tenantId, D definition);

    @Transactional
    public Page<P> list(String botId, PageRequest page) {
        return parts.pageForBot(changes.owned(botId).id, page);
    }

    @Transactional
    public P get(String botId, String id) {
        Bot bot = changes.owned(botId);
        return parts.findForBot(bot.tenantId, bot.id, id).orElseThrow(() -> notFound(id));
    }

    @Transactional
    public P create(String botId, ObjectNode body) {
        Bot bot = changes.lockOwned(botId);
        if (parts.countForBot(bot.id) >= kind.maxPerBot()) {
            throw limitExceeded();
        }
        D definition = validated(bot.tenantId, documents.read(withDefaults(shape(body)), type));
        P part = newPart(bot, definition);
        parts.persist(part);
        changes.republish(bot);
        return part;
    }

    /** {@code replace}: PUT, the body is the whole part; otherwise an RFC 7386 merge patch. */
    @Transactional
    public P update(String botId, String id, ObjectNode body, boolean replace) {
        Bot bot = changes.lockOwned(botId);
        P part = parts.findForBot(bot.tenantId, bot.id, id).orElseThrow(() -> notFound(id));
        ObjectNode document = replace ? withDefaults(shape(body)) : documents.merged(part.definition, shape(body));
        part.define(validated(bot.tenantId, documents.read(document, type)));
        part.touch();
        changes.republish(bot);
        return part;
    }

    @Transactional
    public void delete(String botId, String id) {
        Bot bot = changes.lockOwned(botId);
        P part = parts.findForBot(bot.tenantId, bot.id, id).orElseThrow(() -> notFound(id));
        parts.delete(part);
        changes.republish(bot);
    }

    /** The bot's parts as an export carries them: definitions without ids, highest priority first. */
    @Transactional(Transactional.TxType.MANDATORY)
    public List<D> exported(String botId) {
        return parts.allForBot(botId).stream().map(p -> p.definition).toList();
    }

    /**
     * Adds a document's parts (already validated) to a locked bot. A part whose name matches one of the bot's existing
     * parts replaces it with {@code overwrite} and is skipped without; each existing part is matched at most once, so
     * same-named parts of one document are all kept. Refused, like a create, when the bot would hold more than its kind's
     * limit. The caller republishes.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void importInto(Bot bot, List<D> definitions, boolean overwrite) {
        Map<String, P> existingByName = new HashMap<>();
        parts.allForBot(bot.id).forEach(p -> existingByName.putIfAbsent(p.name(), p));
        Set<String> imported = new HashSet<>();
        for (D definition : definitions) {
            P row = newPart(bot, definition);
            String name = row.name();
            P existing = name == null || !imported.add(name) ? null : existingByName.get(name);
            if (existing == null) {
                parts.persist(row);
            } else if (overwrite) {
                existing.define(definition);
                existing.touch();
            }
        }
        if (parts.countForBot(bot.id) > kind.maxPerBot()) {
            throw limitExceeded();
        }
    }

    /** Removes every part of a locked bot (an import that replaces). */
    @Transactional(Transactional.TxType.MANDATORY)
    public void deleteAll(Bot bot) {
        parts.deleteForBot(bot.id);
    }

    public int maxPerBot() {
        return kind.maxPerBot();
    }

    private P newPart(Bot bot, D definition) {
        P part = kind.factory().get();
        part.id = Ids.generate(kind.idPrefix());
        part.tenantId = bot.tenantId;
        part.botId = bot.id;
        part.define(definition);
        return part;
    }

    private ProblemException limitExceeded() {
        return ProblemException.conflict("LIMIT_EXCEEDED", "A bot has at most " + kind.maxPerBot() + " " + kind.plural() + ".");
    }

    private ProblemException notFound(String id) {
        return ProblemException.notFound(kind.notFoundCode(), kind.singular() + " " + id + " does not exist.");
    }
}
