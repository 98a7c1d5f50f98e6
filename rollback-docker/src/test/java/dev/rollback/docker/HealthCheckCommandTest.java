package dev.rollback.docker;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.model.HealthCheck;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The container's own healthcheck, as the readiness probe runs it: the command and its timing. */
class HealthCheckCommandTest {

    @Test
    void cmdRunsAsGivenAndCmdShellUnderAShell() {
        ContainerHealth.Check cmd = ContainerHealth.Check.of(new HealthCheck()
                        .withTest(List.of("CMD", "wget", "--spider", "http://127.0.0.1:8200/v1/sys/health"))
                        .withInterval(10_000_000_000L)
                        .withTimeout(5_000_000_000L))
                .orElseThrow();
        ContainerHealth.Check shell = ContainerHealth.Check.of(
                        new HealthCheck().withTest(List.of("CMD-SHELL", "pg_isready -U dev_admin")))
                .orElseThrow();

        assertThat(cmd.command()).containsExactly("wget", "--spider", "http://127.0.0.1:8200/v1/sys/health");
        assertThat(cmd.interval()).isEqualTo(Duration.ofSeconds(10));
        assertThat(cmd.timeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(shell.command()).containsExactly("/bin/sh", "-c", "pg_isready -U dev_admin");
        assertThat(shell.interval()).isEqualTo(ContainerHealth.Check.DEFAULT);
    }

    @Test
    void noneOrNoTestIsNoCheck() {
        assertThat(ContainerHealth.Check.of(new HealthCheck().withTest(List.of("NONE"))))
                .isEmpty();
        assertThat(ContainerHealth.Check.of(new HealthCheck())).isEmpty();
        assertThat(ContainerHealth.Check.of(null)).isEmpty();
    }
}
