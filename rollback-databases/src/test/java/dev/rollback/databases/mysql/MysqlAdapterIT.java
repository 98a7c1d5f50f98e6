package dev.rollback.databases.mysql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rollback.databases.spi.DatabaseAdapter;
import dev.rollback.databases.spi.DatabaseAdapters;
import dev.rollback.databases.spi.DatabaseTarget;
import dev.rollback.databases.spi.DumpResult;
import dev.rollback.databases.spi.Fingerprint;
import dev.rollback.databases.spi.RestoreOptions;
import dev.rollback.databases.spi.RestoreResult;
import dev.rollback.env.ServiceKind;
import dev.rollback.errors.RollbackException;
import dev.rollback.spi.DumpSource;
import dev.rollback.testing.Component;
import dev.rollback.testing.HostServices;
import dev.rollback.testing.RequiresMysql;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Against the host's MariaDB 10.11, scoped to this test's own databases ({@code rb_it_<random>_*}): an
 * {@code --all-databases} restore would rewrite the shared server's {@code mysql} grant tables and everyone's data.
 */
@RequiresMysql
class MysqlAdapterIT {
    private final DatabaseAdapter adapter = DatabaseAdapters.require(ServiceKind.MYSQL);
    private final String prefix = "rb_it_" + UUID.randomUUID().toString().substring(0, 8) + "_";
    private final String app = prefix + "app";
    private final String shop = prefix + "shop";
    private final String extra = prefix + "extra";
    private DatabaseTarget target;

    @TempDir
    Path dir;

    @BeforeEach
    void target() {
        InetSocketAddress a = HostServices.address(Component.MYSQL);
        target = DatabaseTarget.custom("mysql", ServiceKind.MYSQL).host(a.getHostString()).port(a.getPort())
            .user(HostServices.mysqlUser()).password("").scope(List.of(app, shop, extra))
            .connectTimeout(Duration.ofSeconds(3)).build();
    }

    @AfterEach
    void dropOwnDatabases() throws Exception {
        sql("DROP DATABASE IF EXISTS " + app, "DROP DATABASE IF EXISTS " + shop, "DROP DATABASE IF EXISTS " + extra);
    }

    @Test
    void scopedDumpRestoresTablesRoutinesTriggersEventsAndDropsExtraDatabase() throws Exception {
        seed(app);
        seed(shop);
        Fingerprint before = adapter.fingerprint(target);
        Path dump = dir.resolve("mysql.sql");
        DumpResult d;
        try (OutputStream out = Files.newOutputStream(dump)) {
            d = adapter.dump(target, out);
        }
        sql("DROP DATABASE " + shop, "DELETE FROM " + app + ".big WHERE id % 3 = 0",
            "DROP PROCEDURE " + app + ".double_it", "CREATE DATABASE " + extra);

        RestoreResult r = adapter.restore(target, DumpSource.ofFile(dump), RestoreOptions.ofDefaults().dropExtra()
            .withSafetyDumpDirectory(dir.resolve("safety")).withExpectedSha256(d.sha256()));

        assertThat(adapter.fingerprint(target).differences(before)).isEmpty();
        assertThat(before.parts().get(app + ".big").count()).isEqualTo(20_000);
        assertThat(before.parts().get(app + ".(routines,triggers,events)").count()).isEqualTo(3);
        assertThat(r.dropped()).containsExactly(extra);
        assertThat(Files.readString(r.safetyDump().orElseThrow())).contains(extra);
    }

    @Test
    void restoreReplacesExtraRowsAndTablesInDumpedDatabases() throws Exception {
        seed(app);
        Fingerprint before = adapter.fingerprint(target);
        Path dump = dir.resolve("mysql.sql");
        try (OutputStream out = Files.newOutputStream(dump)) {
            adapter.dump(target, out);
        }
        sql("INSERT INTO " + app + ".kinds (label) VALUES ('extra')", "CREATE TABLE " + app + ".intruder (x int)",
            "CREATE DATABASE " + extra);

        RestoreResult r = adapter.restore(target, DumpSource.ofFile(dump), RestoreOptions.ofDefaults()
            .withoutSafetyDump());

        assertThat(adapter.fingerprint(target).only(app + ".")).isEqualTo(before.only(app + "."));
        assertThat(r.dropped()).isEmpty();
        assertThat(r.warnings()).containsExactly("kept database(s) the dump does not have (dropExtra() removes"
            + " them): " + extra);
    }

