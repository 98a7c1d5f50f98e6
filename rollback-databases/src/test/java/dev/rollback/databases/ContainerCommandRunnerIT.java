package dev.rollback.databases;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rollback.databases.spi.Command;
import dev.rollback.databases.spi.CommandResult;
import dev.rollback.databases.spi.DatabaseAdapter;
import dev.rollback.databases.spi.DatabaseAdapters;
import dev.rollback.databases.spi.DatabaseTarget;
import dev.rollback.databases.spi.Fingerprint;
import dev.rollback.databases.spi.RestoreOptions;
import dev.rollback.env.Environment;
import dev.rollback.env.ServiceKind;
import dev.rollback.errors.RollbackException;
import dev.rollback.events.RollbackListener;
import dev.rollback.fixtures.ComposeFixture;
import dev.rollback.spi.ContainerRuntime;
import dev.rollback.spi.ContainerRuntimes;
import dev.rollback.spi.DumpSource;
import dev.rollback.spi.ScratchContainer;
import dev.rollback.spi.ScratchSpec;
import dev.rollback.testing.RequiresDocker;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine's own tools run inside the service's container (the docker target), against the fixture's
 * PostgreSQL: its client tools connect to the container's loopback while JDBC checks go to the published port.
 * The same runner in a restore drill's scratch container ({@link ContainerCommandRunner#inScratch}) streams input
 * and names a missing tool the same way.
 */
@RequiresDocker
class ContainerCommandRunnerIT {
    @TempDir
    static Path tmp;

    static ComposeFixture fx;
    static ContainerRuntime rt;
    static Environment env;
    static DatabaseTarget target;

    @BeforeAll
    static void start() {
        fx = ComposeFixture.create(tmp);
        fx.up(List.of("standard"), "postgres");
        env = fx.environment();
        rt = ContainerRuntimes.connect(env, Duration.ofSeconds(5)).orElseThrow();
        rt.awaitHealthy(env, Map.of("postgres", Duration.ofSeconds(90)), RollbackListener.NONE);
        target = DatabaseTarget.custom("postgres", ServiceKind.POSTGRES)
                .host("127.0.0.1")
                .port(fx.publishedPort("postgres", 5432))
                .user("dev_admin")
                .password("fixture-postgres-pw")
                .database("dev_database")
                .connectTimeout(Duration.ofSeconds(5))
                .runner(new ContainerCommandRunner(rt, env, "postgres", 5432))
                .build();
        // the image's first start runs a socket-only server for initdb, which pg_isready already calls healthy;
        // the real server is the one that answers on TCP
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            try {
                DatabaseAdapters.require(ServiceKind.POSTGRES).health(target);
                break;
            } catch (RollbackException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.onSpinWait();
            }
        }
        fx.exec(
                "postgres",
                "psql",
                "-U",
                "dev_admin",
                "-d",
                "dev_database",
                "-c",
                "CREATE TABLE orders (id int primary key, item text); INSERT INTO orders VALUES (1, 'héllo'), (2, 'x')");
    }

    @AfterAll
    static void stop() {
        if (rt != null) {
            rt.close();
        }
        if (fx != null) {
            fx.close();
        }
    }

    @Test
    void pgDumpallRunsInTheContainerAndTheRestoreBringsTheDataBack() throws Exception {
        DatabaseAdapter adapter = DatabaseAdapters.require(ServiceKind.POSTGRES);
        Fingerprint before = adapter.fingerprint(target);
        Path dump = tmp.resolve("cluster.sql");
        try (var out = Files.newOutputStream(dump)) {
            adapter.dump(target, out);
        }
        fx.exec("postgres", "psql", "-U", "dev_admin", "-d", "dev_database", "-c", "DROP TABLE orders");

        adapter.restore(
                target, DumpSource.ofFile(dump), RestoreOptions.ofDefaults().withSafetyDumpDirectory(tmp));

        assertThat(Files.readString(dump)).contains("PostgreSQL database cluster dump complete");
        assertThat(adapter.fingerprint(target)).isEqualTo(before);
        assertThat(fx.exec(
                        "postgres",
                        "psql",
                        "-U",
                        "dev_admin",
                        "-d",
                        "dev_database",
                        "-tAc",
                        "SELECT item FROM orders WHERE id = 1"))
                .isEqualTo("héllo");
    }

    @Test
    void inputIsStreamedByItsLengthAndArrivesWhole() throws Exception {
        byte[] data = new byte[300_000];
        new Random(7).nextBytes(data);
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        CommandResult r = new ContainerCommandRunner(rt, env, "postgres", 5432)
                .run(Command.of("sha256sum")
                        .withStdin(new ByteArrayInputStream(data), data.length)
                        .withStdout(out));

        assertThat(r.exitCode()).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8))
                .startsWith(HexFormat.of()
                        .formatHex(MessageDigest.getInstance("SHA-256").digest(data)));
    }

    @Test
    void aToolMissingFromTheContainerIsNamed() {
        assertThatThrownBy(() ->
                        new ContainerCommandRunner(rt, env, "postgres", 5432).run(Command.of("mongodump", "--archive")))
                .isInstanceOf(RollbackException.class)
                .hasMessageContaining("tool 'mongodump' is missing from the container of service postgres");
    }

    @Test
    void theToolConnectsToTheContainersOwnPortNotThePublishedOne() {
        var runner = new ContainerCommandRunner(rt, env, "postgres", 5432);

        assertThat(runner.toolHost(target)).isEqualTo("127.0.0.1");
        assertThat(runner.toolPort(target)).isEqualTo(5432).isNotEqualTo(target.port());
    }

    @Test
    void inAScratchContainerInputArrivesWholeAndAMissingToolIsNamed() throws Exception {
        byte[] data = new byte[300_000];
        new Random(11).nextBytes(data);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ScratchContainer scratch = rt.startScratch(new ScratchSpec(
                "local/postgres:15",
                Map.of("POSTGRES_HOST_AUTH_METHOD", "trust"),
                List.of(),
                List.of(5432),
                Map.of("dev.rollback.scratch", "runner-it")))) {
            var runner = ContainerCommandRunner.inScratch(scratch, 5432);

            CommandResult r = runner.run(Command.of("sha256sum")
                    .withStdin(new ByteArrayInputStream(data), data.length)
                    .withStdout(out));

            assertThat(r.exitCode()).isZero();
            assertThat(out.toString(StandardCharsets.UTF_8))
                    .startsWith(HexFormat.of()
                            .formatHex(MessageDigest.getInstance("SHA-256").digest(data)));
            assertThat(runner.describe()).isEqualTo(scratch.describe());
            assertThat(runner.toolPort(target)).isEqualTo(5432);
            assertThatThrownBy(() -> runner.run(Command.of("mongodump", "--archive")))
                    .isInstanceOf(RollbackException.class)
                    .hasMessageContaining("tool 'mongodump' is missing from " + scratch.describe());
            assertThatThrownBy(() -> runner.forService("postgres")).isInstanceOf(IllegalStateException.class);
        }
    }
}
