package dev.rollback.databases.mysql;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rollback.databases.ContainerCommandRunner;
import dev.rollback.databases.spi.DatabaseTarget;
import dev.rollback.databases.spi.DumpResult;
import dev.rollback.databases.spi.Fingerprint;
import dev.rollback.databases.spi.RestoreOptions;
import dev.rollback.databases.spi.RestoreResult;
import dev.rollback.databases.support.ScratchCompose;
import dev.rollback.env.Environment;
import dev.rollback.env.ServiceKind;
import dev.rollback.errors.RollbackException;
import dev.rollback.spi.ContainerRuntime;
import dev.rollback.spi.DumpSource;
import dev.rollback.testing.RequiresDocker;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole server of a local/mariadb:10.11 container of the test's own, its tools run inside it: mariadb-dump and
 * the mariadb client through the docker runtime's exec (ContainerCommandRunner), connecting to the container's own
 * 127.0.0.1:3306, while JDBC (health, fingerprints) uses the port published on this host's loopback.
 */
@RequiresDocker
class MysqlContainerIT {
    private static final String ROOT_PW = "container-root-pw-" + Long.toHexString(System.nanoTime());
    private static final String COMPOSE = """
        services:
          mysql:
            image: local/mariadb:10.11
            command: ["mariadbd", "--character-set-server=utf8mb4"]
            environment:
              MARIADB_ROOT_PASSWORD: "%s"
            ports: ["127.0.0.1::3306"]
            stop_signal: SIGKILL
        """;

    @TempDir
    static Path tmp;

    static ScratchCompose project;
    static ContainerRuntime rt;
    static Environment env;
    static DatabaseTarget target;
    private final MysqlAdapter adapter = new MysqlAdapter();

    @BeforeAll
    static void start() throws Exception {
        project = ScratchCompose.up(tmp, COMPOSE.formatted(ROOT_PW), Map.of());
        env = project.environment();
        rt = project.runtime();
        target = DatabaseTarget.custom("mysql", ServiceKind.MYSQL)
                .host("127.0.0.1")
                .port(project.publishedPort("mysql", 3306))
                .user("root")
                .password(ROOT_PW)
                .connectTimeout(Duration.ofSeconds(3))
                .runner(new ContainerCommandRunner(rt, env, "mysql", 3306))
                .build();
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (true) {
            try {
                new MysqlAdapter().health(target);
                break;
            } catch (RollbackException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(500);
            }
        }
    }

    @AfterAll
    static void stop() {
        if (project != null) {
            project.close();
        }
    }

    @Test
    void wholeServerDumpInTheContainerSurvivesDestroyAndRestore() throws Exception {
        sql(
                "CREATE DATABASE shop CHARACTER SET utf8mb4",
                "CREATE TABLE shop.orders (id INT PRIMARY KEY, item VARCHAR(100), doc JSON, raw BLOB)",
                "INSERT INTO shop.orders SELECT seq, CONCAT('Grüße ', seq, ' 日本語'), JSON_OBJECT('n', seq),"
                        + " UNHEX(MD5(seq)) FROM shop.seq_1_to_5000",
                "CREATE PROCEDURE shop.total() SELECT COUNT(*) FROM shop.orders",
                "CREATE TRIGGER shop.trim_item BEFORE INSERT ON shop.orders FOR EACH ROW SET NEW.item = TRIM(NEW.item)",
                "CREATE DATABASE audit",
                "CREATE TABLE audit.log (at DATETIME(6), what TEXT)",
                "INSERT INTO audit.log VALUES ('2024-02-29 01:02:03.456789', 'line \\\\ with \\n newline')",
                "CREATE USER 'app'@'%' IDENTIFIED BY 'app-pw'",
                "GRANT SELECT ON shop.* TO 'app'@'%'");
        Fingerprint before = adapter.fingerprint(target);
        Path dump = tmp.resolve("server.sql");
        DumpResult d;
        try (OutputStream out = Files.newOutputStream(dump)) {
            d = adapter.dump(target, out);
        }
        assertThat(d.tool()).isEqualTo("mariadb-dump");
        assertThat(Files.readString(dump))
                .contains("-- Dump completed")
                .contains("CREATE DATABASE /*!32312 IF NOT" + " EXISTS*/ `shop`");

        sql(
                "DROP DATABASE shop",
                "DELETE FROM audit.log",
                "CREATE TABLE audit.intruder (x INT)",
                "DROP USER 'app'@'%'");
        assertThat(adapter.fingerprint(target).differences(before)).isNotEmpty();

        RestoreResult r = adapter.restore(
                target,
                DumpSource.ofFile(dump),
                RestoreOptions.ofDefaults()
                        .withExpectedSha256(d.sha256())
                        .withSafetyDumpDirectory(tmp.resolve("safety")));

        assertThat(adapter.fingerprint(target).differences(before)).isEmpty();
        assertThat(before.parts()).containsKeys("shop.orders", "audit.log");
        assertThat(before.parts().get("shop.orders").count()).isEqualTo(5000);
        assertThat(Files.readString(r.safetyDump().orElseThrow())).contains("intruder");
        // the grant tables came back with the whole-server dump: the dropped user exists again
        try (Connection c = MysqlJdbc.connect(target);
                Statement st = c.createStatement();
                var rs = st.executeQuery("SELECT COUNT(*) FROM mysql.global_priv WHERE User = 'app'")) {
            rs.next();
            assertThat(rs.getInt(1)).isEqualTo(1);
        }
    }

    private static void sql(String... statements) throws Exception {
        try (Connection c = MysqlJdbc.connect(target.withScope(List.of()));
                Statement st = c.createStatement()) {
            for (String s : statements) {
                st.execute(s);
            }
        }
    }
}