    @Test
    void truncatedDumpIsRefusedBeforeTheServerIsTouched() throws Exception {
        seed(app);
        Path dump = dir.resolve("mysql.sql");
        try (OutputStream out = Files.newOutputStream(dump)) {
            adapter.dump(target, out);
        }
        try (RandomAccessFile f = new RandomAccessFile(dump.toFile(), "rw")) {
            f.setLength(f.length() - 200);
        }
        sql("INSERT INTO " + app + ".kinds (label) VALUES ('after the dump')");
        Fingerprint now = adapter.fingerprint(target);

        assertThatThrownBy(() -> adapter.restore(target, DumpSource.ofFile(dump), RestoreOptions.ofDefaults()))
            .isInstanceOf(RollbackException.class).hasMessageContaining("cut short");

        assertThat(adapter.fingerprint(target)).isEqualTo(now);
    }

    @Test
    void wrongPasswordFailsFastNamingTheSecretNotTheValue() {
        long start = System.nanoTime();

        assertThatThrownBy(() -> adapter.health(target.withPassword("wrong-pw-123")))
            .isInstanceOf(RollbackException.class).hasMessageContaining("refused the login")
            .hasMessageContaining("root_password").hasMessageNotContaining("wrong-pw-123");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
    }

    @Test
    void serverDownFailsWithinTheConnectTimeout() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        long start = System.nanoTime();

        assertThatThrownBy(() -> adapter.health(target.withPort(closed))).isInstanceOf(RollbackException.class)
            .hasMessageContaining("not reachable");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(4));
    }

    @Test
    void missingDumpToolIsNamedInTheError() throws Exception {
        seed(app);
        DatabaseTarget noTool = new DatabaseTarget(target.service(), target.kind(), target.host(), target.port(),
            target.user(), target.password(), target.database(), target.scope(), target.connectTimeout(),
            target.operationTimeout(), target.runner(), Map.of("dumpTool", "mysqldump-not-installed"));

        assertThatThrownBy(() -> adapter.dump(noTool, OutputStream.nullOutputStream()))
            .isInstanceOf(RollbackException.class).hasMessageContaining("'mysqldump-not-installed' is missing");
    }

    private void seed(String db) throws Exception {
        sql("CREATE DATABASE " + db + " CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci",
            "CREATE TABLE " + db + ".kinds (id INT AUTO_INCREMENT PRIMARY KEY, label MEDIUMTEXT NOT NULL, doc JSON,"
                + " blob_col LONGBLOB, amount DECIMAL(20,6), at DATETIME(6), flag BIT(1))",
            "INSERT INTO " + db + ".kinds (label, doc, blob_col, amount, at, flag) VALUES"
                + " ('Grüße, Ωmega, 日本語, 🚀', '{\"a\": [1, 2]}', UNHEX('00FF10'), 12345.678901,"
                + " '2024-02-29 12:34:56.789012', b'1'), (REPEAT('large ', 100000), NULL,"
                + " REPEAT(UNHEX('AB'), 1000000), -1, NULL, b'0')",
            "CREATE TABLE " + db + ".big (id INT PRIMARY KEY, v VARCHAR(64)) ENGINE=InnoDB",
            "INSERT INTO " + db + ".big SELECT seq, MD5(seq) FROM " + db + ".seq_1_to_20000",
            "CREATE PROCEDURE " + db + ".double_it(IN x INT) SELECT x * 2",
            "CREATE TRIGGER " + db + ".kinds_upper BEFORE INSERT ON " + db + ".kinds FOR EACH ROW"
                + " SET NEW.label = TRIM(NEW.label)",
            "CREATE EVENT " + db + ".nightly ON SCHEDULE EVERY 1 DAY DISABLE DO DELETE FROM " + db + ".big WHERE id < 0");
    }

    private void sql(String... statements) throws Exception {
        try (Connection c = MysqlJdbc.connect(target.withScope(List.of())); Statement st = c.createStatement()) {
            for (String s : statements) {
                st.execute(s);
            }
        }
    }
}
