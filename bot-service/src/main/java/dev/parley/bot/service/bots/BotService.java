package dev.parley.bot.service.bots;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.bot.Bot;
import dev.parley.bot.BotDefinition;
import dev.parley.bot.client.RoutingServiceClient;
import dev.parley.bot.repository.BotFilter;
import dev.parley.bot.repository.BotRepository;
import dev.parley.bot.repository.KnowledgeBaseRepository;
import dev.parley.bot.service.channels.ChannelService;
import dev.parley.bot.service.parts.BotChanges;
import dev.parley.bot.service.parts.FlowReferences;
import dev.parley.events.bot.BotEvent;
import dev.parley.events.bot.BotStatus;
import dev.parley.events.bot.BotType;
import dev.parley.platform.crypto.SecretCipher;
import dev.parley.platform.id.Ids;
import dev.parley.platform.paging.Page;
import dev.parley.platform.paging.PageRequest;
import dev.parley.platform.problem.FieldError;
import dev.parley.platform.problem.ProblemException;
import dev.parley.platform.security.CurrentCaller;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.IntSupplier;

/** The bot lifecycle. Every change is stored and announced (snapshot + event) in one transaction. */
@ApplicationScoped
public class BotService {

    static final String ID_PREFIX = "bot";

    /** Attributes a bot object shows that the platform, not the client, decides. */
    private static final List<String> PLATFORM_ATTRIBUTES = List.of("id", "status", "knowledgeBase", "flow", "channels",
            "stats", "createdBy", "createdAt", "updatedAt", "activatedAt", "deactivatedAt", "conversationsTransferred", "secret");

    private final BotRepository bots;
    private final BotDefinitions definitions;
    private final BotTemplates templates;
    private final BotChanges changes;
    private final SecretCipher cipher;
    private final CurrentCaller caller;
    private final FlowReferences flowReferences;
    private final ChannelService channels;
    private final KnowledgeBaseRepository knowledgeBases;
    private final RoutingServiceClient routing;

    public BotService(BotRepository bots, BotDefinitions definitions, BotTemplates templates, BotChanges changes,
            SecretCipher cipher, CurrentCaller caller, FlowReferences flowReferences, ChannelService channels,
            KnowledgeBaseRepository knowledgeBases, RoutingServiceClient routing) {
        this.routing = routing;
        this.knowledgeBases = knowledgeBases;
        this.flowReferences = flowReferences;
        this.channels = channels;
        this.bots = bots;
        this.definitions = definitions;
        this.templates = templates;
        this.changes = changes;
        this.cipher = cipher;
        this.caller = caller;
    }

    @Transactional
    public Page<Bot> list(BotFilter filter, PageRequest page) {
        return bots.search(caller.tenantId(), filter, page);
    }

    @Transactional
    public Bot get(String id) {
        return bots.findOwned(caller.tenantId(), id).orElseThrow(() -> BotChanges.botNotFound(id));
    }

    /** {@code template} (blank, handoff, example) is the starting document the request is merged over. */
    @Transactional
    public CreatedBot create(ObjectNode request) {
        ObjectNode body = request.deepCopy();
        JsonNode template = body.remove("template");
        if (template != null && !template.isTextual() && !template.isNull()) {
            throw ProblemException.validation("template", "must be one of: blank, handoff, example");
        }
        BotDefinition definition = definitions.merge(templates.start(template == null ? null : template.textValue()), body);
        flowReferences.requireExisting(caller.tenantId(), FlowReferences.of(definition));
        requireKnowledgeBase(caller.tenantId(), definition);
        Bot bot = new Bot();
        bot.id = Ids.generate(ID_PREFIX);
        bot.tenantId = caller.tenantId();
        bot.status = BotStatus.INACTIVE;
        bot.createdBy = caller.subject();
        bot.define(definition);
        String secret = issueSecretIfExternal(bot);
        bots.persist(bot);
        if (definition.channelIds() != null) {
            bots.flush();
            bot.define(definition.withChannelIds(channels.bindExactly(bot, definition.channelIds())));
        }
        changes.announce(bot, BotEvent.CREATED, null);
        return new CreatedBot(bot, secret);
    }

    /** Merges {@code patch} into the bot as an RFC 7386 merge patch; {@code config} and {@code behaviors} merge deeply. */
    @Transactional
    public CreatedBot update(String id, ObjectNode patch) {
        Bot bot = owned(id);
        BotDefinition definition = definitions.merge(definitions.toDocument(bot.definition), patch);
        flowReferences.requireExisting(bot.tenantId, FlowReferences.of(definition));
        requireKnowledgeBase(bot.tenantId, definition);
        if (patch.has("channelIds")) {
            definition = definition.withChannelIds(channels.bindExactly(bot, definition.channelIds()));
        }
        bot.define(definition);
        bot.touch();
        String secret = issueSecretIfExternal(bot);
        changes.announce(bot, BotEvent.UPDATED, null);
        return new CreatedBot(bot, secret);
    }

