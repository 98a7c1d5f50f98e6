package dev.rollback.databases.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rollback.databases.spi.DatabaseTarget;
import dev.rollback.databases.spi.Fingerprint;
import dev.rollback.databases.support.ScratchContainer;
import dev.rollback.env.ServiceKind;
import dev.rollback.errors.RollbackException;
import dev.rollback.spi.DataSnapshot;
import dev.rollback.testing.Component;
import dev.rollback.testing.HostServices;
import dev.rollback.testing.RequiresDocker;
import dev.rollback.testing.RequiresPostgres;
import java.net.InetSocketAddress;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The template-database snapshot against the host's PostgreSQL, scoped to this test's own database: rows updated,
 * deleted and inserted, a table dropped and one created all come back to the fingerprint taken before, with the
 * sessions on the database closed; {@code close()} leaves no {@code <db>__rbsnap} behind.
 */
@RequiresPostgres
class PostgresSnapshotIT {
    private static final PostgresAdapter PG = new PostgresAdapter();
    private final String db = "rb_snap_" + UUID.randomUUID().toString().substring(0, 8);
    private DatabaseTarget target;

    @BeforeEach
    void seed() throws Exception {
        InetSocketAddress a = HostServices.address(Component.POSTGRES);
        target = DatabaseTarget.custom("orders-db", ServiceKind.POSTGRES)
                .host(a.getHostString())
                .port(a.getPort())
                .user(HostServices.postgresUser())
                .scope(List.of(db))
                .connectTimeout(Duration.ofSeconds(3))
                .build();
        sql(HostServices.postgresUrl(), "CREATE DATABASE " + db);
        sql(
                url(db),
                "CREATE TABLE orders (id int PRIMARY KEY, item text, at date);"
                        + " INSERT INTO orders SELECT i, 'ïtem ' || i, date '2025-01-01' + i"
                        + " FROM generate_series(1, 50000) i;"
                        + " CREATE SCHEMA billing; CREATE TABLE billing.customers (id serial PRIMARY KEY, name text);"
                        + " INSERT INTO billing.customers (name) SELECT 'customer ' || i FROM generate_series(1, 100) i");
    }

    @AfterEach
    void drop() throws Exception {
        sql(HostServices.postgresUrl(), "DROP DATABASE IF EXISTS " + db + " WITH (FORCE)");
        if (exists(db + "__rbsnap")) {
            sql(
                    HostServices.postgresUrl(),
                    "ALTER DATABASE " + db + "__rbsnap WITH IS_TEMPLATE false",
                    "DROP DATABASE IF EXISTS " + db + "__rbsnap WITH (FORCE)");
        }
    }

    @Test
    void resetPutsRowsAndTablesBackClosingOpenSessionsAndCloseRemovesTheTemplate() throws Exception {
        Fingerprint before = PG.fingerprint(target);
        assertThat(before.parts().get(db + ".public.orders").count()).isEqualTo(50_000);

        try (DataSnapshot s = PG.snapshot(target)) {
            System.out.printf(
                    "[figure] postgres snapshot of %s (50,100 rows): took %d ms%n",
                    db, s.took().toMillis());
            assertThat(s.service()).isEqualTo("orders-db");
            assertThat(exists(db + "__rbsnap")).isTrue();
            assertThat(PG.fingerprint(target)).isEqualTo(before);

            sql(
                    url(db),
                    "UPDATE orders SET item = 'changed' WHERE id % 7 = 0",
                    "DELETE FROM orders WHERE id > 45000",
                    "INSERT INTO orders SELECT i, 'new', NULL FROM generate_series(100001, 100500) i",
                    "DROP TABLE billing.customers",
                    "CREATE TABLE intruder (x int); INSERT INTO intruder VALUES (1)");
            assertThat(PG.fingerprint(target)).isNotEqualTo(before);

            try (Connection client = connect(url(db))) {
                Duration first = s.reset();
                System.out.printf("[figure] postgres reset of %s after changes: %d ms%n", db, first.toMillis());
                assertThatThrownBy(() -> query(client, "SELECT count(*) FROM orders"))
                        .isInstanceOf(SQLException.class);
            }
            assertThat(PG.fingerprint(target)).isEqualTo(before);
            // the sequence came back too: the next customer gets the id it would have got at the snapshot
            assertThat(query(url(db), "INSERT INTO billing.customers (name) VALUES ('next') RETURNING id"))
                    .isEqualTo(101);

            Duration second = s.reset();
            Duration third = s.reset();
            System.out.printf(
                    "[figure] postgres resets of %s twice in a row: %d ms, %d ms%n",
                    db, second.toMillis(), third.toMillis());
            assertThat(PG.fingerprint(target)).isEqualTo(before);
            assertThat(query(
                            HostServices.postgresUrl(),
                            "SELECT pg_get_userbyid(datdba) = current_user::text::name"
                                    + " FROM pg_database WHERE datname = '" + db + "'"))
                    .isEqualTo(true);
        }
        assertThat(exists(db + "__rbsnap")).isFalse();
        assertThat(PG.fingerprint(target)).isEqualTo(before);
    }

