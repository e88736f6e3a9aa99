package dev.parley.bot.service.channels;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.bot.Bot;
import dev.parley.bot.ChannelConnection;
import dev.parley.bot.messaging.BotEvents;
import dev.parley.bot.repository.ChannelRepository;
import dev.parley.bot.service.parts.BotChanges;
import dev.parley.bot.service.validation.ConfigDocuments;
import dev.parley.events.bot.Channel;
import dev.parley.events.bot.ChannelEvent;
import dev.parley.platform.crypto.SecretCipher;
import dev.parley.platform.id.Ids;
import dev.parley.platform.json.JsonNames;
import dev.parley.platform.outbound.OutboundGuard;
import dev.parley.platform.outbound.OutboundRefusedException;
import dev.parley.platform.paging.Page;
import dev.parley.platform.paging.PageRequest;
import dev.parley.platform.problem.FieldChecks;
import dev.parley.platform.problem.FieldError;
import dev.parley.platform.problem.ProblemException;
import dev.parley.platform.security.CurrentCaller;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Channels a tenant connects (webchat, WhatsApp, Telegram, generic webhook). Credentials are encrypted on arrival and
 * never answered again (secrets Parley generates are shown once, on creation). A channel serves at most one bot;
 * binding, unbinding and any change to a bound channel republish the bot's snapshot, and a channel that stops
 * serving emits {@code channel.disconnected}.
 */
@ApplicationScoped
public class ChannelService {

    static final String ID_PREFIX = "ch";

    /** What a client sends to create or change a channel. */
    public record ChannelRequest(Channel.Type type, String name, Map<String, String> settings,
            Map<String, String> credentials, String botId) {
    }

    /** A channel and the secrets generated for it, which this answer alone shows. */
    public record SavedChannel(ChannelConnection channel, Map<String, String> generatedCredentials) {
    }

    /** Webchat: an allowed origin ({@code https://shop.example}, {@code https://*.example.com}), a colour, a position. */
    private static final Pattern ORIGIN = Pattern.compile("https?://(\\*\\.)?[a-z0-9.-]+(:\\d{1,5})?");
    private static final Pattern COLOR = Pattern.compile("#([0-9a-fA-F]{3}|[0-9a-fA-F]{6})");
    private static final Pattern TELEGRAM_TOKEN = Pattern.compile("\\d{5,15}:[A-Za-z0-9_-]{30,50}");

    private final ChannelRepository channels;
    private final BotChanges changes;
    private final ConfigDocuments documents;
    private final SecretCipher cipher;
    private final OutboundGuard guard;
    private final BotEvents events;
    private final ObjectMapper json;
    private final CurrentCaller caller;

    public ChannelService(ChannelRepository channels, BotChanges changes, ConfigDocuments documents, SecretCipher cipher,
            OutboundGuard guard, BotEvents events, ObjectMapper json, CurrentCaller caller) {
        this.channels = channels;
        this.changes = changes;
        this.documents = documents;
        this.cipher = cipher;
        this.guard = guard;
        this.events = events;
        this.json = json;
        this.caller = caller;
    }

    @Transactional
    public Page<ChannelConnection> list(Channel.Type type, String botId, PageRequest page) {
        return channels.search(caller.tenantId(), type, botId, page);
    }

    @Transactional
    public ChannelConnection get(String id) {
        return channels.findOwned(caller.tenantId(), id).orElseThrow(() -> notFound(id));
    }

    @Transactional
    public Page<ChannelConnection> listForBot(String botId, PageRequest page) {
        Bot bot = changes.owned(botId);
        return channels.search(bot.tenantId, null, bot.id, page);
    }

    /** A new channel bound to the caller's bot in one call ({@code POST /v1/bots/{id}/channels} without a channelId). */
    @Transactional
    public SavedChannel createFor(String botId, ObjectNode body) {
        changes.owned(botId);
        return create(body);
    }

