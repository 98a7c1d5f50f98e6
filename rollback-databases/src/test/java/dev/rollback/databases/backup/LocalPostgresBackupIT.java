package dev.rollback.databases.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rollback.backup.BackupManifest;
import dev.rollback.backup.BackupSet;
import dev.rollback.databases.spi.DatabaseAdapter;
import dev.rollback.databases.spi.DatabaseAdapters;
import dev.rollback.databases.spi.DatabaseTarget;
import dev.rollback.databases.spi.Fingerprint;
import dev.rollback.databases.spi.RestoreOptions;
import dev.rollback.databases.support.ScratchContainer;
import dev.rollback.env.Environment;
import dev.rollback.env.ServiceKind;
import dev.rollback.errors.IncompleteBackupException;
import dev.rollback.errors.RollbackException;
import dev.rollback.plan.Step;
import dev.rollback.plan.StepContext;
import dev.rollback.spi.ArtifactInfo;
import dev.rollback.spi.BackupContext;
import dev.rollback.spi.DrillOutcome;
import dev.rollback.spi.DumpSource;
import dev.rollback.spi.PropertiesSecretStore;
import dev.rollback.testing.Component;
import dev.rollback.testing.HostServices;
import dev.rollback.testing.RequiresDocker;
import dev.rollback.testing.RequiresPostgres;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The local target against the host's PostgreSQL, scoped to this test's own database: the dump runs with the host's
 * pg_dumpall, lands in a real backup set and is drilled in a scratch cluster this host starts (initdb, pg_ctl), never
 * in the host's server. The restore step runs against a throwaway PostgreSQL reached as a local service: a
 * pg_dumpall restore replays the cluster's roles, which must not happen on the shared host server.
 */
@RequiresPostgres
class LocalPostgresBackupIT {
    private static final DatabaseAdapter PG = DatabaseAdapters.require(ServiceKind.POSTGRES);
    private final String db = "rb_bk_" + UUID.randomUUID().toString().substring(0, 8);
    private final DatabaseBackupContributor contributor =
            new DatabaseBackupContributor().withScopes(Map.of("postgres", List.of(db)));
    private Environment env;
    private BackupContext ctx;
    private DatabaseTarget live;

    @TempDir
    Path tmp;

    @BeforeEach
    void seed() throws Exception {
        InetSocketAddress a = HostServices.address(Component.POSTGRES);
        env = LocalProject.create(
                tmp.resolve("project"),
                """
              postgres:
                image: local/postgres:15
                environment:
                  POSTGRES_USER: %s
            """.formatted(HostServices.postgresUser()),
                Map.of("postgres", a.getHostString() + ":" + a.getPort()));
        ctx = new BackupContext(env, Optional.empty(), Optional.empty(), Optional.empty(), List.of("postgres"));
        live = LocalProject.liveTarget(ctx, "postgres", List.of(db));
        sql(HostServices.postgresUrl(), "CREATE DATABASE " + db);
        sql(
                url(db),
                "CREATE TABLE orders (id int PRIMARY KEY, item text, at date);"
                        + " INSERT INTO orders SELECT i, 'ïtem ' || i, date '2025-01-01' + i FROM generate_series(1, 5000) i;"
                        + " CREATE SCHEMA billing; CREATE TABLE billing.invoices (n bigint, body bytea);"
                        + " INSERT INTO billing.invoices VALUES (1, '\\x00ff'), (2, NULL)");
    }

    @AfterEach
    void drop() throws Exception {
        sql(HostServices.postgresUrl(), "DROP DATABASE IF EXISTS " + db + " WITH (FORCE)");
    }

    @Test
    void theLocalTargetIsTheOverriddenAddressWithHostTools() {
        InetSocketAddress a = HostServices.address(Component.POSTGRES);
        assertThat(live.address()).isEqualTo(a.getHostString() + ":" + a.getPort());
        assertThat(live.runner().describe()).isEqualTo("host process");
        assertThat(live.scope()).containsExactly(db);
    }

    @Test
    void drillRestoresTheScopedDumpIntoAScratchClusterOnThisHostAndPasses() throws Exception {
        Fingerprint before = PG.fingerprint(live);
        BackupSet set = DumpSets.write(tmp.resolve("backups"), "s1", contributor.sources(ctx));
        BackupManifest.Artifact a = DumpSets.artifact(set, "postgres");
        long scratchDirs = scratchDirs();

        long start = System.nanoTime();
        DrillOutcome o = contributor.drill(ctx, DumpSets.info(a), DumpSets.content(set, a));
        System.out.printf(
                "[figure] local-target drill of a %s-byte postgres dump: %.2f s (%s)%n",
                a.fingerprint().get("bytes"), (System.nanoTime() - start) / 1e9, o.detail());

        assertThat(o.passed()).as(o.detail()).isTrue();
        assertThat(o.detail())
                .contains("scratch PostgreSQL cluster on 127.0.0.1:")
                .contains("2 parts, 5002 rows");
        assertThat(a.fingerprint())
                .containsEntry("scope", db)
                .containsEntry(
                        "fingerprint." + db + ".public.orders",
                        before.parts().get(db + ".public.orders").toString())
                .doesNotContainKey("fingerprint.(roles)");
        assertThat(scratchDirs()).isEqualTo(scratchDirs);
        assertThat(PG.fingerprint(live)).isEqualTo(before);
    }

