package dev.rollback.databases.mysql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rollback.databases.spi.DatabaseTarget;
import dev.rollback.databases.spi.Fingerprint;
import dev.rollback.env.ServiceKind;
import dev.rollback.errors.RollbackException;
import dev.rollback.spi.DataSnapshot;
import dev.rollback.testing.Component;
import dev.rollback.testing.HostServices;
import dev.rollback.testing.RequiresMysql;
import java.net.InetSocketAddress;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The shadow-database snapshot against the host's MariaDB, scoped to this test's own database: rows updated, deleted
 * and inserted, a table dropped, one created, one altered, a trigger added, all come back to the fingerprint taken
 * before; the AUTO_INCREMENT counter continues as at the snapshot; {@code close()} drops {@code <db>__rbsnap}.
 */
@RequiresMysql
class MysqlSnapshotIT {
    private static final MysqlAdapter MYSQL = new MysqlAdapter();
    private final String db = "rb_snap_" + UUID.randomUUID().toString().substring(0, 8);
    private DatabaseTarget target;

    @BeforeEach
    void seed() throws Exception {
        InetSocketAddress a = HostServices.address(Component.MYSQL);
        target = DatabaseTarget.custom("shop-db", ServiceKind.MYSQL)
                .host(a.getHostString())
                .port(a.getPort())
                .user(HostServices.mysqlUser())
                .password("")
                .scope(List.of(db))
                .connectTimeout(Duration.ofSeconds(3))
                .build();
        sql(
                "CREATE DATABASE " + db + " CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci",
                "CREATE TABLE " + db + ".big (id INT PRIMARY KEY, v VARCHAR(64)) ENGINE=InnoDB",
                "INSERT INTO " + db + ".big (id, v) SELECT seq, MD5(seq) FROM " + db + ".seq_1_to_20000",
                "CREATE TABLE " + db + ".counters (id INT AUTO_INCREMENT PRIMARY KEY, label VARCHAR(40) NOT NULL)",
                "INSERT INTO " + db + ".counters (label) VALUES ('one'), ('two'), ('three'), ('four'), ('five'),"
                        + " ('six'), ('seven'), ('eight'), ('nine'), ('ten')",
                "DELETE FROM " + db + ".counters WHERE id > 8",
                "CREATE TABLE " + db + ".lines (id INT PRIMARY KEY, counter_id INT NOT NULL,"
                        + " FOREIGN KEY (counter_id) REFERENCES counters (id))",
                "INSERT INTO " + db + ".lines SELECT seq, 1 + seq % 8 FROM " + db + ".seq_1_to_50",
                "CREATE TRIGGER " + db + ".counters_trim BEFORE INSERT ON " + db + ".counters FOR EACH ROW"
                        + " SET NEW.label = TRIM(NEW.label)");
    }

    @AfterEach
    void drop() throws Exception {
        sql("DROP DATABASE IF EXISTS " + db, "DROP DATABASE IF EXISTS " + db + "__rbsnap");
    }

    @Test
    void resetPutsRowsTablesCountersAndTriggersBackClosingOpenConnections() throws Exception {
        Fingerprint before = MYSQL.fingerprint(target);
        assertThat(before.parts().get(db + ".big").count()).isEqualTo(20_000);
        assertThat(before.parts().get(db + ".(routines,triggers,events)").count())
                .isEqualTo(1);

        try (DataSnapshot s = MYSQL.snapshot(target)) {
            System.out.printf(
                    "[figure] mariadb snapshot of %s (20,058 rows): took %d ms%n",
                    db, s.took().toMillis());
            assertThat(s.service()).isEqualTo("shop-db");
            assertThat(databaseExists(db + "__rbsnap")).isTrue();
            assertThat(MYSQL.fingerprint(target)).isEqualTo(before);

            sql(
                    "UPDATE " + db + ".big SET v = 'changed' WHERE id % 7 = 0",
                    "DELETE FROM " + db + ".big WHERE id > 18000",
                    "INSERT INTO " + db + ".big (id, v) SELECT seq, 'new' FROM " + db + ".seq_100001_to_100500",
                    "INSERT INTO " + db + ".counters (label) VALUES ('a'), ('b'), ('c')",
                    "ALTER TABLE " + db + ".counters ADD COLUMN note TEXT",
                    "DROP TABLE " + db + ".lines",
                    "CREATE TABLE " + db + ".intruder (x INT)",
                    "INSERT INTO " + db + ".intruder VALUES (1)",
                    "CREATE TRIGGER " + db + ".big_stamp BEFORE UPDATE ON " + db + ".big FOR EACH ROW"
                            + " SET NEW.v = UPPER(NEW.v)");
            assertThat(MYSQL.fingerprint(target)).isNotEqualTo(before);

            try (Connection client =
                    DriverManager.getConnection(HostServices.mysqlUrl() + db, HostServices.mysqlUser(), "")) {
                Duration first = s.reset();
                System.out.printf("[figure] mariadb reset of %s after changes: %d ms%n", db, first.toMillis());
                assertThatThrownBy(() -> query(client, "SELECT count(*) FROM big"))
                        .isInstanceOf(SQLException.class);
            }
            assertThat(MYSQL.fingerprint(target)).isEqualTo(before);
            assertThat(nextCounterId()).isEqualTo(11);

            // rows added and removed again leave the content as it was but move the counter: the reset moves it back
            sql(
                    "INSERT INTO " + db + ".counters (label) VALUES ('x'), ('y')",
                    "DELETE FROM " + db + ".counters WHERE label IN ('x', 'y')");
            Duration counterOnly = s.reset();
            Duration unchanged = s.reset();
            System.out.printf(
                    "[figure] mariadb resets of %s twice in a row: %d ms (counter moved), %d ms (nothing changed)%n",
                    db, counterOnly.toMillis(), unchanged.toMillis());
            assertThat(MYSQL.fingerprint(target)).isEqualTo(before);
            assertThat(nextCounterId()).isEqualTo(11);

            sql("DELETE FROM " + db + ".big");
            Duration emptied = s.reset();
            System.out.printf("[figure] mariadb reset of %s after emptying big: %d ms%n", db, emptied.toMillis());
            assertThat(MYSQL.fingerprint(target)).isEqualTo(before);
        }
        assertThat(databaseExists(db + "__rbsnap")).isFalse();
        assertThat(MYSQL.fingerprint(target)).isEqualTo(before);
    }

