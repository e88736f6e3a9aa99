package dev.parley.conversation.service;

import dev.parley.conversation.channel.ChannelSender;
import dev.parley.conversation.channel.WebchatFanout;
import dev.parley.conversation.repository.MessageRepository;
import dev.parley.platform.transaction.GroupCommit;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Collections;
import java.util.List;

/**
 * Records replies as sent once their channel accepted them, by group commit: every reply accepted while the previous
 * commit ran is marked in the next one (one statement, one commit for all of them), and each caller returns once its
 * mark is committed. The window between a channel's answer and Parley knowing it sent the reply is one local commit,
 * however many conversations are delivering at once. A webchat reply's announcement to the replicas' event streams
 * ({@link WebchatFanout}) is sent by the same commit.
 */
@ApplicationScoped
public class SentRecorder {

    private record Mark(String messageId, String platformId, String announcement) {
    }

    private final GroupCommit<Mark, Boolean> group;

    public SentRecorder(MessageRepository messages) {
        this.group = new GroupCommit<>("sent-recorder", 512, batch -> {
            List<String> ids = batch.stream().map(Mark::messageId).toList();
            List<String> platformIds = batch.stream().map(Mark::platformId).toList();
            List<String> announcements = batch.stream().map(Mark::announcement).toList();
            messages.markSent(ids, platformIds, WebchatFanout.CHANNEL, announcements);
            return Collections.nCopies(batch.size(), Boolean.TRUE);
        });
    }

    void start(@Observes StartupEvent event) {
        group.start();
    }

    void stop(@Observes ShutdownEvent event) throws InterruptedException {
        group.stop();
    }

    /**
     * Marks the reply sent (with the platform's id for it, if any) and returns once that is committed, with the
     * channel's {@code announcement} if it has one ({@link ChannelSender#announcementWhenSent}); throws when it could
     * not be recorded.
     */
    public void record(String messageId, String platformId, String announcement) {
        group.submit(new Mark(messageId, platformId, announcement));
    }
}