    @Transactional
    public SavedChannel create(ObjectNode body) {
        ChannelRequest request = documents.read(shape(body), ChannelRequest.class);
        FieldChecks checks = new FieldChecks();
        checks.required("type", request.type());
        checks.throwIfAny();
        Map<String, String> credentials = new TreeMap<>(request.credentials() == null ? Map.of() : request.credentials());
        Map<String, String> generated = new LinkedHashMap<>();
        String generatedKey = request.type().generatedSecret();
        if (generatedKey != null && isBlank(credentials.get(generatedKey))) {
            String secret = Ids.random(32);
            credentials.put(generatedKey, secret);
            generated.put(generatedKey, secret);
        }
        Map<String, String> settings = request.settings() == null ? Map.of() : request.settings();
        check(request.type(), request.name(), settings, credentials);

        ChannelConnection channel = new ChannelConnection();
        channel.id = Ids.generate(ID_PREFIX);
        channel.tenantId = caller.tenantId();
        channel.type = request.type();
        channel.name = request.name();
        channel.settings = new TreeMap<>(settings);
        channel.credentialsCiphertext = encrypt(credentials);
        channel.status = Channel.Status.DISCONNECTED;
        channels.persist(channel);
        if (request.botId() != null) {
            bind(request.botId(), channel.id);
        }
        return new SavedChannel(channel, generated);
    }

    /** Name and settings merge; {@code credentials}, when sent, replace the stored ones whole. */
    @Transactional
    public ChannelConnection update(String id, ObjectNode body) {
        ObjectNode doc = shape(body);
        ChannelConnection channel = channels.findOwnedForUpdate(caller.tenantId(), id).orElseThrow(() -> notFound(id));
        if (doc.has("type") && channel.type != documents.read(doc, ChannelRequest.class).type()) {
            throw ProblemException.validation("type", "cannot change; create another channel");
        }
        if (doc.has("botId")) {
            throw ProblemException.validation("botId", "bind and unbind through /v1/bots/{id}/channels");
        }
        ChannelRequest request = documents.read(doc, ChannelRequest.class);
        String name = doc.has("name") ? request.name() : channel.name;
        Map<String, String> settings = new TreeMap<>(channel.settings);
        if (request.settings() != null) {
            request.settings().forEach((k, v) -> {
                if (v == null) {
                    settings.remove(k);
                } else {
                    settings.put(k, v);
                }
            });
        }
        Map<String, String> credentials = request.credentials() != null ? new TreeMap<>(request.credentials())
                : decrypt(channel.credentialsCiphertext);
        String generatedKey = channel.type.generatedSecret();
        if (generatedKey != null && isBlank(credentials.get(generatedKey))) {
            // keep the secret Parley generated unless the client replaces it
            String kept = decrypt(channel.credentialsCiphertext).get(generatedKey);
            if (kept != null) {
                credentials.put(generatedKey, kept);
            }
        }
        check(channel.type, name, settings, credentials);
        channel.name = name;
        channel.settings = settings;
        channel.credentialsCiphertext = encrypt(credentials);
        channel.touch();
        republishBound(channel);
        return channel;
    }

    @Transactional
    public void delete(String id) {
        ChannelConnection channel = channels.findOwnedForUpdate(caller.tenantId(), id).orElseThrow(() -> notFound(id));
        if (channel.botId != null) {
            Bot bot = changes.lockOwned(channel.botId);
            release(channel, "channel deleted");
            channels.delete(channel);
            syncBot(bot);
            return;
        }
        channels.delete(channel);
    }

    @Transactional
    public ChannelConnection bind(String botId, String channelId) {
        Bot bot = changes.lockOwned(botId);
        ChannelConnection channel = channels.findOwnedForUpdate(bot.tenantId, channelId).orElseThrow(() -> notFound(channelId));
        if (bot.id.equals(channel.botId)) {
            return channel;
        }
        if (channel.botId != null) {
            throw ProblemException.conflict("CHANNEL_ALREADY_BOUND", "Channel " + channelId + " serves bot " + channel.botId
                    + "; unbind it there first (a channel serves one bot).");
        }
        attach(channel, bot);
        syncBot(bot);
        return channel;
    }

    @Transactional
    public void unbind(String botId, String channelId) {
        Bot bot = changes.lockOwned(botId);
        ChannelConnection channel = channels.findOwnedForUpdate(bot.tenantId, channelId)
                .filter(c -> bot.id.equals(c.botId)).orElseThrow(() -> notFound(channelId));
        release(channel, "unbound from the bot");
        syncBot(bot);
    }

