package dev.rollback.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.rollback.env.Environment;
import dev.rollback.errors.RollbackException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The compose CLI runner, with {@code sh} scripts standing in for compose. */
class ComposeCliTest {
    @TempDir
    Path tmp;

    private Environment env(String... extraFiles) throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("rbunit"));
        Files.writeString(dir.resolve("docker-compose.yml"), "services:\n  db:\n    image: local/busybox\n");
        Files.writeString(dir.resolve("docker-compose.override.yml"), "services:\n  db:\n    command: [\"true\"]\n");
        for (String f : extraFiles) {
            Files.writeString(dir.resolve(f), "services: {}\n");
        }
        return Environment.custom(dir)
                .withProcessEnvironment(Map.of("HOME", dir.toString()))
                .build();
    }

    private static ComposeCli script(String script, Duration timeout) {
        return new ComposeCli(List.of("sh", "-c", script, "compose"), Map.of(), timeout);
    }

    @Test
    void recreateCommandNamesProjectThenEachComposeFileThenEachOverride() throws Exception {
        Environment env = env("extra.yml");
        Path dir = env.projectDir();

        List<String> command = new ComposeCli(List.of("docker-compose"), Map.of(), Duration.ofMinutes(5))
                .command(
                        env, List.of(Path.of("extra.yml")), List.of("up", "-d", "--no-deps", "--force-recreate", "db"));

        assertThat(command)
                .containsExactly(
                        "docker-compose",
                        "-p",
                        "rbunit",
                        "-f",
                        dir.resolve("docker-compose.yml").toString(),
                        "-f",
                        dir.resolve("docker-compose.override.yml").toString(),
                        "-f",
                        dir.resolve("extra.yml").toString(),
                        "up",
                        "-d",
                        "--no-deps",
                        "--force-recreate",
                        "db");
    }

    @Test
    void aNonDefaultEnvFileIsPassedAsEnvFile() throws Exception {
        Environment base = env();
        Files.writeString(base.projectDir().resolve("staging.env"), "X=1\n");
        Environment env = Environment.custom(base.projectDir())
                .withEnvFile(Path.of("staging.env"))
                .withProcessEnvironment(Map.of("HOME", tmp.toString()))
                .build();

        List<String> command = new ComposeCli(List.of("docker", "compose"), Map.of(), Duration.ofMinutes(5))
                .command(env, List.of(), List.of("up"));

        assertThat(String.join(" ", command))
                .startsWith("docker compose -p rbunit -f ")
                .endsWith(" --env-file " + env.projectDir().resolve("staging.env") + " up");
    }

    @Test
    void failureReportsExitCodeCommandAndTheLastLinesOfOutput() throws Exception {
        ComposeCli cli = script(
                "for i in $(seq 1 100); do echo \"line $i\"; done; echo oops >&2; exit 4", Duration.ofSeconds(30));

        RollbackException e =
                catchThrowableOfType(RollbackException.class, () -> cli.recreate(env(), List.of("db"), List.of()));

        assertThat(e.getMessage())
                .contains("exit code 4", "-p rbunit", "up -d --no-deps --force-recreate db", "line 100", "oops")
                .doesNotContain("line 70\n");
    }

    @Test
    void largeOutputNeverBlocksTheProcess() throws Exception {
        ComposeCli cli = new ComposeCli(List.of("sh"), Map.of(), Duration.ofSeconds(30));

        ComposeCli.Result r = cli.execute(List.of("sh", "-c", "yes 'compose output' | head -n 200000"), tmp);

        assertThat(r.exitCode()).isZero();
        assertThat(r.tail()).endsWith("compose output");
    }

    @Test
    void aHangingRunIsStoppedAtItsTimeout() throws Exception {
        ComposeCli cli = script("echo starting; sleep 30", Duration.ofMillis(500));
        long begin = System.nanoTime();

        RollbackException e =
                catchThrowableOfType(RollbackException.class, () -> cli.recreate(env(), List.of("db"), List.of()));

        assertThat(Duration.ofNanos(System.nanoTime() - begin)).isLessThan(Duration.ofSeconds(8));
        assertThat(e.getMessage()).contains("did not finish within 0 s", "starting");
    }

    @Test
    void detectFallsBackToDockerComposeV1OrFindsV2() {
        List<String> base;
        try {
            base = ComposeCli.detect(Map.of()).base();
        } catch (RollbackException none) {
            assertThat(none.getMessage()).contains("docker compose", "docker-compose");
            return;
        }
        assertThat(base).isIn(List.of("docker", "compose"), List.of("docker-compose"));
    }
}
