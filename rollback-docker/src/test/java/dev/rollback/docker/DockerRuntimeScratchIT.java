package dev.rollback.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.dockerjava.api.exception.NotFoundException;
import dev.rollback.env.Environment;
import dev.rollback.errors.RollbackException;
import dev.rollback.fixtures.ComposeFixture;
import dev.rollback.spi.ExecRequest;
import dev.rollback.spi.ExecResult;
import dev.rollback.spi.ScratchContainer;
import dev.rollback.spi.ScratchSpec;
import dev.rollback.testing.RequiresDocker;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The two engine calls restore drills need: the host port a compose service publishes (the fixture's PostgreSQL
 * publishes {@code 127.0.0.1::5432}), and throwaway scratch containers that leave nothing behind.
 */
@RequiresDocker
class DockerRuntimeScratchIT {
    @TempDir
    static Path tmp;

    static ComposeFixture fx;
    static Environment env;
    static DockerRuntime docker;
    static TestContainers engine;

    @BeforeAll
    static void up() {
        fx = ComposeFixture.create(tmp);
        fx.up(List.of("standard"), "postgres");
        env = fx.environment();
        docker = DockerRuntime.require(Duration.ofSeconds(5));
        engine = new TestContainers();
    }

    @AfterAll
    static void down() {
        try {
            if (docker != null) {
                docker.close();
            }
            if (engine != null) {
                engine.close();
            }
        } finally {
            fx.close();
        }
    }

    @Test
    void publishedPortIsTheOneDockerPortReports() {
        assertThat(docker.publishedPort(env, "postgres", 5432)).contains(fx.publishedPort("postgres", 5432));
    }

    @Test
    void aContainerPortThatIsNotPublishedHasNone() {
        assertThat(docker.publishedPort(env, "postgres", 5433)).isEmpty();
    }

    @Test
    void aServiceWithoutContainerIsAnErrorNamingIt() {
        assertThatThrownBy(() -> docker.publishedPort(env, "redis-2", 6379))
                .isInstanceOf(RollbackException.class)
                .hasMessageContaining("'redis-2' has no container");
    }

    @Test
    void scratchPublishesOnLoopbackRunsCommandsWithItsEnvironmentAndIsRemovedWithItsVolumes() throws Exception {
        String id;
        List<String> volumes;
        ScratchSpec spec = new ScratchSpec(
                "local/redis:7",
                Map.of("SCRATCH_SECRET", "only-in-env"),
                List.of("redis-server", "--save", ""),
                List.of(6379),
                Map.of("dev.rollback.scratch", "it"));
        try (ScratchContainer s = docker.startScratch(spec)) {
            id = s.id();
            int port = s.publishedPort(6379).orElseThrow();
            awaitListening(port);
            assertThat(s.running()).isTrue();
            assertThat(s.publishedPort(6380)).isEmpty();
            ExecResult r = s.exec(ExecRequest.of(
                    "sh", "-c", "echo \"$SCRATCH_SECRET\"; until redis-cli ping 2>/dev/null; do sleep 0.1; done"));
            assertThat(r.stdout()).isEqualTo("only-in-env\nPONG\n");
            var inspect = engine.client.inspectContainerCmd(id).exec();
            assertThat(inspect.getConfig().getCmd()).doesNotContain("only-in-env");
            assertThat(inspect.getHostConfig()
                            .getPortBindings()
                            .getBindings()
                            .values()
                            .iterator()
                            .next()[0]
                            .getHostIp())
                    .isEqualTo("127.0.0.1");
            volumes = inspect.getMounts().stream().map(m -> m.getName()).toList();
            assertThat(volumes).isNotEmpty(); // the image's VOLUME /data
            assertThat(s.describe()).contains("local/redis:7");
        }
        assertThatThrownBy(() -> engine.client.inspectContainerCmd(id).exec()).isInstanceOf(NotFoundException.class);
        for (String v : volumes) {
            assertThat(docker.volumeExists(v)).as("anonymous volume %s", v).isFalse();
        }
    }

    @Test
    void scratchWhoseCommandFailsIsReportedAsNotRunningWithItsOutput() throws Exception {
        ScratchSpec spec = new ScratchSpec(
                "local/busybox", Map.of(), List.of("sh", "-c", "echo broken >&2; exit 3"), List.of(), Map.of());
        try (ScratchContainer s = docker.startScratch(spec)) {
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (s.running() && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(s.running()).isFalse();
            assertThat(s.logTail(5)).contains("broken");
        }
    }

    @Test
    void aMissingImageIsNamedAndNothingIsPulled() {
        assertThatThrownBy(() -> docker.startScratch(
                        new ScratchSpec("local/does-not-exist:1", Map.of(), List.of(), List.of(), Map.of())))
                .isInstanceOf(RollbackException.class)
                .hasMessageContaining("local/does-not-exist:1 is not on this Docker engine");
    }

    private static void awaitListening(int port) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (true) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 500);
                return;
            } catch (IOException e) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("nothing listens on " + port);
                }
                Thread.sleep(100);
            }
        }
    }
}
