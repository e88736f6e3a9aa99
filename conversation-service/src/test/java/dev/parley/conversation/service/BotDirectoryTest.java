package dev.parley.conversation.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.parley.conversation.testing.EngineTestBase;
import dev.parley.conversation.testing.TestBot;
import dev.parley.events.bot.KeywordRule;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Issue 16: the bot and channel binding every inbound message and every delivery looks up are kept in memory. When
 * their freshness ({@code bot-cache-revalidate}, 1 s in tests) runs out on a busy replica, the requests go on with what
 * was read while one background read checks it, instead of each reading it on its own path; another replica's change
 * is still picked up.
 */
@QuarkusTest
class BotDirectoryTest extends EngineTestBase {

    @Inject
    ChannelDirectory channels;
    @Inject
    AgroalDataSource database;

    @Test
    void aBotPastItsFreshnessIsAnsweredFromMemoryWhileOneBackgroundReadPicksUpAnotherReplicasChange()
            throws Exception {
        TestBot bot = new TestBot();
        bot.rules.add(TestBot.textRule("hi", 1, KeywordRule.MatchType.CONTAINS, "hello", "hi"));
        String channel = publishWithWebhook(bot);
        assertThat(servedVersion(channel)).contains(1L);

        // another replica applies version 2: the row changes and this replica hears nothing of it
        bot.version = 2;
        String snapshot = json.valueToTree(bot.snapshot()).toString();
        try (Connection c = database.getConnection();
                PreparedStatement update = c.prepareStatement(
                        "update bot_config set version = 2, snapshot = ? where bot_id = ?")) {
            update.setString(1, snapshot);
            update.setString(2, bot.id);
            assertThat(update.executeUpdate()).isEqualTo(1);
        }
        Thread.sleep(1_100); // past bot-cache-revalidate, within twice it

        try (Connection lock = database.getConnection()) {
            lock.setAutoCommit(false);
            try (Statement s = lock.createStatement()) {
                s.execute("lock table bot_config, channel_binding in access exclusive mode");
            }
            // a read on the caller's path would wait for the lock: the held bot is answered without one
            Optional<Long> meanwhile = CompletableFuture.supplyAsync(() -> servedVersion(channel))
                    .get(1, TimeUnit.SECONDS);
            assertThat(meanwhile).contains(1L);
            lock.rollback();
        }
        // the background read, held up by the lock until now, brings version 2
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50))
                .until(() -> servedVersion(channel).orElse(0L) == 2L);
    }

    private Optional<Long> servedVersion(String channel) {
        return channels.find(channel).map(resolved -> resolved.bot().version());
    }
}
