package dev.parley.conversation.channel;

import dev.parley.events.bot.Channel;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;

/** Webchat: the reply is pushed to the visitor's open event stream (server-sent events). */
@ApplicationScoped
public class WebchatSender implements ChannelSender {

    private final WebchatHub hub;

    public WebchatSender(WebchatHub hub) {
        this.hub = hub;
    }

    @Override
    public Channel.Type type() {
        return Channel.Type.WEBCHAT;
    }

    @Override
    public String send(Delivery d) {
        hub.push(d.contactId(), new WebchatHub.WebchatMessage(d.messageId(), d.conversationId(), d.sender(), d.text(),
                d.buttons(), Instant.now()));
        return null;
    }
}
