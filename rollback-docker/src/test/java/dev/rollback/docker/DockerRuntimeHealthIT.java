package dev.rollback.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.rollback.env.Environment;
import dev.rollback.errors.HealthTimeoutException;
import dev.rollback.events.RollbackListener;
import dev.rollback.spi.HealthOutcome;
import dev.rollback.testing.RequiresDocker;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Health waits on one compose project (the failing services carry a healthcheck that never passes, as a service
 * without one counts as healthy as soon as it runs) whose services are created once and started by each test, so every wait
 * sees a fresh start through the engine's events.
 */
@RequiresDocker
class DockerRuntimeHealthIT {
    private static final String HEALTHY_AFTER_A_SECOND = """
            image: local/busybox
            command: ["sh", "-c", "sleep 1; touch /tmp/ok; exec sleep 3600"]
            stop_signal: SIGKILL
            healthcheck:
              test: ["CMD", "test", "-f", "/tmp/ok"]
              interval: 1s
              timeout: 1s
              retries: 3
        """;
    private static final String COMPOSE = """
        version: "2.4"
        services:
          fast:
        %1$s
          fast2:
        %1$s
          fast3:
        %1$s
          plain:
            image: local/busybox
            command: ["sleep", "3600"]
            stop_signal: SIGKILL
          sick:
            image: local/busybox
            command: ["sleep", "3600"]
            stop_signal: SIGKILL
            healthcheck:
              test: ["CMD-SHELL", "echo not ready yet; exit 1"]
              interval: 1s
              timeout: 1s
              retries: 2
          crash:
            image: local/busybox
            command: ["sh", "-c", "sleep 1; exit 3"]
            healthcheck:
              test: ["CMD", "test", "-f", "/tmp/never"]
              interval: 1h
              start_period: 1h
          crash2:
            image: local/busybox
            command: ["sh", "-c", "sleep 1; exit 4"]
            healthcheck:
              test: ["CMD", "test", "-f", "/tmp/never"]
              interval: 1h
              start_period: 1h
          loop:
            image: local/busybox
            command: ["sh", "-c", "sleep 1; exit 2"]
            restart: always
            healthcheck:
              test: ["CMD", "test", "-f", "/tmp/never"]
              interval: 1h
              start_period: 1h
          slow:
            image: local/busybox
            command: ["sleep", "3600"]
            stop_signal: SIGKILL
            healthcheck:
              test: ["CMD", "test", "-f", "/tmp/never"]
              interval: 1h
              start_period: 1h
        """.formatted(HEALTHY_AFTER_A_SECOND);

    @TempDir
    static Path tmp;

    static TestProject project;
    static Environment env;
    static DockerRuntime docker;

    @BeforeAll
    static void createContainers() {
        project = TestProject.create(tmp, COMPOSE);
        project.compose("up", "--no-start");
        env = project.env();
        docker = DockerRuntime.require(Duration.ofSeconds(5));
    }

    @AfterAll
    static void removeProject() {
        try {
            if (docker != null) {
                docker.close();
            }
        } finally {
            project.close();
        }
    }

