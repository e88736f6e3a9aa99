package dev.parley.conversation.channel;

import dev.parley.events.bot.Channel;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Webchat: the reply is already stored; sending it means telling every replica's event streams of the visitor to
 * look ({@link WebchatFanout}), wherever the visitor is connected: this replica's at once, the others' by the
 * notification the commit recording it sent carries. A visitor with no stream open reads it from the
 * session's history, and a stream that reconnects resumes from its last event id.
 */
@ApplicationScoped
public class WebchatSender implements ChannelSender {

    private final WebchatFanout fanout;

    public WebchatSender(WebchatFanout fanout) {
        this.fanout = fanout;
    }

    @Override
    public Channel.Type type() {
        return Channel.Type.WEBCHAT;
    }

    @Override
    public String send(Delivery d) {
        fanout.wakeHere(d.contactId());
        return null;
    }

    @Override
    public String announcementWhenSent(Delivery d) {
        return fanout.announcementFromHere(d.contactId());
    }
}