    /**
     * Replaces the bot's whole definition with {@code body} (what it leaves out is removed, its channels included);
     * what the platform decides about a bot, which a client may copy from a GET, is ignored.
     */
    @Transactional
    public CreatedBot replace(String id, ObjectNode body) {
        Bot bot = owned(id);
        ObjectNode request = body.deepCopy();
        request.remove(PLATFORM_ATTRIBUTES);
        BotDefinition definition = definitions.merge(request.objectNode(), request);
        flowReferences.requireExisting(bot.tenantId, FlowReferences.of(definition));
        requireKnowledgeBase(bot.tenantId, definition);
        definition = definition.withChannelIds(channels.bindExactly(bot, definition.channelIds()));
        bot.define(definition);
        bot.touch();
        String secret = issueSecretIfExternal(bot);
        changes.announce(bot, BotEvent.UPDATED, null);
        return new CreatedBot(bot, secret);
    }

    @Transactional
    public void delete(String id) {
        Bot bot = owned(id);
        if (bot.status == BotStatus.ACTIVE) {
            throw ProblemException.badRequest("BOT_IS_ACTIVE", "Deactivate the bot before deleting it.");
        }
        channels.releaseAll(bot);
        changes.announceDeleted(bot);
        bots.delete(bot);
    }

    @Transactional
    public Bot activate(String id) {
        Bot bot = owned(id);
        if (bot.status == BotStatus.ACTIVE) {
            return bot;
        }
        if (bot.status == BotStatus.TRAINING) {
            throw ProblemException.conflict("BOT_IS_TRAINING", "The bot can be activated when its training ends.");
        }
        bot.status = BotStatus.ACTIVE;
        bot.activatedAt = Instant.now();
        bot.updatedAt = bot.activatedAt;
        changes.announce(bot, BotEvent.ACTIVATED, null);
        return bot;
    }

    /**
     * Takes the bot out of service. Its open conversations move to {@code transferTo} (another bot, an agent or a
     * team of the tenant, agents and teams as routing-service knows them); conversation-service and routing-service
     * act on the {@code bot.deactivated} event. {@code toHandOver}: counts, under the bot's lock, the open
     * conversations {@code transferTo} takes over (asked of conversation-service, which hands them over when the
     * {@code bot.deactivated} event reaches it).
     */
    @Transactional
    public Deactivation deactivate(String id, String transferTo, String reason, IntSupplier toHandOver) {
        Bot bot = owned(id);
        checkTransferTarget(bot, transferTo);
        if (reason != null && reason.length() > 500) {
            throw ProblemException.validation("reason", "size must be between 0 and 500");
        }
        int handedOver = 0;
        if (bot.status != BotStatus.INACTIVE) {
            handedOver = transferTo == null ? 0 : toHandOver.getAsInt();
            bot.status = BotStatus.INACTIVE;
            bot.deactivatedAt = Instant.now();
            bot.updatedAt = bot.deactivatedAt;
            changes.announce(bot, BotEvent.DEACTIVATED, new BotEvent.Deactivation(transferTo, reason));
        }
        return new Deactivation(bot, handedOver);
    }

    /** Another tenant's or an unknown bot, agent or team is refused alike: a 400 naming {@code transferTo}. */
    private void checkTransferTarget(Bot bot, String transferTo) {
        if (transferTo == null) {
            return;
        }
        if (Ids.looksLike(ID_PREFIX, transferTo)) {
            if (transferTo.equals(bot.id) || bots.findOwned(bot.tenantId, transferTo).isEmpty()) {
                throw ProblemException.validation("transferTo", "is not another bot of this tenant");
            }
        } else if (Ids.looksLike("agt", transferTo)) {
            if (!routing.agentExists(bot.tenantId, transferTo)) {
                throw ProblemException.validation("transferTo", "is not an agent of this tenant");
            }
        } else if (Ids.looksLike("team", transferTo)) {
            if (!routing.teamExists(bot.tenantId, transferTo)) {
                throw ProblemException.validation("transferTo", "is not a team of this tenant");
            }
        } else {
            throw ProblemException.validation("transferTo", "must be the id of a bot, agent or team");
        }
    }

    /** The caller's bot, locked for the change this transaction makes. */
    private Bot owned(String id) {
        return bots.findOwnedForUpdate(caller.tenantId(), id).orElseThrow(() -> BotChanges.botNotFound(id));
    }

    private void requireKnowledgeBase(String tenantId, BotDefinition definition) {
        String kb = definition.knowledgeBaseId();
        if (kb != null && knowledgeBases.findOwned(tenantId, kb).isEmpty()) {
            throw new ProblemException(404, "KNOWLEDGE_BASE_NOT_FOUND", "Not found", "Knowledge base " + kb + " does not exist.",
                    List.of(new FieldError("knowledgeBaseId", "knowledge base " + kb
                            + " does not exist")), Map.of());
        }
    }

    /** External bots and bots with a fulfilment webhook sign what the engine sends them with this secret. */
    private String issueSecretIfExternal(Bot bot) {
        boolean calledOut = bot.definition.typeOrDefault() == BotType.EXTERNAL || Boolean.TRUE.equals(bot.definition.webhookEnabled());
        if (!calledOut || bot.secretCiphertext != null) {
            return null;
        }
        String secret = "bsk_" + Ids.random(40);
        bot.secretCiphertext = cipher.encrypt(secret);
        return secret;
    }
}