    @Test
    void drillOfACorruptDumpFailsClearlyAndTheHostDatabaseIsUntouched() throws Exception {
        BackupSet set = DumpSets.write(tmp.resolve("backups"), "s1", contributor.sources(ctx));
        BackupManifest.Artifact a = DumpSets.artifact(set, "postgres");
        Path copy = tmp.resolve("copy.sql");
        try (InputStream in = set.content(a, null)) {
            Files.copy(in, copy);
        }
        DumpSets.flipByte(copy, Files.readString(copy).indexOf("ïtem 4321"));
        sql(url(db), "INSERT INTO orders VALUES (-1, 'written after the backup', NULL)");
        Fingerprint now = PG.fingerprint(live);

        DrillOutcome o = contributor.drill(ctx, DumpSets.info(a), DumpSource.ofFile(copy));

        assertThat(o.passed()).isFalse();
        assertThat(o.detail())
                .contains("restore drill of postgres")
                .contains("but the backup recorded")
                .contains("Nothing was changed");
        assertThat(PG.fingerprint(live)).isEqualTo(now);
    }

    @Test
    void drillAgainstAFlippedRecordedFingerprintNamesThePart() {
        BackupSet set = DumpSets.write(tmp.resolve("backups"), "s1", contributor.sources(ctx));
        BackupManifest.Artifact a = DumpSets.artifact(set, "postgres");
        ArtifactInfo flipped =
                DumpSets.withEntry(DumpSets.info(a), "fingerprint." + db + ".public.orders", "4999:" + "0".repeat(32));

        DrillOutcome o = contributor.drill(ctx, flipped, DumpSets.content(set, a));

        assertThat(o.passed()).isFalse();
        assertThat(o.detail())
                .contains(db + ".public.orders: row count differs (recorded 4999, restored 5000)")
                .doesNotContain("0".repeat(32));
    }

    @Test
    void aScopedRestoreThatWouldDropDatabasesOutsideItsScopeIsRefusedBeforeAnyChange() throws Exception {
        String other = db + "_other";
        sql(HostServices.postgresUrl(), "CREATE DATABASE " + other);
        try {
            BackupSet set = DumpSets.write(tmp.resolve("backups"), "s1", contributor.sources(ctx));
            BackupManifest.Artifact a = DumpSets.artifact(set, "postgres");
            Fingerprint before = PG.fingerprint(live.withScope(List.of(db, other)));
            Step step = contributor
                    .restoreStep(ctx, DumpSets.info(a), DumpSets.content(set, a))
                    .orElseThrow();
            StepContext sc = DumpSets.stepContext(env, tmp.resolve("run"), Map.of());

            assertThat(step.preflight(sc)).anySatisfy(p -> {
                assertThat(p.blocking()).isTrue();
                assertThat(p.toString())
                        .contains("drops databases outside it")
                        .contains(other)
                        .doesNotContain("template1");
            });
            assertThatThrownBy(() -> step.execute(sc))
                    .isInstanceOf(RollbackException.class)
                    .hasMessageContaining(other);
            // the adapter itself refuses too, for callers that do not go through the step
            assertThatThrownBy(() -> PG.restore(
                            live.withScope(List.of(db)), DumpSets.content(set, a), RestoreOptions.ofDefaults()))
                    .isInstanceOf(RollbackException.class)
                    .hasMessageContaining("drops databases outside the restore's scope")
                    .hasMessageContaining(other)
                    .hasMessageContaining("nothing was changed");
            assertThat(PG.fingerprint(live.withScope(List.of(db, other)))).isEqualTo(before);
        } finally {
            sql(HostServices.postgresUrl(), "DROP DATABASE IF EXISTS " + other + " WITH (FORCE)");
        }
    }

    @Test
    void serviceDownIsAnErrorNamingItUnlessAPartialBackupMayLeaveItOut() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        Environment down = LocalProject.create(tmp.resolve("down"), """
              postgres:
                image: local/postgres:15
            """, Map.of("postgres", "127.0.0.1:" + closed));

