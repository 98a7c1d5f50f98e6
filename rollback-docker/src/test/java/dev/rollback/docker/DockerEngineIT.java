package dev.rollback.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.dockerjava.api.exception.NotFoundException;
import dev.rollback.testing.RequiresDocker;
import java.time.Duration;
import org.junit.jupiter.api.Test;

@RequiresDocker
class DockerEngineIT {

    @Test
    void engineAnswersPingWithNegotiatedApiVersion() {
        try (TestContainers docker = new TestContainers()) {
            docker.client.pingCmd().exec();

            assertThat(docker.client.versionCmd().exec().getApiVersion()).matches("1\\.\\d+");
        }
    }

    @Test
    void busyboxContainerEchoesHelloAndIsRemoved() throws Exception {
        String id;
        try (TestContainers docker = new TestContainers()) {
            id = docker.start("local/busybox", TestContainers.uniqueName("echo"), cmd -> cmd.withCmd("echo", "hello"));

            int exit = docker.awaitExit(id, Duration.ofSeconds(30));

            assertThat(exit).isZero();
            assertThat(docker.logs(id)).isEqualTo("hello\n");
        }
        try (TestContainers docker = new TestContainers()) {
            assertThatThrownBy(() -> docker.client.inspectContainerCmd(id).exec())
                    .isInstanceOf(NotFoundException.class);
        }
    }

    @Test
    void failingCommandReportsItsExitCode() {
        try (TestContainers docker = new TestContainers()) {
            String id = docker.start(
                    "local/busybox", TestContainers.uniqueName("fail"), cmd -> cmd.withCmd("sh", "-c", "exit 3"));

            assertThat(docker.awaitExit(id, Duration.ofSeconds(30))).isEqualTo(3);
        }
    }
}