    /**
     * Generated columns are left out of the copies (the server computes them). The fingerprint cannot judge this
     * table: MariaDB's CHECKSUM TABLE of a table with generated columns changes with the table cache, for the same
     * rows; its rows are compared by their content instead.
     */
    @Test
    void tablesWithGeneratedColumnsComeBack() throws Exception {
        sql(
                "CREATE TABLE " + db + ".tagged (id INT PRIMARY KEY, v VARCHAR(64),"
                        + " shown VARCHAR(70) AS (CONCAT('x', v)) VIRTUAL, kept VARCHAR(70) AS (UPPER(v)) STORED)",
                "INSERT INTO " + db + ".tagged (id, v) SELECT seq, MD5(seq) FROM " + db + ".seq_1_to_1000");
        String content = "SELECT CONCAT(count(*), ':', MD5(GROUP_CONCAT(id, v, shown, kept ORDER BY id)))" + " FROM "
                + db + ".tagged";
        Object before = query(content);

        try (DataSnapshot s = MYSQL.snapshot(target)) {
            sql(
                    "UPDATE " + db + ".tagged SET v = 'changed' WHERE id < 10",
                    "DELETE FROM " + db + ".tagged WHERE id > 990");
            assertThat(query(content)).isNotEqualTo(before);
            s.reset();
        }

        assertThat(query(content)).isEqualTo(before);
    }

    @Test
    void aShadowDatabaseLeftByACrashedRunIsReplaced() throws Exception {
        sql("CREATE DATABASE " + db + "__rbsnap", "CREATE TABLE " + db + "__rbsnap.big (stale INT)");
        Fingerprint before = MYSQL.fingerprint(target);

        DataSnapshot s = MYSQL.snapshot(target);
        sql("DELETE FROM " + db + ".big WHERE id < 100");
        s.reset();

        assertThat(MYSQL.fingerprint(target)).isEqualTo(before);
        s.close();
        s.close();
        assertThat(databaseExists(db + "__rbsnap")).isFalse();
        assertThatThrownBy(s::reset).isInstanceOf(RollbackException.class).hasMessageContaining("closed");
    }

    @Test
    void aWrongPasswordFailsTheSnapshotNamingTheServiceNotThePassword() throws Exception {
        String wrong = "wrong-secret-" + UUID.randomUUID().toString().substring(0, 8);

        assertThatThrownBy(() -> MYSQL.snapshot(target.withPassword(wrong)))
                .isInstanceOf(RollbackException.class)
                .hasMessageContaining("service shop-db")
                .hasMessageContaining("refused the login")
                .hasMessageNotContaining(wrong);
        assertThat(databaseExists(db + "__rbsnap")).isFalse();
    }

    /** Inserts a row and returns its id, then removes it with the counter left where the snapshot had it. */
    private long nextCounterId() throws Exception {
        try (Connection c = MysqlJdbc.connect(target.withScope(List.of()));
                Statement st = c.createStatement()) {
            st.executeUpdate(
                    "INSERT INTO " + db + ".counters (label) VALUES ('probe')", Statement.RETURN_GENERATED_KEYS);
            try (ResultSet rs = st.getGeneratedKeys()) {
                rs.next();
                long id = rs.getLong(1);
                st.execute("DELETE FROM " + db + ".counters WHERE id = " + id);
                st.execute("ALTER TABLE " + db + ".counters AUTO_INCREMENT = " + id);
                return id;
            }
        }
    }

    private boolean databaseExists(String name) throws Exception {
        try (Connection c = MysqlJdbc.connect(target.withScope(List.of()));
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SHOW DATABASES LIKE '" + name + "'")) {
            return rs.next();
        }
    }

    private Object query(String sql) throws Exception {
        try (Connection c = MysqlJdbc.connect(target.withScope(List.of()))) {
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

    private void sql(String... statements) throws Exception {
        try (Connection c = MysqlJdbc.connect(target.withScope(List.of()));
                Statement st = c.createStatement()) {
            for (String s : statements) {
                st.execute(s);
            }
        }
    }
}
