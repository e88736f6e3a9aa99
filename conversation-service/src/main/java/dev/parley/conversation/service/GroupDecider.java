package dev.parley.conversation.service;

import dev.parley.platform.transaction.GroupCommit;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Group commit of decisions: the conversations whose lanes asked while the previous transaction ran are decided
 * together in the next one ({@link ConversationProcessor#drainTogether}), so a busy replica pays one transaction and
 * a handful of statements for dozens of conversations instead of a transaction and a dozen statements each. Each lane
 * waits for its own conversation's result; a conversation the group leaves out, or a group that fails (rolled back:
 * nothing of it happened), is answered {@code null}, and the lane decides it alone ({@link ConversationProcessor#drain}).
 */
@ApplicationScoped
public class GroupDecider {

    private static final Logger LOG = Logger.getLogger(GroupDecider.class);

    private final GroupCommit<String, ConversationProcessor.Decided> group;

    public GroupDecider(ConversationProcessor processor) {
        this.group = new GroupCommit<>("group-decider", 128, conversationIds -> {
            Set<String> distinct = new LinkedHashSet<>(conversationIds);
            Map<String, ConversationProcessor.Decided> decided;
            try {
                decided = QuarkusTransaction.requiringNew().call(() -> processor.drainTogether(distinct));
            } catch (RuntimeException e) {
                LOG.warnf("Deciding %d conversations together failed; each is decided alone: %s", distinct.size(),
                        e.getMessage());
                decided = Map.of();
            }
            // a conversation asked for twice (lanes keep that from happening) gets its decision once
            Map<String, ConversationProcessor.Decided> answers = new HashMap<>(decided);
            Set<String> answered = new HashSet<>();
            return conversationIds.stream().map(id -> answered.add(id) ? answers.get(id)
                    : answers.containsKey(id) ? ConversationProcessor.Decided.NOTHING : null).toList();
        });
    }

    void start(@Observes StartupEvent event) {
        group.start();
    }

    void stop(@Observes ShutdownEvent event) throws InterruptedException {
        group.stop();
    }

    /**
     * Decides the conversation's waiting messages in the next group and returns what was decided (committed), or
     * null when the caller must decide it alone.
     */
    public ConversationProcessor.Decided decide(String conversationId) {
        if (!group.running()) {
            return null;
        }
        try {
            return group.submit(conversationId);
        } catch (IllegalStateException e) {
            return null;
        }
    }
}
