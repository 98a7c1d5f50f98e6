package dev.rollback.databases.mysql;

import dev.rollback.databases.spi.DatabaseTarget;
import dev.rollback.errors.RollbackException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/**
 * JDBC connections to a MySQL or MariaDB target with its timeouts; driver errors become messages naming the
 * service and the fix, never the password.
 *
 * <p>{@code try (Connection c = MysqlJdbc.connect(target)) { ... }}
 */
final class MysqlJdbc {
    private MysqlJdbc() {}

    static Connection connect(DatabaseTarget target) {
        Properties p = new Properties();
        p.setProperty("user", target.user());
        p.setProperty("password", target.password().orElse(""));
        p.setProperty("connectTimeout", Long.toString(target.connectTimeout().toMillis()));
        p.setProperty("socketTimeout", Long.toString(target.operationTimeout().toMillis()));
        p.setProperty("allowPublicKeyRetrieval", "true");
        p.setProperty("characterEncoding", "UTF-8");
        String url = "jdbc:mysql://" + target.host() + ":" + target.port() + "/"
                + target.database().orElse("");
        try {
            return DriverManager.getConnection(url, p);
        } catch (SQLException e) {
            throw failure(target, "connecting", e);
        }
    }

    static RollbackException failure(DatabaseTarget target, String doing, SQLException e) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        String what;
        if (e.getErrorCode() == 1045 || state.equals("28000")) {
            what = "the server refused the login of user '" + target.user() + "' (wrong password or no access);"
                    + " restores need root with secret/" + target.service() + " root_password. Not retried";
        } else if (state.startsWith("08")) {
            what = "the server at " + target.address() + " is not reachable within " + target.connectTimeout()
                    + "; start it (MySQL takes 50-60 s to become healthy) or fix host/port";
        } else {
            what = e.getMessage();
        }
        return new RollbackException(
                "service " + target.service() + " (mysql at " + target.address() + "): " + doing + " failed: " + what,
                e);
    }

    static String quote(String identifier) {
        return "`" + identifier.replace("`", "``") + "`";
    }
}
