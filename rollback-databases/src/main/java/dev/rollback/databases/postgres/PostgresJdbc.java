package dev.rollback.databases.postgres;

import dev.rollback.databases.spi.DatabaseTarget;
import dev.rollback.errors.RollbackException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/**
 * Opens JDBC connections to a PostgreSQL target with its timeouts, and turns driver errors into messages that
 * name the service and what to do (never the password).
 *
 * <p>{@code try (Connection c = PostgresJdbc.connect(target, "appdb")) { ... }}
 */
final class PostgresJdbc {
    private PostgresJdbc() {}

    static Connection connect(DatabaseTarget target, String database) {
        Properties p = new Properties();
        p.setProperty("user", target.user());
        target.password().ifPresent(pw -> p.setProperty("password", pw));
        long seconds = Math.max(1, (target.connectTimeout().toMillis() + 999) / 1000);
        p.setProperty("connectTimeout", Long.toString(seconds));
        p.setProperty("loginTimeout", Long.toString(seconds));
        p.setProperty("ApplicationName", "rollback");
        String url = "jdbc:postgresql://" + target.host() + ":" + target.port() + "/" + database;
        try {
            return DriverManager.getConnection(url, p);
        } catch (SQLException e) {
            throw failure(target, "connecting to database " + database, e);
        }
    }

    static RollbackException failure(DatabaseTarget target, String doing, SQLException e) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        String what;
        if (state.equals("28P01") || state.equals("28000")) {
            what = "the server refused the login of user '" + target.user() + "' (wrong password or no access);"
                    + " check the credentials in secret/" + target.service() + ". Not retried";
        } else if (state.startsWith("08")) {
            what = "the server at " + target.address() + " is not reachable within " + target.connectTimeout() + " ("
                    + e.getMessage() + "); start it or fix host/port";
        } else {
            what = e.getMessage();
        }
        return new RollbackException(
                "service " + target.service() + " (postgres at " + target.address() + "): " + doing + " failed: "
                        + what,
                e);
    }

    static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }
}
