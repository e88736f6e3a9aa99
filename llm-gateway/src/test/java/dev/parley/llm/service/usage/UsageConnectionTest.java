package dev.parley.llm.service.usage;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.SslMode;
import org.junit.jupiter.api.Test;

/**
 * The usage writer's own connections reach the database and schema the datasource's JDBC URL names: a stage of the
 * e2e suite puts each service in a schema of its own ({@code ?currentSchema=}), and a connection to the default schema
 * would write usage nowhere the service reads it.
 */
class UsageConnectionTest {

    @Test
    void hostPortDatabaseSchemaAndSslModeAreTheJdbcUrls() {
        PgConnectOptions options = UsageWriter.connectOptions(
                "jdbc:postgresql://db.internal:6543/parley_llm?currentSchema=stage_7&sslmode=require&prepareThreshold=3");

        assertThat(options.getHost()).isEqualTo("db.internal");
        assertThat(options.getPort()).isEqualTo(6543);
        assertThat(options.getDatabase()).isEqualTo("parley_llm");
        assertThat(options.getProperties()).containsEntry("search_path", "stage_7")
                .as("the driver's own tuning is not sent to the server as a setting").doesNotContainKey("prepareThreshold");
        assertThat(options.getSslMode()).isEqualTo(SslMode.REQUIRE);
    }

    @Test
    void aUrlWithoutParametersKeepsTheServersDefaults() {
        PgConnectOptions options = UsageWriter.connectOptions("jdbc:postgresql://127.0.0.1:5432/parley_llm_test");

        assertThat(options.getHost()).isEqualTo("127.0.0.1");
        assertThat(options.getDatabase()).isEqualTo("parley_llm_test");
        assertThat(options.getProperties()).doesNotContainKey("search_path");
    }
}
