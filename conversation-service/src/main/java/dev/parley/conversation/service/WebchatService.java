package dev.parley.conversation.service;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.parley.conversation.Contact;
import dev.parley.conversation.Conversation;
import dev.parley.conversation.Message;
import dev.parley.conversation.channel.InboundMessage;
import dev.parley.conversation.channel.Signatures;
import dev.parley.conversation.channel.WebchatHub;
import dev.parley.conversation.channel.WebchatMessage;
import dev.parley.conversation.repository.ContactRepository;
import dev.parley.conversation.repository.ConversationRepository;
import dev.parley.conversation.repository.MessageRepository;
import dev.parley.events.bot.BotBehaviors;
import dev.parley.events.bot.Button;
import dev.parley.events.bot.Channel;
import dev.parley.platform.id.Ids;
import dev.parley.platform.problem.ProblemException;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Webchat visitors: a session (a contact on the webchat channel) with a token the widget keeps; only a hash of the
 * token is stored. Messages go through the same inbound path as every channel. A page may open the widget only from
 * an origin the channel allows ({@link #checkOrigin}). A website that knows its user passes {@code userId} and
 * {@code userHash} (hex HMAC-SHA256 of the id with the channel's {@code identitySecret}); that user has one contact
 * on the channel, and its token is derived from the secret, so every device gets the same conversation.
 */
@ApplicationScoped
public class WebchatService {

    public record VisitorSession(Contact contact, String token) {
    }

    /** What the widget shows before the first message: the channel's looks and words, and the bot's greeting. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record WidgetSettings(String channelId, String botName, String language, String title, String primaryColor,
            String textColor, String position, String avatarUrl, String welcomeText, Greeting greeting,
            boolean identityVerification) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Greeting(String message, List<Button> buttons) {
    }

    /** The visitor's messages and where a live stream continues from ({@code lastEventId}). */
    public record History(List<WebchatMessage> messages, WebchatHub.WebchatState conversation, long lastEventId) {
    }


    private final ChannelDirectory channels;
    private final ContactRepository contacts;
    private final ConversationRepository conversations;
    private final MessageRepository messages;
    private final InboundService inbound;
    private final WebchatHub hub;

    public WebchatService(ChannelDirectory channels, ContactRepository contacts, ConversationRepository conversations,
            MessageRepository messages, InboundService inbound, WebchatHub hub) {
        this.channels = channels;
        this.contacts = contacts;
        this.conversations = conversations;
        this.messages = messages;
        this.inbound = inbound;
        this.hub = hub;
    }

    /** The webchat channel, refused (403 {@code ORIGIN_NOT_ALLOWED}) to a page of an origin the channel does not allow. */
    public ResolvedChannel channel(String channelId, String origin, String ownOrigin) {
        ResolvedChannel channel = channels.require(channelId, Channel.Type.WEBCHAT);
        checkOrigin(channel.channel(), origin, ownOrigin);
        return channel;
    }

    public WidgetSettings settings(ResolvedChannel resolved) {
        Channel ch = resolved.channel();
        Channel.Webchat w = ch.webchat() != null ? ch.webchat() : new Channel.Webchat(null, null, null, null, null, null, null);
        BotBehaviors.Greeting g = resolved.bot().behaviors().greeting();
        Greeting greeting = g != null && !Boolean.FALSE.equals(g.enabled()) && g.message() != null
                ? new Greeting(g.message(), g.buttons() == null || g.buttons().isEmpty() ? null : g.buttons()) : null;
        boolean verification = channels.credentials(ch).identitySecret() != null;
        return new WidgetSettings(ch.id(), resolved.bot().snapshot().name(), resolved.bot().snapshot().language(),
                w.title(), w.primaryColor(), w.textColor(), w.position(), w.avatarUrl(), w.welcomeText(), greeting,
                verification);
    }

    /**
     * A new anonymous visitor, or (with {@code userId}) the website's signed-in user, whose {@code userHash} must be
     * the HMAC of the id with the channel's identity secret (403 {@code USER_HASH_INVALID} otherwise).
     */
    public VisitorSession open(ResolvedChannel channel, String name, String userId, String userHash) {
        if (userId == null) {
            String token = "wct_" + Ids.random(40);
            Contact contact = new Contact();
            contact.id = Ids.generate("ct");
            contact.tenantId = channel.tenantId();
            contact.channelId = channel.channel().id();
            contact.externalId = Ids.generate("vis");
            contact.name = name;
            contact.visitorTokenHash = hash(token);
            QuarkusTransaction.requiringNew().run(() -> contacts.persist(contact));
            return new VisitorSession(contact, token);
        }
        String secret = channels.credentials(channel.channel()).identitySecret();
        if (secret == null) {
            throw ProblemException.forbidden("IDENTITY_NOT_ENABLED",
                    "Channel " + channel.channel().id() + " has no identity secret, so it cannot verify userId.");
        }
        String expected = Signatures.hmacHex(secret, userId.getBytes(StandardCharsets.UTF_8));
        if (userHash == null || !Signatures.same(expected, userHash.trim().toLowerCase(Locale.ROOT))) {
            throw ProblemException.forbidden("USER_HASH_INVALID", "userHash is not the HMAC-SHA256 of userId with the "
                    + "channel's identity secret.");
        }
        return QuarkusTransaction.requiringNew().call(() -> {
            Contact draft = new Contact();
            draft.id = Ids.generate("ct");
            draft.tenantId = channel.tenantId();
            draft.channelId = channel.channel().id();
            draft.externalId = "usr:" + userId;
            draft.name = name;
            Contact contact = contacts.findById(contacts.upsertLocked(draft));
            // the same token on every device: derived from the secret and the contact, never stored in clear
            String token = "wct_" + Base64.getUrlEncoder().withoutPadding().encodeToString(HexFormat.of()
                    .parseHex(Signatures.hmacHex(secret, ("webchat-session:" + contact.id).getBytes(StandardCharsets.UTF_8))));
            contact.visitorTokenHash = hash(token);
            return new VisitorSession(contact, token);
        });
    }

    /** The visitor behind a session id and token; 404 for anything that does not match, so ids cannot be probed. */
    public ContactRepository.Visitor visitor(String sessionId, String token) {
        ContactRepository.Visitor visitor = contacts.visitor(sessionId).orElse(null);
        if (visitor == null || visitor.tokenHash() == null || token == null
                || !Signatures.same(visitor.tokenHash(), hash(token))) {
            throw ProblemException.notFound("SESSION_NOT_FOUND", "Webchat session " + sessionId + " does not exist.");
        }
        return visitor;
    }

    /** The session's channel id, or null: the event stream's CORS preflight answers per channel. */
    public Optional<String> channelOfSession(String sessionId) {
        return contacts.visitor(sessionId).map(ContactRepository.Visitor::channelId);
    }

    public InboundService.Accepted send(ContactRepository.Visitor visitor, String clientMessageId, String text,
            String buttonId) {
        ResolvedChannel channel = channels.require(visitor.channelId(), Channel.Type.WEBCHAT);
        return inbound.receive(channel, new InboundMessage(clientMessageId != null ? clientMessageId : Ids.generate("wcm"),
                visitor.externalId(), visitor.name(), text != null ? text : buttonId, buttonId));
    }

    /**
     * The visitor's current conversation, oldest message first, buttons included: what an event stream opened late
     * missed. Replies still on their way are included; {@code lastEventId} (the newest outbound message's id) is where
     * a stream opened next continues, so nothing falls between the two.
     */
    public History history(ContactRepository.Visitor visitor) {
        return QuarkusTransaction.requiringNew().call(() -> {
            Optional<Conversation> current = conversations.currentOf(visitor.id());
            WebchatHub.WebchatState state = WebchatHub.WebchatState.of(current);
            List<Message> list = current.map(c -> messages.list("conversationId = ?1 and (direction = ?2 or deliveryStatus <> ?3)",
                    Sort.ascending("seq"), c.id, Message.Direction.inbound, Message.DeliveryStatus.failed)).orElse(List.of());
            long last = hub.lastOutboundSeq(visitor.id());
            return new History(list.stream().map(m -> hub.view(m, state.agentName())).toList(), state, last);
        });
    }

    /**
     * An origin may open the channel's widget when the channel allows any ({@code allowedOrigins} empty), lists it
     * ({@code https://*.example.com} allows the subdomains), or it is the platform's own. No {@code Origin} at all is
     * not a browser page of another site (a server, curl, a same-origin GET) and passes.
     */
    public static void checkOrigin(Channel channel, String origin, String ownOrigin) {
        if (origin == null || origin.isBlank() || allowed(channel, origin, ownOrigin)) {
            return;
        }
        throw ProblemException.forbidden("ORIGIN_NOT_ALLOWED", "Channel " + channel.id() + " may not be embedded on "
                + origin + "; add it to the channel's settings.allowedOrigins.");
    }

    static boolean allowed(Channel channel, String origin, String ownOrigin) {
        String o = origin.trim().toLowerCase(Locale.ROOT);
        if (ownOrigin != null && o.equals(ownOrigin.toLowerCase(Locale.ROOT))) {
            return true;
        }
        List<String> allowed = channel.webchat() == null ? List.of() : channel.webchat().allowedOrigins();
        if (allowed.isEmpty()) {
            return true;
        }
        for (String a : allowed) {
            String pattern = a.trim().toLowerCase(Locale.ROOT).replaceAll("/+$", "");
            int star = pattern.indexOf("://*.");
            if (pattern.equals(o) || (star > 0 && o.startsWith(pattern.substring(0, star + 3))
                    && o.endsWith(pattern.substring(star + 4)) && o.length() > pattern.length() - 1)) {
                return true;
            }
        }
        return false;
    }

    static String hash(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
