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
import dev.rollback.errors.IncompleteBackupException;
import dev.rollback.errors.Problem;
import dev.rollback.errors.RollbackException;
import dev.rollback.events.RollbackListener;
import dev.rollback.fixtures.ComposeFixture;
import dev.rollback.plan.Step;
import dev.rollback.plan.StepContext;
import dev.rollback.spi.ArtifactInfo;
import dev.rollback.spi.ArtifactSource;
import dev.rollback.spi.BackupContext;
import dev.rollback.spi.BackupContributor;
import dev.rollback.spi.BackupContributors;
import dev.rollback.spi.ContainerRuntime;
import dev.rollback.spi.ContainerRuntimes;
import dev.rollback.spi.DrillOutcome;
import dev.rollback.spi.DumpSource;
import dev.rollback.spi.PropertiesSecretStore;
import dev.rollback.testing.RequiresDocker;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The docker target, on the compose fixture's PostgreSQL (it publishes {@code 127.0.0.1::5432}): the dump runs in
 * the service's container, lands in a real backup set, is drilled in a scratch container of the service's own image
 * and restored into the live service by the plan step.
 */
@RequiresDocker
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DockerDatabaseBackupIT {
    @TempDir
    static Path tmp;

    static ComposeFixture fx;
    static Environment env;
    static ContainerRuntime rt;
    static BackupContext ctx;
    static DatabaseTarget live;
    static BackupSet set;
    static BackupManifest.Artifact artifact;
    static Fingerprint original;
    static final DatabaseAdapter PG = DatabaseAdapters.require(ServiceKind.POSTGRES);
    final BackupContributor contributor = new DatabaseBackupContributor();

    @BeforeAll
    static void start() throws Exception {
        fx = ComposeFixture.create(tmp);
        fx.up(List.of("standard"), "postgres");
        env = Environment.custom(fx.home())
                .withProcessEnvironment(Map.of("HOME", fx.home().toString()))
                .withActiveProfiles(List.of("standard"))
                .build();
        rt = ContainerRuntimes.connect(env, Duration.ofSeconds(5)).orElseThrow();
        rt.awaitHealthy(env, Map.of("postgres", Duration.ofSeconds(90)), RollbackListener.NONE);
        ctx = new BackupContext(env, Optional.of(rt), Optional.empty(), Optional.empty(), List.of("postgres"));
        live = EnvironmentTargets.of(ctx)
                .target(EnvironmentTargets.of(ctx).unit("postgres").orElseThrow());
        awaitTcp(live);
        psql("dev_database", "CREATE DATABASE shop");
        psql(
                "shop",
                "CREATE TABLE orders (id int PRIMARY KEY, item text, price numeric(10,2), at timestamptz);"
                        + " INSERT INTO orders SELECT i, 'item ' || i || ' ünïcødé', i * 1.25, timestamptz '2025-01-01'"
                        + " + i * interval '1 minute' FROM generate_series(1, 20000) i;"
                        + " CREATE TABLE notes (id serial PRIMARY KEY, body text); INSERT INTO notes (body) VALUES ('hello'),"
                        + " (repeat('x', 100000))");
        psql(
                "dev_database",
                "CREATE TABLE settings (k text PRIMARY KEY, v jsonb); INSERT INTO settings VALUES"
                        + " ('tls', '{\"on\": true}')");
        original = PG.fingerprint(live);
        set = DumpSets.write(tmp.resolve("backups"), "20250101_000000", new DatabaseBackupContributor().sources(ctx));
        artifact = DumpSets.artifact(set, "postgres");
    }

    @AfterAll
    static void stop() {
        try {
            if (rt != null) {
                rt.close();
            }
        } finally {
            if (fx != null) {
                fx.close();
            }
        }
    }

    @Test
    @Order(1)
    void isFoundThroughTheServiceLoader() {
        assertThat(BackupContributors.forKind(BackupContributors.all(), "db-dump"))
                .get()
                .isInstanceOf(DatabaseBackupContributor.class);
    }

    @Test
    @Order(1)
    void expectsOneDumpPerActiveDatabaseServiceAndOneForTheRedisCluster() {
        assertThat(contributor.expected(env)).containsExactly("db-dump:postgres", "db-dump:mysql", "db-dump:redis-1");
    }

    @Test
    @Order(1)
    void liveTargetIsThePublishedPortWithToolsInTheServicesContainer() {
        assertThat(live.host()).isEqualTo("127.0.0.1");
        assertThat(live.port()).isEqualTo(fx.publishedPort("postgres", 5432));
        assertThat(live.user()).isEqualTo("dev_admin");
        assertThat(live.password()).contains("fixture-postgres-pw");
        assertThat(live.runner().describe()).isEqualTo("container of service postgres");
        assertThat(live.runner().toolPort(live)).isEqualTo(5432);
    }

    @Test
    @Order(1)
    void theSetHoldsTheDumpWithFormatToolAndFingerprintInTheManifest() throws Exception {
        assertThat(artifact.kind()).isEqualTo("db-dump");
        assertThat(artifact.file()).isEqualTo("db-postgres.sql.zst");
        Map<String, String> fp = artifact.fingerprint();
        assertThat(fp)
                .containsEntry("format", "pg_dumpall-sql")
                .containsEntry("tool", "pg_dumpall")
                .containsKeys("server", "dump-sha256", "sha256", "bytes")
                .containsEntry(
                        "fingerprint.shop.public.orders",
                        original.parts().get("shop.public.orders").toString())
                .containsEntry(
                        "fingerprint.dev_database.public.settings",
                        original.parts().get("dev_database.public.settings").toString());
        assertThat(fp.get("dump-sha256")).isEqualTo(fp.get("sha256"));
        assertThat(FingerprintEntries.parts(fp)).isEqualTo(original.parts().size());
        try (InputStream in = set.content(artifact, null)) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            assertThat(text)
                    .contains("PostgreSQL database cluster dump complete")
                    .doesNotContain("fixture-postgres-pw");
        }
        assertThat(Files.readString(set.dir().resolve("manifest.json"))).doesNotContain("fixture-postgres-pw");
    }

    @Test
    @Order(2)
    void drillRestoresIntoAScratchContainerOfTheServicesImageAndPasses() {
        long start = System.nanoTime();
        DrillOutcome o = contributor.drill(ctx, DumpSets.info(artifact), DumpSets.content(set, artifact));
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf(
                "[figure] docker-target drill of a %d-byte postgres dump: %.2f s (%s)%n",
                Long.parseLong(artifact.fingerprint().get("bytes")), seconds, o.detail());

        assertThat(o.passed()).as(o.detail()).isTrue();
        assertThat(o.detail())
                .contains("scratch container rollback-scratch-")
                .contains("(removed)")
                .contains("fingerprint equal");
        assertNoScratchLeft();
        assertThat(PG.fingerprint(live)).isEqualTo(original);
    }

    @Test
    @Order(2)
    void drillOfAFlippedByteIsRefusedBeforeTheScratchRestoreAndLiveDataIsUntouched() throws Exception {
        Path copy = plainCopy("flipped.sql");
        long at = Files.readString(copy).indexOf("item 1234 ");
        DumpSets.flipByte(copy, at);

        DrillOutcome o = contributor.drill(ctx, DumpSets.info(artifact), DumpSource.ofFile(copy));

        assertThat(o.passed()).isFalse();
        assertThat(o.detail())
                .contains("restore drill of postgres")
                .contains("SHA-256")
                .contains("but the backup recorded")
                .contains("scratch removed");
        assertNoScratchLeft();
        assertThat(PG.fingerprint(live)).isEqualTo(original);
    }

    @Test
    @Order(2)
    void drillOfADumpThatRestoresOtherDataNamesThePartsThatDiffer() throws Exception {
        Path copy = plainCopy("changed.sql");
        String text = Files.readString(copy).replace("item 1234 ", "item 9999 ");
        Files.writeString(copy, text);
        ArtifactInfo info = DumpSets.withEntry(
                DumpSets.withEntry(DumpSets.info(artifact), "dump-sha256", sha256(copy)), "sha256", sha256(copy));

        DrillOutcome o = contributor.drill(ctx, info, DumpSource.ofFile(copy));

        assertThat(o.passed()).isFalse();
        assertThat(o.detail())
                .contains("differs from the backup's fingerprint in 1 place")
                .contains("shop.public.orders: content differs (20000 rows)")
                .doesNotContain(original.parts().get("shop.public.orders").hash());
        assertNoScratchLeft();
        assertThat(PG.fingerprint(live)).isEqualTo(original);
    }

    @Test
    @Order(2)
    void drillAgainstAFlippedRecordedFingerprintFails() {
        ArtifactInfo info = DumpSets.withEntry(DumpSets.info(artifact), "fingerprint.shop.public.notes", "2:0000");

        DrillOutcome o = contributor.drill(ctx, info, DumpSets.content(set, artifact));

        assertThat(o.passed()).isFalse();
        assertThat(o.detail()).contains("shop.public.notes: content differs (2 rows)");
        assertThat(PG.fingerprint(live)).isEqualTo(original);
    }

    @Test
    @Order(3)
    void restoreStepBringsBackDestroyedDataAfterASafetyDump() throws Exception {
        psql(
                "shop",
                "DROP TABLE notes; DELETE FROM orders WHERE id > 100; INSERT INTO orders VALUES (-1, 'new', 0,"
                        + " now())");
        psql("dev_database", "CREATE DATABASE extra_db");
        assertThat(PG.fingerprint(live)).isNotEqualTo(original);
        Step step = contributor
                .restoreStep(ctx, DumpSets.info(artifact), DumpSets.content(set, artifact))
                .orElseThrow();
        StepContext sc = DumpSets.stepContext(env, tmp.resolve("run"), Map.of());

        assertThat(step.name()).isEqualTo("db-restore/postgres");
        assertThat(step.preflight(sc)).isEmpty();
        step.execute(sc);

        assertThat(PG.fingerprint(live)).isEqualTo(original);
        Path safety = Path.of(sc.recordedUndo().get(0).field("dump"));
        assertThat(sc.recordedUndo().get(0).kind()).isEqualTo("db");
        assertThat(safety.getParent()).isEqualTo(sc.safetyDir());
        assertThat(Files.readString(safety)).contains("extra_db");
        assertThat(psqlOut("dev_database", "SELECT count(*) FROM pg_database WHERE datname = 'extra_db'"))
                .isEqualTo("0");
    }

    @Test
    @Order(3)
    void restoreStepPreflightRefusesATruncatedDumpAndChangesNothing() throws Exception {
        Path copy = plainCopy("truncated.sql");
        byte[] bytes = Files.readAllBytes(copy);
        Files.write(copy, Arrays.copyOf(bytes, bytes.length / 2));
        Fingerprint before = PG.fingerprint(live);
        Step step = contributor
                .restoreStep(ctx, DumpSets.info(artifact), DumpSource.ofFile(copy))
                .orElseThrow();

        List<Problem> problems = step.preflight(DumpSets.stepContext(env, tmp.resolve("run2"), Map.of()));

        assertThat(problems).hasSize(1);
        assertThat(problems.get(0).blocking()).isTrue();
        assertThat(problems.get(0).toString()).contains("postgres").contains("is not what the backup recorded");
        assertThat(PG.fingerprint(live)).isEqualTo(before);
    }

    @Test
    @Order(4)
    void aWrongPasswordIsAnErrorNamingTheServiceNotThePassword() {
        var store = PropertiesSecretStore.of(
                Map.of("secret/postgres", Map.of("user", "dev_admin", "password", "not-the-password")));
        BackupContext wrong =
                new BackupContext(env, Optional.of(rt), Optional.empty(), Optional.of(store), List.of("postgres"));

        assertThatThrownBy(() -> contributor.sources(wrong))
                .isInstanceOf(RollbackException.class)
                .hasMessageContaining("cannot back up the database of service postgres")
                .hasMessageNotContaining("not-the-password");
    }

    @Test
    @Order(5)
    void serviceDownIsAnErrorNamingItUnlessAPartialBackupMayLeaveItOutWhileTheDrillStillRuns() {
        rt.stop(env, List.of("postgres"), Duration.ofSeconds(10));

        assertThatThrownBy(() -> contributor.sources(ctx))
                .isInstanceOf(RollbackException.class)
                .hasMessageContaining(
                        "cannot back up the database of service postgres: service postgres is not running")
                .hasMessageContaining("exited");
        BackupContext all = new BackupContext(env, Optional.of(rt), Optional.empty(), Optional.empty(), List.of());
        assertThatThrownBy(() -> contributor.sources(all))
                .isInstanceOf(IncompleteBackupException.class)
                .hasMessageContaining("nothing was written")
                .hasMessageContaining("--partial");
        List<ArtifactSource> sources = contributor.sources(all.allowingPartial());
        assertThat(sources).isEmpty(); // postgres down; mysql and the redis nodes have no containers

        DrillOutcome o = contributor.drill(ctx, DumpSets.info(artifact), DumpSets.content(set, artifact));
        assertThat(o.passed()).as(o.detail()).isTrue();
    }

    private static void assertNoScratchLeft() {
        assertThat(fxDocker(
                        "ps",
                        "-aq",
                        "--filter",
                        "label=dev.rollback.scratch=restore-drill",
                        "--filter",
                        "label=dev.rollback.service=postgres"))
                .isEmpty();
    }

    private static Path plainCopy(String name) throws Exception {
        Path copy = tmp.resolve(name);
        try (InputStream in = set.content(artifact, null)) {
            Files.copy(in, copy);
        }
        return copy;
    }

    private static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }

    private static void psql(String db, String sql) {
        fx.exec("postgres", "psql", "-v", "ON_ERROR_STOP=1", "-U", "dev_admin", "-d", db, "-c", sql);
    }

    private static String psqlOut(String db, String sql) {
        return fx.exec("postgres", "psql", "-U", "dev_admin", "-d", db, "-tAc", sql);
    }

    private static String fxDocker(String... args) {
        List<String> cmd = new ArrayList<>(List.of("docker"));
        cmd.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor();
            return out.strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The image's first start runs a socket-only server for initdb; the real one is what answers on TCP. */
    private static void awaitTcp(DatabaseTarget t) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            try {
                PG.health(t);
                return;
            } catch (RollbackException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.onSpinWait();
            }
        }
    }
}