    /** Marks a channel as not serving (credentials revoked, number disabled); the binding stays. */
    @Transactional
    public ChannelConnection disconnect(String id, String reason) {
        ChannelConnection channel = channels.findOwnedForUpdate(caller.tenantId(), id).orElseThrow(() -> notFound(id));
        if (reason != null && reason.length() > 500) {
            throw ProblemException.validation("reason", "must be at most 500 characters");
        }
        if (channel.status == Channel.Status.DISCONNECTED) {
            return channel;
        }
        channel.status = Channel.Status.DISCONNECTED;
        channel.statusReason = reason == null ? "disconnected by the tenant" : reason;
        channel.touch();
        events.channel(channel, ChannelEvent.DISCONNECTED, channel.botId);
        republishBound(channel);
        return channel;
    }

    @Transactional
    public ChannelConnection connect(String id) {
        ChannelConnection channel = channels.findOwnedForUpdate(caller.tenantId(), id).orElseThrow(() -> notFound(id));
        if (channel.botId == null) {
            throw ProblemException.conflict("CHANNEL_NOT_BOUND", "Bind the channel to a bot before connecting it.");
        }
        if (channel.status == Channel.Status.CONNECTED) {
            return channel;
        }
        channel.status = Channel.Status.CONNECTED;
        channel.statusReason = null;
        channel.touch();
        events.channel(channel, ChannelEvent.CONNECTED, channel.botId);
        republishBound(channel);
        return channel;
    }

    /**
     * Makes {@code ids} exactly the channels the bot serves (the bot's {@code channelIds} on create or PATCH). The bot
     * is locked by the caller, who also publishes its snapshot.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public List<String> bindExactly(Bot bot, List<String> ids) {
        List<String> wanted = ids == null ? List.of() : ids;
        List<FieldError> missing = new ArrayList<>();
        List<ChannelConnection> found = new ArrayList<>();
        for (int i = 0; i < wanted.size(); i++) {
            var channel = channels.findOwnedForUpdate(bot.tenantId, wanted.get(i));
            if (channel.isEmpty()) {
                missing.add(new FieldError("channelIds[" + i + "]", "channel " + wanted.get(i) + " does not exist"));
            } else {
                found.add(channel.get());
            }
        }
        if (!missing.isEmpty()) {
            throw new ProblemException(404, "CHANNEL_NOT_FOUND", "Not found", "The bot names channels that do not exist.",
                    missing, Map.of());
        }
        for (ChannelConnection channel : found) {
            if (channel.botId != null && !channel.botId.equals(bot.id)) {
                throw ProblemException.conflict("CHANNEL_ALREADY_BOUND", "Channel " + channel.id + " serves bot "
                        + channel.botId + "; unbind it there first (a channel serves one bot).");
            }
        }
        for (ChannelConnection channel : channels.boundTo(bot.id)) {
            if (!wanted.contains(channel.id)) {
                release(channel, "unbound from the bot");
            }
        }
        for (ChannelConnection channel : found) {
            if (channel.botId == null) {
                attach(channel, bot);
            }
        }
        channels.flush();
        return channels.boundTo(bot.id).stream().map(c -> c.id).toList();
    }

    /** Before a bot is deleted: its channels stop serving it. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void releaseAll(Bot bot) {
        channels.boundTo(bot.id).forEach(channel -> release(channel, "bot deleted"));
        channels.flush();
    }

    private void attach(ChannelConnection channel, Bot bot) {
        channel.botId = bot.id;
        channel.status = Channel.Status.CONNECTED;
        channel.statusReason = null;
        channel.touch();
        events.channel(channel, ChannelEvent.CONNECTED, bot.id);
    }

    private void release(ChannelConnection channel, String reason) {
        String botId = channel.botId;
        channel.botId = null;
        boolean wasConnected = channel.status == Channel.Status.CONNECTED;
        channel.status = Channel.Status.DISCONNECTED;
        channel.statusReason = reason;
        channel.touch();
        if (wasConnected) {
            events.channel(channel, ChannelEvent.DISCONNECTED, botId);
        }
    }

    /** The bot's {@code channelIds} follow its bindings, and its snapshot is republished. */
    private void syncBot(Bot bot) {
        channels.flush();
        bot.define(bot.definition.withChannelIds(channels.boundTo(bot.id).stream().map(c -> c.id).toList()));
        changes.republish(bot);
    }

