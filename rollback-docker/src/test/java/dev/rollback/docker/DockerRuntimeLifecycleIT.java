package dev.rollback.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rollback.env.Environment;
import dev.rollback.errors.RollbackException;
import dev.rollback.events.RollbackListener;
import dev.rollback.spi.ContainerStatus;
import dev.rollback.spi.ExecRequest;
import dev.rollback.testing.RequiresDocker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Discovery, stop/start and compose recreate on a fresh compose project per test. */
@RequiresDocker
class DockerRuntimeLifecycleIT {
    private static final String COMPOSE = """
        version: "2.4"
        services:
          web:
            image: local/busybox
            command: ["sleep", "3600"]
            stop_signal: SIGKILL
            environment:
              GREETING: ${GREETING}
          worker:
            image: local/busybox
            command: ["sleep", "3600"]
            stop_signal: SIGKILL
        """;

    @TempDir
    Path tmp;

    TestProject project;
    DockerRuntime docker;

    @BeforeEach
    void upWebOnly() {
        project = TestProject.create(tmp, COMPOSE).write(".env", "GREETING=hello\n");
        project.compose("up", "-d", "web");
        docker = DockerRuntime.require(Duration.ofSeconds(5));
    }

    @AfterEach
    void down() {
        try {
            docker.close();
        } finally {
            project.close();
        }
    }

    @Test
    void listFindsTheRunningServiceAndMissingNamesTheOneNeverCreated() {
        Environment env = project.env();

        List<ContainerStatus> list = docker.list(env);

        assertThat(list).singleElement().satisfies(c -> {
            assertThat(c.service()).isEqualTo("web");
            assertThat(c.state()).isEqualTo("running");
            assertThat(c.containerName()).contains(project.name);
        });
        assertThat(docker.missing(env)).containsExactly("worker");
    }

    @Test
    void everyOperationOnAServiceWithoutContainerSaysHowToCreateIt() {
        Environment env = project.env();
        String advice = "create it with: rollback service worker ... or docker compose up -d worker";

        assertThatThrownBy(() -> docker.stop(env, List.of("worker"), Duration.ofSeconds(1)))
                .isInstanceOf(RollbackException.class)
                .hasMessageContaining("'worker' has no container")
                .hasMessageContaining(advice);
        assertThatThrownBy(() -> docker.start(env, List.of("web", "worker"))).hasMessageContaining(advice);
        assertThatThrownBy(() -> docker.exec(env, "worker", ExecRequest.of("true")))
                .hasMessageContaining(advice);
        assertThatThrownBy(() -> docker.stats(env, "worker")).hasMessageContaining(advice);
        assertThatThrownBy(
                        () -> docker.awaitHealthy(env, Map.of("worker", Duration.ofSeconds(5)), RollbackListener.NONE))
                .hasMessageContaining(advice);
    }

    @Test
    void stopThenStartBringsTheSameContainerBack() {
        Environment env = project.env();
        String id = docker.list(env).get(0).id();

        docker.stop(env, List.of("web"), Duration.ofSeconds(2));
        ContainerStatus stopped = docker.list(env).get(0);
        docker.stop(env, List.of("web"), Duration.ofSeconds(2)); // already stopped: left alone
        docker.start(env, List.of("web"));
        docker.start(env, List.of("web")); // already running: left alone

        assertThat(stopped.state()).isEqualTo("exited");
        assertThat(docker.list(env)).singleElement().satisfies(c -> {
            assertThat(c.id()).isEqualTo(id);
            assertThat(c.state()).isEqualTo("running");
        });
        assertThat(docker.exec(env, "web", ExecRequest.of("true")).exitCode()).isZero();
    }

    @Test
    void recreatePicksUpChangedEnvValueAndOverrideFileWithoutTouchingTheComposeFile() throws Exception {
        Path composeFile = project.dir.resolve("docker-compose.yml");
        byte[] composeBefore = Files.readAllBytes(composeFile);
        String before = docker.list(project.env()).get(0).id();
        project.write(".env", "GREETING=bonjour\n").write("extra.yml", """
            version: "2.4"
            services:
              web:
                environment:
                  EXTRA: from-override
            """);
        Environment env = project.env();

        docker.recreate(env, List.of("web"), List.of(Path.of("extra.yml")));

        String seen = docker.exec(env, "web", ExecRequest.of("sh", "-c", "echo \"$GREETING $EXTRA\""))
                .stdout();
        assertThat(seen).isEqualTo("bonjour from-override\n");
        assertThat(docker.list(env))
                .singleElement()
                .satisfies(c -> assertThat(c.id()).isNotEqualTo(before));
        assertThat(Files.readAllBytes(composeFile)).isEqualTo(composeBefore);
        assertThat(docker.missing(env)).as("--no-deps: nothing else created").containsExactly("worker");
    }

    @Test
    void recreateOfAServiceWithoutContainerCreatesIt() {
        Environment env = project.env();

        docker.recreate(env, List.of("worker"), List.of());

        assertThat(docker.missing(env)).isEmpty();
    }

    @Test
    void failingComposeRunReportsItsCommandAndOutput() {
        Environment env = project.env();

        assertThatThrownBy(() -> docker.recreate(env, List.of("nosuchservice"), List.of()))
                .isInstanceOf(RollbackException.class)
                .hasMessageContaining("up -d --no-deps --force-recreate nosuchservice")
                .hasMessageContaining("-p " + project.name)
                .hasMessageContaining("nosuchservice");
    }
}