        assertThatThrownBy(() -> contributor.sources(new BackupContext(
                        down, Optional.empty(), Optional.empty(), Optional.empty(), List.of("postgres"))))
                .isInstanceOf(RollbackException.class)
                .hasMessageContaining("cannot back up the database of service postgres")
                .hasMessageContaining("127.0.0.1:" + closed);
        assertThatThrownBy(() -> contributor.sources(BackupContext.of(down)))
                .isInstanceOf(IncompleteBackupException.class)
                .hasMessageContaining("--partial");
        assertThat(contributor.sources(BackupContext.of(down).allowingPartial()))
                .isEmpty();
    }

    @Test
    @RequiresDocker
    void restoreStepPutsBackDestroyedDataIntoALocalServiceAndWrongPasswordsAreNamed() throws Exception {
        String pw = "pw-" + UUID.randomUUID();
        try (ScratchContainer box =
                ScratchContainer.start("local/postgres:15", 5432, Map.of("POSTGRES_PASSWORD", pw))) {
            Environment local = LocalProject.create(
                    tmp.resolve("box"), """
                  pgbox:
                    image: local/postgres:15
                    environment:
                      POSTGRES_PASSWORD: %s
                """.formatted(pw), Map.of("pgbox", "127.0.0.1:" + box.port()));
            BackupContext c =
                    new BackupContext(local, Optional.empty(), Optional.empty(), Optional.empty(), List.of("pgbox"));
            DatabaseTarget t = EnvironmentTargets.of(c)
                    .target(EnvironmentTargets.of(c).unit("pgbox").orElseThrow());
            box.await(() -> healthy(t), Duration.ofSeconds(60));
            sql(t, "postgres", "CREATE DATABASE app");
            sql(
                    t,
                    "app",
                    "CREATE TABLE t (id int PRIMARY KEY, v text); INSERT INTO t SELECT i, md5(i::text)"
                            + " FROM generate_series(1, 1000) i; CREATE ROLE reader LOGIN PASSWORD 'r'");
            Fingerprint before = PG.fingerprint(t);
            DatabaseBackupContributor whole = new DatabaseBackupContributor();
            BackupSet set = DumpSets.write(tmp.resolve("backups"), "s2", whole.sources(c));
            BackupManifest.Artifact a = DumpSets.artifact(set, "pgbox");
            sql(t, "app", "DELETE FROM t WHERE id % 2 = 0; DROP ROLE reader");
            sql(t, "postgres", "CREATE DATABASE extra");

            Step step = whole.restoreStep(c, DumpSets.info(a), DumpSets.content(set, a))
                    .orElseThrow();
            StepContext sc = DumpSets.stepContext(local, tmp.resolve("run"), Map.of());
            assertThat(step.preflight(sc)).isEmpty();
            step.execute(sc);

            assertThat(PG.fingerprint(t)).isEqualTo(before);
            assertThat(sc.recordedUndo())
                    .singleElement()
                    .satisfies(r -> assertThat(Path.of(r.field("dump")))
                            .startsWith(sc.safetyDir())
                            .isRegularFile());

            var wrong = PropertiesSecretStore.of(Map.of("secret/pgbox", Map.of("password", "wrong-" + pw)));
            BackupContext bad =
                    new BackupContext(local, Optional.empty(), Optional.empty(), Optional.of(wrong), List.of("pgbox"));
            assertThatThrownBy(() -> whole.sources(bad))
                    .isInstanceOf(RollbackException.class)
                    .hasMessageContaining("service pgbox")
                    .hasMessageNotContaining(pw);
            assertThat(whole.restoreStep(bad, DumpSets.info(a), DumpSets.content(set, a))
                            .orElseThrow()
                            .preflight(sc))
                    .singleElement()
                    .satisfies(p -> assertThat(p.blocking()).isTrue());
        }
    }

    private static boolean healthy(DatabaseTarget t) {
        try {
            PG.health(t);
            return true;
        } catch (RollbackException e) {
            return false;
        }
    }

    private static long scratchDirs() throws Exception {
        try (Stream<Path> s = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return s.filter(p -> p.getFileName().toString().startsWith("rollback-drill-pg-"))
                    .count();
        }
    }

    private static String url(String database) {
        return HostServices.postgresUrl().replaceFirst("/[^/]*$", "/" + database);
    }

    private static void sql(String url, String statements) throws Exception {
        try (Connection c = DriverManager.getConnection(url, HostServices.postgresUser(), "");
                Statement st = c.createStatement()) {
            st.execute(statements);
        }
    }

    private static void sql(DatabaseTarget t, String database, String statements) throws Exception {
        try (Connection c = DriverManager.getConnection(
                        "jdbc:postgresql://" + t.address() + "/" + database,
                        t.user(),
                        t.password().orElse(""));
                Statement st = c.createStatement()) {
            st.execute(statements);
        }
    }
}