    @Test
    void serviceBecomesHealthyWithPlausibleTimes() {
        List<String> states = Collections.synchronizedList(new ArrayList<>());
        docker.start(env, List.of("fast"));

        Map<String, HealthOutcome> outcome = docker.awaitHealthy(
                env, Map.of("fast", Duration.ofSeconds(30)), e -> states.add(e.subject() + ":" + e.message()));

        HealthOutcome fast = outcome.get("fast");
        assertThat(states).startsWith("fast:starting").endsWith("fast:healthy");
        assertThat(fast.started()).isBeforeOrEqualTo(fast.healthy());
        assertThat(fast.timeToHealthy()).isBetween(Duration.ofMillis(500), Duration.ofSeconds(10));
        assertThat(fast.waited()).isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void severalServicesAreWaitedOnInParallelAndOneWithoutHealthcheckCountsWhenRunning() {
        docker.start(env, List.of("fast2", "fast3", "plain"));
        Map<String, Duration> timeouts = new LinkedHashMap<>();
        timeouts.put("fast2", Duration.ofSeconds(30));
        timeouts.put("fast3", Duration.ofSeconds(30));
        timeouts.put("plain", Duration.ofSeconds(30));
        long begin = System.nanoTime();

        Map<String, HealthOutcome> outcome = docker.awaitHealthy(env, timeouts, RollbackListener.NONE);

        assertThat(outcome).containsOnlyKeys("fast2", "fast3", "plain");
        assertThat(Duration.ofNanos(System.nanoTime() - begin))
                .as("in parallel, not one after the other")
                .isLessThan(Duration.ofSeconds(8));
        assertThat(outcome.get("plain").healthy())
                .isEqualTo(outcome.get("plain").started());
        outcome.values().forEach(o -> assertThat(o.started()).isBeforeOrEqualTo(o.healthy()));
    }

    @Test
    void unhealthyServiceFailsAsSoonAsItTurnsUnhealthyWithTheHealthcheckOutput() {
        docker.start(env, List.of("sick"));
        long begin = System.nanoTime();

        HealthTimeoutException e = catchThrowableOfType(
                HealthTimeoutException.class,
                () -> docker.awaitHealthy(env, Map.of("sick", Duration.ofSeconds(60)), RollbackListener.NONE));

        assertThat(Duration.ofNanos(System.nanoTime() - begin)).isLessThan(Duration.ofSeconds(15));
        assertThat(e.service()).isEqualTo("sick");
        assertThat(e.lastState()).isEqualTo("unhealthy");
        assertThat(e.lastHealthOutput()).isEqualTo("not ready yet");
        assertThat(e.getMessage()).contains("sick", "not ready yet", "docker logs");
    }

    @Test
    void serviceThatExitsFailsAtOnceWithItsExitCode() {
        docker.start(env, List.of("crash"));

        HealthTimeoutException e = catchThrowableOfType(
                HealthTimeoutException.class,
                () -> docker.awaitHealthy(env, Map.of("crash", Duration.ofSeconds(60)), RollbackListener.NONE));

        assertThat(e.lastState()).isEqualTo("exited (code 3)");
        assertThat(e.waited()).isLessThan(Duration.ofSeconds(10));
        assertThat(e.getMessage()).contains("crash", "docker logs");
    }

    @Test
    void restartLoopFailsAtTheFirstRestart() {
        docker.start(env, List.of("loop"));

        HealthTimeoutException e = catchThrowableOfType(
                HealthTimeoutException.class,
                () -> docker.awaitHealthy(env, Map.of("loop", Duration.ofSeconds(60)), RollbackListener.NONE));

        assertThat(e.service()).isEqualTo("loop");
        assertThat(e.lastState()).startsWith("restart loop");
        assertThat(e.waited()).isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void timeoutEndsTheWaitWithinASecondOfItAndNotBefore() {
        docker.start(env, List.of("slow"));
        long begin = System.nanoTime();

        HealthTimeoutException e = catchThrowableOfType(
                HealthTimeoutException.class,
                () -> docker.awaitHealthy(env, Map.of("slow", Duration.ofSeconds(3)), RollbackListener.NONE));

        Duration took = Duration.ofNanos(System.nanoTime() - begin);
        assertThat(took).isBetween(Duration.ofMillis(2900), Duration.ofSeconds(4));
        assertThat(e.lastState()).isEqualTo("starting");
        assertThat(e.getMessage()).contains("docker logs " + project.name);
    }

    @Test
    void firstFailureEndsTheWholeWaitWithoutWaitingForTheOthers() {
        docker.start(env, List.of("slow", "crash2"));
        Map<String, Duration> timeouts = new LinkedHashMap<>();
        timeouts.put("slow", Duration.ofSeconds(60));
        timeouts.put("crash2", Duration.ofSeconds(60));

        assertThatThrownBy(() -> docker.awaitHealthy(env, timeouts, RollbackListener.NONE))
                .isInstanceOfSatisfying(HealthTimeoutException.class, e -> {
                    assertThat(e.service()).isEqualTo("crash2");
                    assertThat(e.lastState()).isEqualTo("exited (code 4)");
                    assertThat(e.waited()).isLessThan(Duration.ofSeconds(10));
                });
    }
}
