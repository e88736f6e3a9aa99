package dev.parley.llm.service.usage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parley.events.Topics;
import dev.parley.llm.Usage;
import dev.parley.platform.id.Ids;
import dev.parley.platform.testing.KafkaProbe;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * The usage writer on its own: a call's tokens count for its tenant until its row is written, the call is told it is
 * recorded only once the row is committed, every row is written once with its event and its tenant's total for the
 * UTC month, and a batch that fails is kept and written once it can be. The writer is held at a chosen moment by a test transaction that holds the tenant's {@code usage_month}
 * row (the writer's upsert waits for it), so nothing depends on timing.
 */
@QuarkusTest
class UsageWriterTest {

    @Inject
    UsageWriter writer;

    @Inject
    AgroalDataSource database;

    @Inject
    ObjectMapper json;

    static Usage call(String tenantId, int promptTokens, int completionTokens, Instant at) {
        Usage row = new Usage();
        row.tenantId = tenantId;
        row.botId = Ids.generate("bot");
        row.kind = "chat";
        row.provider = "openai";
        row.model = "gpt-4o-mini";
        row.promptTokens = promptTokens;
        row.completionTokens = completionTokens;
        row.totalTokens = promptTokens + completionTokens;
        row.costUsd = new BigDecimal("0.00001");
        row.latencyMs = 5;
        row.createdAt = at;
        return row;
    }

    static String newTenant() {
        return "tnt_" + Ids.generate("x").substring(2);
    }

    /**
     * A transaction that holds {@code tenantId}'s total for {@code month} (made if the tenant has none) until it is
     * rolled back: the writer's next commit for that tenant waits for it.
     */
    static Connection holdMonth(AgroalDataSource database, String tenantId, YearMonth month) throws SQLException {
        Connection holder = database.getConnection();
        holder.setAutoCommit(false);
        try (PreparedStatement hold = holder.prepareStatement("""
                insert into usage_month (tenant_id, month, tokens) values (?, ?, 0)
                on conflict (tenant_id, month) do update set tokens = usage_month.tokens""")) {
            hold.setString(1, tenantId);
            hold.setDate(2, Date.valueOf(month.atDay(1)));
            hold.executeUpdate();
        }
        return holder;
    }

    /** Waits until the writer's upsert waits for the held row (the only lock wait on this test database). */
    static void awaitWriterHeld(AgroalDataSource database) {
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            try (Connection c = database.getConnection();
                    ResultSet r = c.createStatement().executeQuery("""
                            select count(*) from pg_stat_activity
                            where wait_event_type = 'Lock' and query ilike '%usage_month%'""")) {
                r.next();
                return r.getInt(1) > 0;
            }
        });
    }

    long single(String sql, Object... parameters) throws SQLException {
        try (Connection c = database.getConnection(); PreparedStatement statement = c.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            try (ResultSet r = statement.executeQuery()) {
                return r.next() ? r.getLong(1) : -1;
            }
        }
    }

    long monthTotal(String tenantId, YearMonth month) throws SQLException {
        return single("select coalesce(sum(tokens), 0) from usage_month where tenant_id = ? and month = ?", tenantId,
                month.atDay(1));
    }

    /**
     * The total tokens of the tenant's {@code llm.usage.recorded} events: read until {@code expected} have arrived, then
     * for one second more, so that an event published twice is among them.
     */
    List<Integer> tokensPublished(KafkaProbe usageEvents, String tenant, int expected) {
        List<Integer> tokens = new ArrayList<>();
        Consumer<Duration> take = wait -> usageEvents.drain(wait).stream().filter(r -> tenant.equals(r.key()))
                .forEach(r -> tokens.add(read(r).path("totalTokens").asInt()));
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            take.accept(Duration.ofMillis(500));
            return tokens.size() >= expected;
        });
        take.accept(Duration.ofSeconds(1));
        return tokens;
    }

    JsonNode read(ConsumerRecord<String, String> record) {
        try {
            return json.readTree(record.value());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aCallCountsUntilWrittenThenIsInTheDatabaseOnceWithItsEventAndItsUtcMonth() throws Exception {
        String tenant = newTenant();
        YearMonth thisMonth = YearMonth.now(ZoneOffset.UTC);
        // the last hour of October in UTC is already November in Europe: it belongs to October's total
        Instant endOfOctober = LocalDate.of(2026, 10, 31).atTime(23, 30).toInstant(ZoneOffset.UTC);
        List<CompletableFuture<Void>> written = new ArrayList<>();
        try (KafkaProbe usageEvents = KafkaProbe.tail(Topics.LLM_USAGE)) {
            Connection holder = holdMonth(database, tenant, thisMonth);
            try {
                written.add(writer.enqueue(call(tenant, 20, 10, Instant.now())));
                written.add(writer.enqueue(call(tenant, 7, 5, endOfOctober)));
                awaitWriterHeld(database);

                assertThat(writer.unwritten(tenant)).as("tokens a budget check sees before the write").isEqualTo(42);
                assertThat(single("select count(*) from llm_usage where tenant_id = ?", tenant)).isZero();
                assertThat(written).as("calls told they are recorded before the commit").noneMatch(Future::isDone);
            } finally {
                holder.rollback();
                holder.close();
            }
            writer.flush();
            assertThat(written).as("calls told they are recorded once committed").allMatch(w -> w.isDone()
                    && !w.isCompletedExceptionally());

            assertThat(writer.unwritten(tenant)).isZero();
            assertThat(single("select count(*) from llm_usage where tenant_id = ?", tenant)).isEqualTo(2);
            assertThat(single("select sum(total_tokens) from llm_usage where tenant_id = ?", tenant)).isEqualTo(42);
            assertThat(monthTotal(tenant, thisMonth)).isEqualTo(30);
            assertThat(monthTotal(tenant, YearMonth.of(2026, 10))).isEqualTo(12);

            assertThat(tokensPublished(usageEvents, tenant, 2)).containsExactlyInAnyOrder(30, 12);
        }
    }

    @Test
    void aBatchThatFailsIsKeptAndWrittenOnceWhenItCan() throws Exception {
        String held = newTenant();
        String tenant = newTenant();
        YearMonth thisMonth = YearMonth.now(ZoneOffset.UTC);
        Usage good = call(tenant, 100, 1, Instant.now());
        Usage broken = call(tenant, 200, 2, Instant.now());
        broken.model = null; // the table refuses it: the batch it is in fails as a whole

        try (KafkaProbe usageEvents = KafkaProbe.tail(Topics.LLM_USAGE)) {
            CompletableFuture<Void> goodWritten;
            CompletableFuture<Void> brokenWritten;
            Connection holder = holdMonth(database, held, thisMonth);
            try {
                writer.enqueue(call(held, 1, 1, Instant.now()));
                awaitWriterHeld(database);
                // queued while the writer waits: its next batch holds both, the good row first
                goodWritten = writer.enqueue(good);
                brokenWritten = writer.enqueue(broken);
                // both in the lane's queue before the held batch can end: on a slow machine its event loop could
                // otherwise see that batch's answer first and write the good row alone
                writer.awaitQueued();
            } finally {
                holder.rollback();
                holder.close();
            }
            assertThatThrownBy(writer::flush).as("the batch cannot be written yet").isInstanceOf(RuntimeException.class);
            assertThat(writer.unwritten(tenant)).as("a failed batch still counts").isEqualTo(303);
            assertThat(single("select count(*) from llm_usage where tenant_id = ?", tenant)).isZero();
            assertThat(goodWritten).as("its calls wait on").isNotDone();
            assertThat(brokenWritten).isNotDone();

            broken.model = "gpt-4o-mini";
            writer.flush();
            assertThat(goodWritten).isCompleted();
            assertThat(brokenWritten).isCompleted();

            assertThat(writer.unwritten(tenant)).isZero();
            assertThat(single("select count(*) from llm_usage where tenant_id = ?", tenant)).isEqualTo(2);
            assertThat(single("select sum(total_tokens) from llm_usage where tenant_id = ?", tenant)).isEqualTo(303);
            assertThat(monthTotal(tenant, thisMonth)).isEqualTo(303);

            // the events went with the rows: none for the failed attempt, one per row for the one that committed
            assertThat(tokensPublished(usageEvents, tenant, 2)).containsExactlyInAnyOrder(101, 202);
        }
    }
}
