package dev.rollback.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.github.dockerjava.core.RemoteApiVersion;
import dev.rollback.errors.RollbackException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class DockerRuntimeTest {

    @Test
    void refusedEngineIsAnErrorNamingTheHostAndHowToStartOne() {
        long begin = System.nanoTime();

        RollbackException e = catchThrowableOfType(
                RollbackException.class,
                () -> DockerRuntime.require(DockerClients.configFor("tcp://127.0.0.1:1"), Duration.ofSeconds(1)));

        assertThat(Duration.ofNanos(System.nanoTime() - begin)).isLessThan(Duration.ofSeconds(3));
        assertThat(e.getMessage()).contains("no Docker engine answers at tcp://127.0.0.1:1", "dockerd", "DOCKER_HOST");
    }

    @Test
    void silentEngineAddressFailsWithinTheConnectTimeout() {
        long begin = System.nanoTime();

        RollbackException e = catchThrowableOfType(
                RollbackException.class,
                () -> DockerRuntime.require(
                        DockerClients.configFor("tcp://10.255.255.1:2375"), Duration.ofMillis(500)));

        // without the timeout the connect hangs for the system's own (about two minutes); 10 s leaves a busy
        // machine's cold start of docker-java room (it took 3.5-9.8 s with a load of 12 on 2 cores)
        assertThat(Duration.ofNanos(System.nanoTime() - begin)).isLessThan(Duration.ofSeconds(10));
        assertThat(e.getMessage()).contains("10.255.255.1", "DOCKER_HOST");
    }

    @Test
    void configsLeaveTheApiVersionToTheEngine() {
        assumeTrue(System.getenv("DOCKER_API_VERSION") == null, "DOCKER_API_VERSION pins it on purpose");

        assertThat(DockerClients.configFor("tcp://127.0.0.1:1").getApiVersion()).isEqualTo(RemoteApiVersion.unknown());
        assertThat(DockerClients.defaultConfig().getApiVersion()).isEqualTo(RemoteApiVersion.unknown());
    }
}