    private void republishBound(ChannelConnection channel) {
        if (channel.botId != null) {
            channels.flush();
            changes.republishAll(channel.tenantId, List.of(channel.botId));
        }
    }

    private void check(Channel.Type type, String name, Map<String, String> settings, Map<String, String> credentials) {
        FieldChecks checks = new FieldChecks();
        if (checks.required("name", name)) {
            checks.maxLength("name", name, 100);
        }
        if (settings.size() > 20) {
            checks.add("settings", "must have at most 20 entries");
        }
        settings.forEach((k, v) -> checks.maxLength("settings." + k, v, 2048));
        for (String key : type.requiredSettings()) {
            checks.required("settings." + key, settings.get(key));
        }
        // the names conversation-service reads (Channel.Secrets), one contract in events/
        Set<String> allowed = new TreeSet<>(type.requiredSecrets());
        allowed.add(type.generatedSecret());
        for (String key : credentials.keySet()) {
            if (!allowed.contains(key)) {
                checks.add("credentials." + key, allowed.isEmpty() ? "a " + JsonNames.of(type) + " channel takes no credentials"
                        : "is not a " + JsonNames.of(type) + " credential; allowed: " + String.join(", ", allowed));
            }
            checks.maxLength("credentials." + key, credentials.get(key), 4096);
        }
        for (String key : type.requiredSecrets()) {
            checks.required("credentials." + key, credentials.get(key));
        }
        if (type == Channel.Type.TELEGRAM && credentials.get("botToken") != null
                && !TELEGRAM_TOKEN.matcher(credentials.get("botToken")).matches()) {
            checks.add("credentials.botToken", "must be a Telegram bot token (digits:characters), as BotFather gives it");
        }
        if (type == Channel.Type.WEBCHAT) {
            for (String origin : ChannelConnection.origins(settings.get("allowedOrigins"))) {
                if (!ORIGIN.matcher(origin).matches()) {
                    checks.add("settings.allowedOrigins", origin + " is not an origin such as https://shop.example "
                            + "(scheme and host, no path)");
                }
            }
            for (String key : List.of("primaryColor", "textColor")) {
                if (settings.get(key) != null && !COLOR.matcher(settings.get(key)).matches()) {
                    checks.add("settings." + key, "must be a hex colour such as #3557d4");
                }
            }
            if (settings.get("position") != null && !Set.of("left", "right").contains(settings.get("position"))) {
                checks.add("settings.position", "must be left or right");
            }
            String avatar = settings.get("avatarUrl");
            if (avatar != null && !avatar.startsWith("https://") && !avatar.startsWith("/")
                    && !avatar.startsWith("data:image/")) {
                checks.add("settings.avatarUrl", "must be an https URL, a path on the platform or a data:image URI");
            }
        }
        if (type == Channel.Type.WEBHOOK && settings.get(Channel.Webhook.OUTBOUND_URL) != null) {
            try {
                guard.check(settings.get(Channel.Webhook.OUTBOUND_URL));
            } catch (OutboundRefusedException e) {
                checks.add("settings." + Channel.Webhook.OUTBOUND_URL, e.getMessage());
            }
        }
        checks.throwIfAny();
    }

    private ObjectNode shape(ObjectNode body) {
        ObjectNode doc = documents.camelCase(body);
        doc.remove("id");
        if (doc.path("settings").path("allowedOrigins").isArray()) { // a list, stored as one space-separated value
            List<String> origins = new ArrayList<>();
            doc.path("settings").path("allowedOrigins").forEach(o -> origins.add(o.asText().strip().toLowerCase()));
            ((ObjectNode) doc.get("settings")).put("allowedOrigins", String.join(" ", origins));
        }
        return doc;
    }

    private String encrypt(Map<String, String> credentials) {
        try {
            return cipher.encrypt(json.writeValueAsString(credentials));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The stored credentials, for this service's own use only. */
    public Map<String, String> decrypt(String ciphertext) {
        if (ciphertext == null) {
            return new TreeMap<>();
        }
        try {
            return new TreeMap<>(json.readValue(cipher.decrypt(ciphertext), new TypeReference<Map<String, String>>() {
            }));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }

    static ProblemException notFound(String id) {
        return ProblemException.notFound("CHANNEL_NOT_FOUND", "Channel " + id + " does not exist.");
    }
}
