package dev.rollback.databases.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rollback.backup.BackupManifest;
import dev.rollback.backup.BackupSet;
import dev.rollback.databases.spi.DatabaseAdapter;
import dev.rollback.databases.spi.DatabaseAdapters;
import dev.rollback.databases.spi.DatabaseTarget;
import dev.rollback.databases.spi.Fingerprint;
import dev.rollback.env.Environment;
import dev.rollback.env.ServiceKind;
import dev.rollback.errors.Problem;
import dev.rollback.errors.RollbackException;
import dev.rollback.plan.Step;
import dev.rollback.plan.StepContext;
import dev.rollback.spi.BackupContext;
import dev.rollback.spi.DrillOutcome;
import dev.rollback.spi.PropertiesSecretStore;
import dev.rollback.testing.Component;
import dev.rollback.testing.HostServices;
import dev.rollback.testing.RequiresMysql;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The local target against the host's MariaDB, scoped to this test's own databases: dumped with the host's
 * mariadb-dump into a real backup set, drilled in a scratch mariadbd this host starts, restored into the host
 * server (only the scoped databases) by the plan step.
 */
@RequiresMysql
class LocalMariaDbBackupIT {
    private static final DatabaseAdapter MYSQL = DatabaseAdapters.require(ServiceKind.MYSQL);
    private final String prefix = "rb_bk_" + UUID.randomUUID().toString().substring(0, 8) + "_";
    private final List<String> scope = List.of(prefix + "app", prefix + "shop", prefix + "later");
    private final DatabaseBackupContributor contributor =
            new DatabaseBackupContributor().withScopes(Map.of("mysql", scope));
    private Environment env;
    private BackupContext ctx;
    private DatabaseTarget live;

    @TempDir
    Path tmp;

    @BeforeEach
    void seed() throws Exception {
        InetSocketAddress a = HostServices.address(Component.MYSQL);
        env = LocalProject.create(tmp.resolve("project"), """
              mysql:
                image: local/mariadb:10.11
                environment:
                  MYSQL_ROOT_PASSWORD: ""
            """, Map.of("mysql", a.getHostString() + ":" + a.getPort()));
        ctx = new BackupContext(env, Optional.empty(), Optional.empty(), Optional.empty(), List.of("mysql"));
        live = LocalProject.liveTarget(ctx, "mysql", scope);
        for (String db : List.of(prefix + "app", prefix + "shop")) {
            sql(
                    "CREATE DATABASE " + db + " CHARACTER SET utf8mb4",
                    "CREATE TABLE " + db
                            + ".kinds (id INT AUTO_INCREMENT PRIMARY KEY, label MEDIUMTEXT, doc JSON, b LONGBLOB,"
                            + " amount DECIMAL(20,6), at DATETIME(6))",
                    "INSERT INTO " + db + ".kinds (label, doc, b, amount, at) VALUES ('Grüße, 日本語, 🚀', '{\"a\": 1}',"
                            + " UNHEX('00FF'), 1.5, '2024-02-29 12:34:56.789012'), (REPEAT('x', 70000), NULL, NULL, -1, NULL)",
                    "CREATE TABLE " + db + ".big (id INT PRIMARY KEY, v VARCHAR(64))",
                    "INSERT INTO " + db + ".big SELECT seq, MD5(seq) FROM " + db + ".seq_1_to_10000",
                    "CREATE PROCEDURE " + db + ".twice(IN x INT) SELECT x * 2",
                    "CREATE TRIGGER " + db + ".trim_label BEFORE INSERT ON " + db + ".kinds FOR EACH ROW"
                            + " SET NEW.label = TRIM(NEW.label)",
                    "CREATE EVENT " + db + ".nightly ON SCHEDULE EVERY 1 DAY DISABLE DO DELETE FROM " + db + ".big"
                            + " WHERE id < 0");
        }
    }

    @AfterEach
    void dropOwnDatabases() throws Exception {
        for (String db : scope) {
            sql("DROP DATABASE IF EXISTS " + db);
        }
    }

