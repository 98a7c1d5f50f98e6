package dev.rollback.databases.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rollback.env.ServiceKind;
import dev.rollback.errors.RollbackException;
import dev.rollback.spi.PropertiesSecretStore;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LocalCommandRunnerTest {
    private final LocalCommandRunner runner = new LocalCommandRunner();

    @Test
    void missingToolIsNamedWithWhatToDo() {
        assertThatThrownBy(() -> runner.run(Command.of("pg_dumpall-not-installed", "--version")))
                .isInstanceOf(RollbackException.class)
                .hasMessageContaining("'pg_dumpall-not-installed' is missing")
                .hasMessageContaining("install");
    }

    @Test
    void stdinStreamsThroughToStdout() {
        byte[] input = "x".repeat(1_000_000).getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        CommandResult r = runner.run(Command.of("cat")
                .withStdin(new ByteArrayInputStream(input), input.length)
                .withStdout(out));

        assertThat(r.succeeded()).isTrue();
        assertThat(out.toByteArray()).isEqualTo(input);
    }

    @Test
    void secretsReachTheToolThroughTheEnvironmentAndNeverTheDescription() {
        Command c = Command.of("sh", "-c", "printf %s \"$PGPASSWORD\"").withEnvironment(Map.of("PGPASSWORD", "s3cret"));

        CommandResult r = runner.run(c);

        assertThat(r.stdout()).isEqualTo("s3cret");
        assertThat(c.toString()).contains("PGPASSWORD").doesNotContain("s3cret");
    }

    @Test
    void failingToolReturnsItsExitCodeAndStderr() {
        CommandResult r = runner.run(Command.of("sh", "-c", "echo broken >&2; exit 3"));

        assertThat(r.exitCode()).isEqualTo(3);
        assertThat(r.stderrTail()).contains("broken");
    }

    @Test
    void toolThatHangsIsStoppedAtItsTimeout() {
        long start = System.nanoTime();

        assertThatThrownBy(() -> runner.run(Command.of("sleep", "30").withTimeout(Duration.ofMillis(300))))
                .isInstanceOf(RollbackException.class)
                .hasMessageContaining("did not finish within");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void targetToStringHidesThePassword() {
        DatabaseTarget t = DatabaseTarget.custom("mysql", ServiceKind.MYSQL)
                .credentialsFrom(PropertiesSecretStore.of(Map.of("secret/mysql", Map.of("root_password", "pw-42"))))
                .build();

        assertThat(t.toString()).doesNotContain("pw-42").contains("root@127.0.0.1:3306");
        assertThat(t.password()).contains("pw-42");
    }
}
