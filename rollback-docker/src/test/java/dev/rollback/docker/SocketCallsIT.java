package dev.rollback.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.Container;
import dev.rollback.errors.RollbackException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The engine calls made straight over the unix socket, against the real engine, checked through docker-java. */
class SocketCallsIT {
    private final SocketCalls unix = new SocketCalls(
            UnixSocketHttp.of(DockerClients.defaultConfig().getDockerHost()).orElseThrow());

    @Test
    void existsTellsAVolumeOrImageThatIsThereFromOneThatIsNot() throws Exception {
        try (TestContainers engine = new TestContainers()) {
            String volume = TestContainers.uniqueName("socket");
            engine.client.createVolumeCmd().withName(volume).exec();
            try {
                assertThat(unix.volumeExists(volume)).isTrue();
                assertThat(unix.volumeExists(volume + "-none")).isFalse();
                assertThat(unix.imageExists("local/busybox")).isTrue();
                assertThat(unix.imageExists("local/none:1")).isFalse();
            } finally {
                engine.client.removeVolumeCmd(volume).exec();
            }
        }
    }

    @Test
    void runCreatesAndStartsTheContainerAsAsked() throws Exception {
        try (TestContainers engine = new TestContainers()) {
            String volume = TestContainers.uniqueName("socket");
            engine.client.createVolumeCmd().withName(volume).exec();
            String label = "quote \" backslash \\ tab \t ü";
            Optional<String> id = unix.run(
                    "local/busybox",
                    List.of("sh", "-c", "echo \"$0\" && sleep 30", "arg with ' and \""),
                    List.of(volume + ":/data:ro"),
                    Map.of("dev.rollback.test", label));
            try {
                assertThat(id).isPresent();
                InspectContainerResponse c =
                        engine.client.inspectContainerCmd(id.get()).exec();
                assertThat(c.getState().getRunning()).isTrue();
                assertThat(c.getConfig().getLabels()).containsEntry("dev.rollback.test", label);
                assertThat(c.getConfig().getCmd())
                        .containsExactly("sh", "-c", "echo \"$0\" && sleep 30", "arg with ' and \"");
                assertThat(c.getHostConfig().getNetworkMode()).isEqualTo("none");
                assertThat(c.getMounts()).singleElement().satisfies(m -> {
                    assertThat(m.getName()).isEqualTo(volume);
                    assertThat(m.getRW()).isFalse();
                });
                assertThat(engine.logs(id.get())).contains("arg with ' and \"");
            } finally {
                id.ifPresent(
                        i -> engine.client.removeContainerCmd(i).withForce(true).exec());
                engine.client.removeVolumeCmd(volume).exec();
            }
        }
    }

    @Test
    void runWithAnImageTheEngineLacksAnswersEmptyAndLeavesNoContainer() throws Exception {
        try (TestContainers engine = new TestContainers()) {
            Map<String, String> labels = Map.of("dev.rollback.test", TestContainers.uniqueName("socket"));
            assertThat(unix.run("local/no-such-image:0", List.of("true"), List.of(), labels))
                    .isEmpty();
            List<Container> left = engine.client
                    .listContainersCmd()
                    .withShowAll(true)
                    .withLabelFilter(labels)
                    .exec();
            assertThat(left).isEmpty();
        }
    }

    @Test
    void listFindsTheLabelledContainersRunningOrNotWithTheirNamesAndLabels() throws Exception {
        try (TestContainers engine = new TestContainers()) {
            String value = TestContainers.uniqueName("socket");
            Map<String, String> labels = Map.of("dev.rollback.test", value, "dev.rollback.extra", "ü \" x");
            String running = unix.run("local/busybox", List.of("sleep", "30"), List.of(), labels)
                    .orElseThrow();
            String stopped = engine.client
                    .createContainerCmd("local/busybox")
                    .withCmd("true")
                    .withLabels(labels)
                    .withName(value + "-stopped")
                    .exec()
                    .getId();
            try {
                List<VolumeEngine.Listed> listed = unix.list("dev.rollback.test", value);
                assertThat(listed).extracting(VolumeEngine.Listed::id).containsExactlyInAnyOrder(running, stopped);
                assertThat(listed).allSatisfy(c -> assertThat(c.labels()).containsAllEntriesOf(labels));
                assertThat(listed)
                        .filteredOn(c -> c.id().equals(stopped))
                        .singleElement()
                        .extracting(VolumeEngine.Listed::name)
                        .isEqualTo(value + "-stopped");
                assertThat(unix.list("dev.rollback.test", value + "-none")).isEmpty();
            } finally {
                engine.client.removeContainerCmd(running).withForce(true).exec();
                engine.client.removeContainerCmd(stopped).withForce(true).exec();
            }
        }
    }

    @Test
    void runningFollowsAContainerUntilRemoveTakesItAway() throws Exception {
        try (TestContainers engine = new TestContainers()) {
            Map<String, String> labels = Map.of("dev.rollback.test", TestContainers.uniqueName("socket"));
            String id = unix.run("local/busybox", List.of("sleep", "30"), List.of(), labels)
                    .orElseThrow();
            try {
                assertThat(unix.running(id)).isTrue();
                assertThat(unix.remove(id)).isTrue(); // running: stopped and removed
                assertThat(unix.running(id)).isFalse();
                assertThat(engine.client
                                .listContainersCmd()
                                .withShowAll(true)
                                .withLabelFilter(labels)
                                .exec())
                        .isEmpty();
                assertThat(unix.remove(id)).isTrue(); // already gone
            } finally {
                VolumeHelpers.remove(unix, id);
            }
            String exited = engine.client
                    .createContainerCmd("local/busybox")
                    .withCmd("true")
                    .withLabels(labels)
                    .exec()
                    .getId();
            try {
                assertThat(unix.running(exited)).isFalse(); // created, never started
                assertThat(unix.exitCode(exited)).isZero();
            } finally {
                engine.client.removeContainerCmd(exited).withForce(true).exec();
            }
        }
    }

    @Test
    void anErrorAnswerIsAnErrorWithTheEngineMessage() {
        String id = TestContainers.uniqueName("socket-none");
        assertThatThrownBy(() -> unix.exitCode(id))
                .isInstanceOf(RollbackException.class)
                .hasMessageContaining("answered 404")
                .hasMessageContaining("No such container: " + id);
    }

    @Test
    void namesAreEscaped() {
        assertThat(SocketCalls.segment("local/debian:bookworm")).isEqualTo("local/debian:bookworm");
        assertThat(SocketCalls.segment("a b?c#d")).isEqualTo("a%20b%3Fc%23d");
    }
}
