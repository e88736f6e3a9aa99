package dev.parley.conversation.repository;

import java.sql.Array;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;

/** A column of many rows as one SQL array parameter: how the hot path's statements take a whole group at once. */
final class SqlArrays {

    private SqlArrays() {
    }

    static <T> Array texts(Connection connection, List<T> rows, Function<T, String> value) throws SQLException {
        return connection.createArrayOf("text", rows.stream().map(value).toArray());
    }

    /** Instants as ISO-8601 text (read back exactly as {@code timestamptz}). */
    static <T> Array times(Connection connection, List<T> rows, Function<T, Instant> value) throws SQLException {
        return connection.createArrayOf("text",
                rows.stream().map(value).map(i -> i == null ? null : i.toString()).toArray());
    }
}
