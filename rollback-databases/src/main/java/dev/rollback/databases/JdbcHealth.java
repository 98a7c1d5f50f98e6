package dev.rollback.databases;

import dev.rollback.databases.spi.DatabaseHealth;
import dev.rollback.databases.spi.DatabaseTarget;
import dev.rollback.errors.RollbackException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.function.BiFunction;

/**
 * The JDBC engines' health check: connect, run a query whose second column is the server version within the
 * connect timeout, report how long it took.
 *
 * <p>{@code JdbcHealth.check(target, () -> MysqlJdbc.connect(target), "SELECT 1, VERSION()", MysqlJdbc::failure)}
 */
public final class JdbcHealth {
    private JdbcHealth() {}

    /** Opens a connection (its own failures are already {@link RollbackException}s naming the service). */
    @FunctionalInterface
    public interface Connector {
        Connection open();
    }

    /**
     * @param query a query answering one row: {@code 1, <server version>}
     * @param failure turns a driver error during the query into the engine's message
     */
    public static DatabaseHealth check(
            DatabaseTarget target,
            Connector connector,
            String query,
            BiFunction<String, SQLException, RollbackException> failure) {
        long start = System.nanoTime();
        try (Connection c = connector.open();
                Statement st = c.createStatement()) {
            st.setQueryTimeout((int) Math.max(1, target.connectTimeout().toSeconds()));
            try (ResultSet rs = st.executeQuery(query)) {
                rs.next();
                return new DatabaseHealth(
                        target.service(), rs.getString(2), Duration.ofNanos(System.nanoTime() - start), 1);
            }
        } catch (SQLException e) {
            throw failure.apply("SELECT 1", e);
        }
    }
}
