package dev.rollback.databases.mysql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rollback.databases.DatabaseAdapterContract;
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
import java.net.InetSocketAddress;
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

/**
 * Against the host's MariaDB 10.11, scoped to this test's own databases ({@code rb_it_<random>_*}): an
 * {@code --all-databases} restore would rewrite the shared server's {@code mysql} grant tables and everyone's data.
 * The shared tests are in {@link DatabaseAdapterContract}.
 */
@RequiresMysql
class MysqlAdapterIT extends DatabaseAdapterContract {
    private final String prefix = "rb_it_" + UUID.randomUUID().toString().substring(0, 8) + "_";
    private final String app = prefix + "app";
    private final String shop = prefix + "shop";
    private final String extra = prefix + "extra";
    private DatabaseTarget target;

    MysqlAdapterIT() {
        super(ServiceKind.MYSQL, ".sql");
    }

    @BeforeEach
    void connect() {
        InetSocketAddress a = HostServices.address(Component.MYSQL);
        target = DatabaseTarget.custom("mysql", ServiceKind.MYSQL)
                .host(a.getHostString())
                .port(a.getPort())
                .user(HostServices.mysqlUser())
                .password("")
                .scope(List.of(app, shop, extra))
                .connectTimeout(Duration.ofSeconds(3))
                .build();
    }

    @AfterEach
    void dropOwnDatabases() throws Exception {
        sql("DROP DATABASE IF EXISTS " + app, "DROP DATABASE IF EXISTS " + shop, "DROP DATABASE IF EXISTS " + extra);
    }

    @Override
    protected DatabaseTarget target() {
        return target;
    }

    /** Two databases with every column type, large values, twenty thousand rows, a routine, a trigger, an event. */
    @Override
    protected void seed() throws Exception {
        seed(app);
        seed(shop);
    }

    @Override
    protected void damage() throws Exception {
        sql(
                "DROP DATABASE " + shop, "DELETE FROM " + app + ".big WHERE id % 3 = 0",
                "DROP PROCEDURE " + app + ".double_it", "CREATE DATABASE " + extra);
    }

    /** Tables, routines, triggers and events came back; the extra database was dropped into the safety dump. */
    @Override
    protected void afterRoundTrip(Fingerprint before, Path dump, DumpResult dumped, RestoreResult r) throws Exception {
        assertThat(before.parts().get(app + ".big").count()).isEqualTo(20_000);
        assertThat(before.parts().get(app + ".(routines,triggers,events)").count())
                .isEqualTo(3);
        assertThat(r.dropped()).containsExactly(extra);
        assertThat(Files.readString(r.safetyDump().orElseThrow())).contains(extra);
    }

    @Override
    protected long truncatedLength(long length) {
        return length - 200;
    }

    @Override
    protected void changeAfterDump() throws Exception {
        sql("INSERT INTO " + app + ".kinds (label) VALUES ('after the dump')");
    }

    @Override
    protected List<String> loginRefusedMessage() {
        return List.of("refused the login", "root_password");
    }

    @Test
    void restoreReplacesExtraRowsAndTablesInDumpedDatabases() throws Exception {
        seed(app);
        Fingerprint before = adapter.fingerprint(target);
        Path dump = dir.resolve("mysql.sql");
        dumpTo(dump);
        sql(
                "INSERT INTO " + app + ".kinds (label) VALUES ('extra')",
                "CREATE TABLE " + app + ".intruder (x int)",
                "CREATE DATABASE " + extra);

        RestoreResult r = adapter.restore(
                target, DumpSource.ofFile(dump), RestoreOptions.ofDefaults().withoutSafetyDump());

        assertThat(adapter.fingerprint(target).only(app + ".")).isEqualTo(before.only(app + "."));
        assertThat(r.dropped()).isEmpty();
        assertThat(r.warnings())
                .containsExactly("kept database(s) the dump does not have (dropExtra() removes" + " them): " + extra);
    }

    @Test
    void missingDumpToolIsNamedInTheError() throws Exception {
        seed(app);
        DatabaseTarget noTool = new DatabaseTarget(
                target.service(),
                target.kind(),
                target.host(),
                target.port(),
                target.user(),
                target.password(),
                target.database(),
                target.scope(),
                target.connectTimeout(),
                target.operationTimeout(),
                target.runner(),
                Map.of("dumpTool", "mysqldump-not-installed"));

        assertThatThrownBy(() -> adapter.dump(noTool, OutputStream.nullOutputStream()))
                .isInstanceOf(RollbackException.class)
                .hasMessageContaining("'mysqldump-not-installed' is missing");
    }

    private void seed(String db) throws Exception {
        sql(
                "CREATE DATABASE " + db + " CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci",
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
                "CREATE EVENT " + db + ".nightly ON SCHEDULE EVERY 1 DAY DISABLE DO DELETE FROM " + db
                        + ".big WHERE id < 0");
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