    @Test
    void aSnapshotDatabaseLeftByACrashedRunIsReplaced() throws Exception {
        sql(HostServices.postgresUrl(), "CREATE DATABASE " + db + "__rbsnap");
        sql(url(db + "__rbsnap"), "CREATE TABLE stale (x int)");
        Fingerprint before = PG.fingerprint(target);

        DataSnapshot s = PG.snapshot(target);
        sql(url(db), "DELETE FROM orders WHERE id < 100", "CREATE TABLE stale (x int)");
        s.reset();

        assertThat(PG.fingerprint(target)).isEqualTo(before);
        s.close();
        s.close();
        assertThat(exists(db + "__rbsnap")).isFalse();
        assertThatThrownBy(s::reset).isInstanceOf(RollbackException.class).hasMessageContaining("closed");
    }

    @Test
    void theDatabaseKeepsItsOwner() throws Exception {
        String owner = db + "_owner";
        sql(HostServices.postgresUrl(), "CREATE ROLE " + owner, "ALTER DATABASE " + db + " OWNER TO " + owner);
        try {
            try (DataSnapshot s = PG.snapshot(target)) {
                sql(url(db), "DROP TABLE orders");
                s.reset();
            }
            assertThat(query(
                            HostServices.postgresUrl(),
                            "SELECT pg_get_userbyid(datdba)::text FROM pg_database" + " WHERE datname = '" + db + "'"))
                    .isEqualTo(owner);
            assertThat(query(url(db), "SELECT count(*) FROM orders")).isEqualTo(50_000L);
        } finally {
            sql(HostServices.postgresUrl(), "DROP DATABASE IF EXISTS " + db + " WITH (FORCE)", "DROP ROLE " + owner);
        }
    }

    @Test
    @RequiresDocker
    void aWrongPasswordFailsTheSnapshotNamingTheServiceNotThePassword() throws Exception {
        String password = "it-" + UUID.randomUUID();
        try (ScratchContainer pg =
                ScratchContainer.start("local/postgres:15", 5432, Map.of("POSTGRES_PASSWORD", password))) {
            DatabaseTarget right = DatabaseTarget.custom("orders-db", ServiceKind.POSTGRES)
                    .host("127.0.0.1")
                    .port(pg.port())
                    .user("postgres")
                    .password(password)
                    .connectTimeout(Duration.ofSeconds(3))
                    .build();
            pg.await(
                    () -> {
                        try {
                            PG.health(right);
                            return true;
                        } catch (RollbackException e) {
                            return false;
                        }
                    },
                    Duration.ofSeconds(60));
            String wrong = "wrong-secret-" + UUID.randomUUID().toString().substring(0, 8);

            assertThatThrownBy(() -> PG.snapshot(right.withPassword(wrong)))
                    .isInstanceOf(RollbackException.class)
                    .hasMessageContaining("service orders-db")
                    .hasMessageContaining("refused the login")
                    .hasMessageNotContaining(wrong);
        }
    }

    private boolean exists(String name) throws SQLException {
        try (Connection c = connect(HostServices.postgresUrl());
                PreparedStatement ps = c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    private static Object query(String url, String sql) throws SQLException {
        try (Connection c = connect(url)) {
            return query(c, sql);
        }
    }

    private static Object query(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getObject(1);
        }
    }

    private static void sql(String url, String... statements) throws SQLException {
        try (Connection c = connect(url);
                Statement st = c.createStatement()) {
            for (String s : statements) {
                st.execute(s);
            }
        }
    }

    private static String url(String database) {
        return HostServices.postgresUrl().replaceFirst("/[^/?]*(\\?|$)", "/" + database + "$1");
    }

    private static Connection connect(String url) throws SQLException {
        DriverManager.setLoginTimeout(5);
        return DriverManager.getConnection(url, HostServices.postgresUser(), "");
    }
}
