package dev.rollback.docker;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.model.HealthCheck;
import dev.rollback.spi.ContainerRuntimeProvider;
import dev.rollback.spi.ContainerStatus;
import dev.rollback.testing.RequiresDocker;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

@RequiresDocker
class DockerRuntimeIT {

    @Test
    void describeNamesEngineVersionAndApi() {
        try (DockerRuntime docker = DockerRuntime.connect(Duration.ofSeconds(2)).orElseThrow()) {
            assertThat(docker.describe()).matches("docker \\S+, API 1\\.\\d+");
        }
    }

    @Test
    void listFindsExactlyTheProjectsContainersWithTheirStates() throws Exception {
        String project = TestContainers.uniqueName("proj");
        try (TestContainers containers = new TestContainers();
                DockerRuntime docker =
                        DockerRuntime.connect(Duration.ofSeconds(2)).orElseThrow()) {
            String web = containers.start(
                    "local/busybox",
                    project + "-web-1",
                    cmd -> cmd.withCmd("sleep", "300").withLabels(compose(project, "web")));
            String job = containers.create(
                    "local/busybox",
                    project + "-job-1",
                    cmd -> cmd.withCmd("true").withLabels(compose(project, "job")));
            containers.create(
                    "local/busybox",
                    TestContainers.uniqueName("other"),
                    cmd -> cmd.withCmd("true").withLabels(compose(project + "-other", "web")));

            List<ContainerStatus> found = docker.list(project);

            assertThat(found)
                    .containsExactly(
                            new ContainerStatus(
                                    "job", project + "-job-1", job, "local/busybox", "created", Optional.empty()),
                            new ContainerStatus(
                                    "web", project + "-web-1", web, "local/busybox", "running", Optional.empty()));
        }
    }

    @Test
    void listReportsHealthFromTheContainersHealthcheck() throws Exception {
        String project = TestContainers.uniqueName("health");
        try (TestContainers containers = new TestContainers();
                DockerRuntime docker =
                        DockerRuntime.connect(Duration.ofSeconds(2)).orElseThrow()) {
            containers.start(
                    "local/busybox",
                    project + "-db-1",
                    cmd -> cmd.withCmd("sleep", "300")
                            .withLabels(compose(project, "db"))
                            .withHealthcheck(new HealthCheck()
                                    .withTest(List.of("CMD", "false"))
                                    .withInterval(Duration.ofHours(1).toNanos())
                                    .withStartPeriod(Duration.ofHours(1).toNanos())));

            assertThat(docker.list(project))
                    .singleElement()
                    .satisfies(c -> assertThat(c.health()).hasValue("starting"));
        }
    }

    @Test
    void listOfUnknownProjectIsEmpty() {
        try (DockerRuntime docker = DockerRuntime.connect(Duration.ofSeconds(2)).orElseThrow()) {
            assertThat(docker.list(TestContainers.uniqueName("none"))).isEmpty();
        }
    }

    @Test
    void serviceLoaderFindsTheDockerProvider() {
        assertThat(ServiceLoader.load(ContainerRuntimeProvider.class).stream().map(ServiceLoader.Provider::type))
                .contains(DockerRuntimeProvider.class);
    }

    private static Map<String, String> compose(String project, String service) {
        return Map.of(DockerRuntime.PROJECT_LABEL, project, DockerRuntime.SERVICE_LABEL, service);
    }
}
