package dev.rollback.docker;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.Container;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The engine calls made straight over the unix socket, against the real engine, checked through docker-java. */
class SocketCallsIT {
    private final UnixSocketHttp unix = UnixSocketHttp.of(DockerClients.defaultConfig().getDockerHost()).orElseThrow();

    @Test
    void existsTellsAVolumeOrImageThatIsThereFromOneThatIsNot() throws Exception {
        try (TestContainers engine = new TestContainers()) {
            String volume = TestContainers.uniqueName("socket");
            engine.client.createVolumeCmd().withName(volume).exec();
            try {
                assertThat(SocketCalls.exists(unix, "/volumes/" + SocketCalls.segment(volume))).contains(true);
                assertThat(SocketCalls.exists(unix, "/volumes/" + SocketCalls.segment(volume + "-none")))
                        .contains(false);
                assertThat(SocketCalls.exists(unix, "/images/" + SocketCalls.segment("local/busybox") + "/json"))
                        .contains(true);
                assertThat(SocketCalls.exists(unix, "/images/" + SocketCalls.segment("local/none:1") + "/json"))
                        .contains(false);
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
            Optional<String> id = SocketCalls.run(unix, "local/busybox", List.of("sh", "-c", "echo \"$0\" && sleep 30",
                    "arg with ' and \""), List.of(volume + ":/data:ro"), Map.of("dev.rollback.test", label));
            try {
                assertThat(id).isPresent();
                InspectContainerResponse c = engine.client.inspectContainerCmd(id.get()).exec();
                assertThat(c.getState().getRunning()).isTrue();
                assertThat(c.getConfig().getLabels()).containsEntry("dev.rollback.test", label);
                assertThat(c.getConfig().getCmd()).containsExactly("sh", "-c", "echo \"$0\" && sleep 30",
                        "arg with ' and \"");
                assertThat(c.getHostConfig().getNetworkMode()).isEqualTo("none");
                assertThat(c.getMounts()).singleElement().satisfies(m -> {
                    assertThat(m.getName()).isEqualTo(volume);
                    assertThat(m.getRW()).isFalse();
                });
                assertThat(engine.logs(id.get())).contains("arg with ' and \"");
            } finally {
                id.ifPresent(i -> engine.client.removeContainerCmd(i).withForce(true).exec());
                engine.client.removeVolumeCmd(volume).exec();
            }
        }
    }

    @Test
    void runWithAnImageTheEngineLacksAnswersEmptyAndLeavesNoContainer() throws Exception {
        try (TestContainers engine = new TestContainers()) {
            Map<String, String> labels = Map.of("dev.rollback.test", TestContainers.uniqueName("socket"));
            assertThat(SocketCalls.run(unix, "local/no-such-image:0", List.of("true"), List.of(), labels)).isEmpty();
            List<Container> left = engine.client.listContainersCmd().withShowAll(true).withLabelFilter(labels).exec();
            assertThat(left).isEmpty();
        }
    }

    @Test
    void listFindsTheLabelledContainersRunningOrNotWithTheirNamesAndLabels() throws Exception {
        try (TestContainers engine = new TestContainers()) {
            String value = TestContainers.uniqueName("socket");
            Map<String, String> labels = Map.of("dev.rollback.test", value, "dev.rollback.extra", "ü \" x");
            String running = SocketCalls.run(unix, "local/busybox", List.of("sleep", "30"), List.of(), labels)
                    .orElseThrow();
            String stopped = engine.client.createContainerCmd("local/busybox").withCmd("true").withLabels(labels)
                    .withName(value + "-stopped").exec().getId();
            try {
                List<SocketCalls.Listed> listed = SocketCalls.list(unix, "dev.rollback.test", value).orElseThrow();
                assertThat(listed).extracting(SocketCalls.Listed::id).containsExactlyInAnyOrder(running, stopped);
                assertThat(listed).allSatisfy(c -> assertThat(c.labels()).containsAllEntriesOf(labels));
                assertThat(listed).filteredOn(c -> c.id().equals(stopped)).singleElement()
                        .extracting(SocketCalls.Listed::name).isEqualTo(value + "-stopped");
                assertThat(SocketCalls.list(unix, "dev.rollback.test", value + "-none")).contains(List.of());
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
            String id = SocketCalls.run(unix, "local/busybox", List.of("sleep", "30"), List.of(), labels).orElseThrow();
            try {
                assertThat(SocketCalls.running(unix, id)).contains(true);
                assertThat(SocketCalls.remove(unix, id)).isTrue(); // running: stopped and removed
                assertThat(SocketCalls.running(unix, id)).contains(false);
                assertThat(engine.client.listContainersCmd().withShowAll(true).withLabelFilter(labels).exec())
                        .isEmpty();
                assertThat(SocketCalls.remove(unix, id)).isTrue(); // already gone
            } finally {
                VolumeHelpers.remove(engine.client, Optional.of(unix), id);
            }
            String exited = engine.client.createContainerCmd("local/busybox").withCmd("true").withLabels(labels)
                    .exec().getId();
            try {
                assertThat(SocketCalls.running(unix, exited)).contains(false); // created, never started
            } finally {
                engine.client.removeContainerCmd(exited).withForce(true).exec();
            }
        }
    }

    @Test
    void namesAndStringsAreEscaped() {
        assertThat(SocketCalls.segment("local/debian:bookworm")).isEqualTo("local/debian:bookworm");
        assertThat(SocketCalls.segment("a b?c#d")).isEqualTo("a%20b%3Fc%23d");
        assertThat(SocketCalls.json("a\"b\\c\nd")).isEqualTo("\"a\\\"b\\\\c\\u000ad\"");
    }
}