    @Test
    void drillRestoresIntoAScratchServerOnThisHostAndPasses() {
        Fingerprint before = MYSQL.fingerprint(live);
        BackupSet set = DumpSets.write(tmp.resolve("backups"), "s1", contributor.sources(ctx));
        BackupManifest.Artifact a = DumpSets.artifact(set, "mysql");

        long start = System.nanoTime();
        DrillOutcome o = contributor.drill(ctx, DumpSets.info(a), DumpSets.content(set, a));
        System.out.printf(
                "[figure] local-target drill of a %s-byte mariadb dump: %.2f s (%s)%n",
                a.fingerprint().get("bytes"), (System.nanoTime() - start) / 1e9, o.detail());

        assertThat(o.passed()).as(o.detail()).isTrue();
        assertThat(o.detail()).contains("scratch MariaDB server on 127.0.0.1:").contains("6 parts, 20010 rows");
        assertThat(a.fingerprint())
                .containsEntry("format", "mysqldump-sql")
                .containsEntry("tool", "mariadb-dump")
                .containsKey("fingerprint." + prefix + "app.(routines,triggers,events)");
        assertThat(MYSQL.fingerprint(live)).isEqualTo(before);
    }

    @Test
    void drillAgainstAFlippedRecordedFingerprintNamesThePart() {
        BackupSet set = DumpSets.write(tmp.resolve("backups"), "s1", contributor.sources(ctx));
        BackupManifest.Artifact a = DumpSets.artifact(set, "mysql");
        String key = "fingerprint." + prefix + "shop.(routines,triggers,events)";

        DrillOutcome o =
                contributor.drill(ctx, DumpSets.withEntry(DumpSets.info(a), key, "3:abc"), DumpSets.content(set, a));

        assertThat(o.passed()).isFalse();
        assertThat(o.detail()).contains(prefix + "shop.(routines,triggers,events): content differs (3 rows)");
    }

    @Test
    void restoreStepBringsBackTheScopedDatabasesAndDropsOneCreatedSince() throws Exception {
        Fingerprint before = MYSQL.fingerprint(live);
        BackupSet set = DumpSets.write(tmp.resolve("backups"), "s1", contributor.sources(ctx));
        BackupManifest.Artifact a = DumpSets.artifact(set, "mysql");
        sql(
                "DROP TABLE " + prefix + "app.big", "UPDATE " + prefix + "shop.kinds SET amount = 0",
                "DROP PROCEDURE " + prefix + "shop.twice", "CREATE DATABASE " + prefix + "later");

        Step step = contributor
                .restoreStep(ctx, DumpSets.info(a), DumpSets.content(set, a))
                .orElseThrow();
        StepContext sc = DumpSets.stepContext(env, tmp.resolve("run"), Map.of());
        assertThat(step.preflight(sc)).isEmpty();
        step.execute(sc);

        assertThat(MYSQL.fingerprint(live)).isEqualTo(before);
        assertThat(databases()).doesNotContain(prefix + "later");
    }

    @Test
    void aWrongPasswordIsAnErrorAndABlockingProblemNamingTheServiceNotThePassword() {
        BackupSet set = DumpSets.write(tmp.resolve("backups"), "s1", contributor.sources(ctx));
        BackupManifest.Artifact a = DumpSets.artifact(set, "mysql");
        var wrong = PropertiesSecretStore.of(Map.of("secret/mysql", Map.of("root_password", "s3cret-wrong")));
        BackupContext bad =
                new BackupContext(env, Optional.empty(), Optional.empty(), Optional.of(wrong), List.of("mysql"));

        assertThatThrownBy(() -> contributor.sources(bad))
                .isInstanceOf(RollbackException.class)
                .hasMessageContaining("service mysql")
                .hasMessageContaining("refused the login")
                .hasMessageNotContaining("s3cret-wrong");
        List<Problem> problems = contributor
                .restoreStep(bad, DumpSets.info(a), DumpSets.content(set, a))
                .orElseThrow()
                .preflight(DumpSets.stepContext(env, tmp.resolve("run"), Map.of()));
        assertThat(problems).singleElement().satisfies(p -> {
            assertThat(p.blocking()).isTrue();
            assertThat(p.toString()).contains("mysql").doesNotContain("s3cret-wrong");
        });
    }

    private List<String> databases() throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection c = connect();
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SHOW DATABASES")) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    private void sql(String... statements) throws Exception {
        try (Connection c = connect();
                Statement st = c.createStatement()) {
            for (String s : statements) {
                st.execute(s);
            }
        }
    }

    private static Connection connect() throws Exception {
        return DriverManager.getConnection(HostServices.mysqlUrl(), HostServices.mysqlUser(), "");
    }
}
