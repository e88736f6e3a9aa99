package dev.parley.platform.problem;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.persistence.PersistenceException;
import jakarta.ws.rs.core.Response;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

class ProblemMappersTest {

    private final ProblemMappers mappers = new ProblemMappers();

    @Test
    void anExhaustedConnectionPoolIsA503TheClientMayRetry() {
        Response answer = mappers.unexpected(new PersistenceException("Unable to acquire JDBC Connection",
                new SQLException("Sorry, acquisition timeout!")));

        assertThat(answer.getStatus()).isEqualTo(503);
        assertThat(answer.getHeaderString("Retry-After")).isEqualTo("1");
        assertThat(((Problem) answer.getEntity()).code()).isEqualTo("DATABASE_UNAVAILABLE");
    }

    @Test
    void aLostConnectionAndAServerStartingUpAre503s() {
        assertThat(mappers.unexpected(new SQLException("I/O error", "08006")).getStatus()).isEqualTo(503);
        assertThat(mappers.unexpected(new SQLException("the database system is starting up", "57P03")).getStatus())
                .isEqualTo(503);
    }

    @Test
    void aNulCharacterInAJsonbDocumentIsTheClientsBadInput() {
        Response answer = mappers.unexpected(new PersistenceException("could not execute statement", new SQLException(
                "ERROR: unsupported Unicode escape sequence\n  Detail: \\u0000 cannot be converted to text.", "22P05")));

        assertThat(answer.getStatus()).isEqualTo(400);
        assertThat(((Problem) answer.getEntity()).code()).isEqualTo("INVALID_CHARACTER");
    }

    @Test
    void anyOtherDatabaseFailureStaysAnInternalError() {
        Response answer = mappers.unexpected(new PersistenceException(new SQLException("syntax error", "42601")));

        assertThat(answer.getStatus()).isEqualTo(500);
        assertThat(((Problem) answer.getEntity()).code()).isEqualTo("INTERNAL_ERROR");
    }
}
