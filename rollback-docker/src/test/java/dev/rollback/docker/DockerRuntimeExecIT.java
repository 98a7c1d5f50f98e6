package dev.rollback.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.rollback.env.Environment;
import dev.rollback.errors.RollbackException;
import dev.rollback.spi.ContainerStats;
import dev.rollback.spi.ExecRequest;
import dev.rollback.spi.ExecResult;
import dev.rollback.testing.RequiresDocker;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Exec, file copy and stats against one running and one stopped service. */
@RequiresDocker
class DockerRuntimeExecIT {
    private static final String COMPOSE = """
        version: "2.4"
        services:
          box:
            image: local/busybox
            command: ["sleep", "3600"]
            stop_signal: SIGKILL
          idle:
            image: local/busybox
            command: ["true"]
        """;
    private static final String SECRET = "s3cr3t-Value-42";

    @TempDir
    static Path tmp;

    static TestProject project;
    static Environment env;
    static DockerRuntime docker;

    @BeforeAll
    static void up() {
        project = TestProject.create(tmp, COMPOSE);
        project.compose("up", "-d");
        env = project.env();
        docker = DockerRuntime.require(Duration.ofSeconds(5));
    }

    @AfterAll
    static void down() {
        try {
            if (docker != null) {
                docker.close();
            }
        } finally {
            project.close();
        }
    }

    @Test
    void execCollectsBothStreamsAndTheExitCode() {
        ExecResult r = docker.exec(env, "box", ExecRequest.of("sh", "-c", "echo out; echo err >&2; exit 7"));

        assertThat(r.exitCode()).isEqualTo(7);
        assertThat(r.stdout()).isEqualTo("out\n");
        assertThat(r.stderr()).isEqualTo("err\n");
        assertThat(r.succeeded()).isFalse();
    }

    @Test
    void execEnvironmentReachesTheCommandButNeverItsArguments() {
        ExecResult r = docker.exec(
                env,
                "box",
                ExecRequest.of("sh", "-c", "tr '\\0' ' ' < /proc/$$/cmdline; echo; echo \"$TOKEN\"")
                        .withEnvironment(Map.of("TOKEN", SECRET)));

        String[] lines = r.stdout().split("\n");
        assertThat(lines[0]).startsWith("sh -c ").doesNotContain(SECRET);
        assertThat(lines[1]).isEqualTo(SECRET);
    }

    @Test
    void execStreamsExactlyStdinLengthBytesToALengthDelimitedReader() throws Exception {
        byte[] data = new byte[100_000];
        new Random(42).nextBytes(data);
        String expected =
                HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));

        ExecResult r = docker.exec(
                env,
                "box",
                ExecRequest.of("sh", "-c", "head -c 100000 | sha256sum")
                        .withStdin(new ByteArrayInputStream(data), data.length)
                        .withTimeout(Duration.ofSeconds(30)));

        assertThat(r.stdout()).startsWith(expected);
    }

    @Test
    void execSendsOnlyStdinLengthBytesOfALongerInput() {
        byte[] data = "abcdefghij-and-more-that-must-not-be-sent".getBytes(StandardCharsets.UTF_8);

        ExecResult r = docker.exec(
                env,
                "box",
                ExecRequest.of("sh", "-c", "head -c 10")
                        .withStdin(new ByteArrayInputStream(data), 10)
                        .withTimeout(Duration.ofSeconds(10)));

        assertThat(r.stdout()).isEqualTo("abcdefghij");
    }

    @Test
    void execStreamsOutputBeyondTheCollectLimitToTheCallersStreams() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        ExecResult streamed = docker.exec(
                env,
                "box",
                ExecRequest.of("sh", "-c", "yes abc | head -c 200000; echo done >&2")
                        .withOutput(out, err));
        ExecResult collected = docker.exec(env, "box", ExecRequest.of("sh", "-c", "yes abc | head -c 200000"));

        assertThat(out.size()).isEqualTo(200_000);
        assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo("done\n");
        assertThat(streamed.stdout()).isEmpty();
        assertThat(collected.stdout()).hasSize(ContainerExec.COLLECT_LIMIT).startsWith("abc\nabc\n");
    }

    @Test
    void execTimeoutNamesServiceAndCommandButNoEnvironmentValue() {
        long begin = System.nanoTime();

        RollbackException e = catchThrowableOfType(
                RollbackException.class,
                () -> docker.exec(
                        env,
                        "box",
                        ExecRequest.of("sleep", "30")
                                .withEnvironment(Map.of("TOKEN", SECRET))
                                .withTimeout(Duration.ofSeconds(1))));

        assertThat(Duration.ofNanos(System.nanoTime() - begin)).isLessThan(Duration.ofSeconds(5));
        assertThat(e.getMessage()).contains("'sleep'", "'box'", "1.0 s").doesNotContain(SECRET);
    }

    @Test
    void execWhoseStdinEndsEarlySaysHowManyBytesWereSent() {
        RollbackException e = catchThrowableOfType(
                RollbackException.class,
                () -> docker.exec(
                        env,
                        "box",
                        ExecRequest.of("sh", "-c", "head -c 100 | wc -c")
                                .withStdin(new ByteArrayInputStream(new byte[10]), 100)
                                .withTimeout(Duration.ofSeconds(1))));

        assertThat(e.getMessage()).contains("only 10 of 100 stdin bytes", "the input ended early");
    }

    @Test
    void execRunsAsTheRequestedUser() {
        assertThat(docker.exec(env, "box", ExecRequest.of("id", "-u").withUser("nobody"))
                        .stdout())
                .isEqualTo("65534\n");
    }

    @Test
    void execInAStoppedContainerSaysItIsNotRunning() {
        RollbackException e =
                catchThrowableOfType(RollbackException.class, () -> docker.exec(env, "idle", ExecRequest.of("true")));

        assertThat(e.getMessage()).contains("'idle'", "exited, not running", "docker compose start idle");
    }

    @Test
    void copyToContainerPutsTheFileWhereExecFindsIt() throws Exception {
        Path file = tmp.resolve("payload.txt");
        Files.writeString(file, "payload\n");

        docker.copyToContainer(env, "box", file, "/tmp");

        assertThat(docker.exec(env, "box", ExecRequest.of("cat", "/tmp/payload.txt"))
                        .stdout())
                .isEqualTo("payload\n");
    }

    @Test
    void statsOfARunningContainerShowMemoryAndCpu() {
        Optional<ContainerStats> stats = docker.stats(env, "box");

        assertThat(stats).hasValueSatisfying(s -> {
            assertThat(s.service()).isEqualTo("box");
            assertThat(s.memoryBytes()).isPositive();
            assertThat(s.memoryLimitBytes()).isGreaterThan(s.memoryBytes());
            assertThat(s.cpuPercent()).isBetween(0.0, 200.0);
        });
    }

    @Test
    void statsOfAStoppedContainerAreEmpty() {
        assertThat(docker.stats(env, "idle")).isEmpty();
    }
}
