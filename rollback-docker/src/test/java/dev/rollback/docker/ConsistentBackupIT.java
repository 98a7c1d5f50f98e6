package dev.rollback.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rollback.backup.BackupSet;
import dev.rollback.backup.Backups;
import dev.rollback.env.Environment;
import dev.rollback.errors.RollbackException;
import dev.rollback.events.RollbackEvent;
import dev.rollback.spi.ContainerStatus;
import dev.rollback.spi.VolumeStore;
import dev.rollback.testing.RequiresDocker;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --consistent}: the volume's service is stopped while it is archived and always started again. */
@RequiresDocker
class ConsistentBackupIT {
    private static final String COMPOSE = """
        version: "2.4"
        volumes:
          data:
        services:
          app:
            image: local/busybox
            command: ["sh", "-c", "echo live > /data/state; exec sleep 3600"]
            stop_signal: SIGKILL
            volumes: ["data:/data"]
            healthcheck:
              test: ["CMD", "test", "-f", "/data/state"]
              interval: 1s
              retries: 30
          bystander:
            image: local/busybox
            command: ["sleep", "3600"]
            stop_signal: SIGKILL
        """;

    @TempDir
    Path tmp;

    TestProject project;
    DockerRuntime docker;
    Environment env;

    @BeforeEach
    void up() {
        project = TestProject.create(tmp, COMPOSE);
        project.compose("up", "-d");
        docker = DockerRuntime.require(Duration.ofSeconds(5));
        env = project.env();
    }

    @AfterEach
    void down() {
        try {
            docker.close();
        } finally {
            project.close();
        }
    }

    private String state(String service) {
        return docker.list(env).stream()
                .filter(c -> c.service().equals(service))
                .map(ContainerStatus::state)
                .findFirst()
                .orElse("none");
    }

    /** The engine's volume store, noting the app's state when the archive starts, failing on demand. */
    private VolumeStore watching(List<String> seen, boolean fail) {
        return new VolumeStore() {
            @Override
            public boolean volumeExists(String name) {
                return docker.volumeExists(name);
            }

            @Override
            public void createVolume(String name, Map<String, String> labels) {
                docker.createVolume(name, labels);
            }

            @Override
            public void removeVolume(String name) {
                docker.removeVolume(name);
            }

            @Override
            public void archiveVolume(String name, OutputStream out) {
                seen.add("app " + state("app") + ", bystander " + state("bystander"));
                if (fail) {
                    throw new UncheckedIOException(new IOException("engine connection reset while archiving " + name));
                }
                docker.archiveVolume(name, out);
            }

            @Override
            public void restoreVolume(String name, InputStream tar) {
                docker.restoreVolume(name, tar);
            }
        };
    }

    @Test
    void theVolumesServiceIsStoppedDuringTheArchiveAndHealthyAfter() {
        List<String> seen = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        BackupSet set = Backups.in(env)
                .withRuntime(docker)
                .withVolumes(watching(seen, false), null)
                .withContributors(List.of())
                .consistent()
                .withListener(e -> {
                    if (e.type() == RollbackEvent.Type.NOTE) {
                        notes.add(e.message());
                    }
                })
                .create();

        assertThat(seen).containsExactly("app exited, bystander running");
        assertThat(set.manifest().artifacts()).anyMatch(a -> a.kind().equals("volume"));
        assertThat(state("app")).isEqualTo("running");
        assertThat(docker.list(env))
                .filteredOn(c -> c.service().equals("app"))
                .allSatisfy(c -> assertThat(c.health()).contains("healthy"));
        assertThat(notes)
                .contains(
                        "stopping app for a consistent copy of their volumes",
                        "starting app again",
                        "app healthy again");
    }

    @Test
    void aFailedArchiveStillStartsTheServiceAgainAndLeavesNoSet() throws Exception {
        List<String> seen = new ArrayList<>();

        assertThatThrownBy(() -> Backups.in(env)
                        .withRuntime(docker)
                        .withVolumes(watching(seen, true), null)
                        .withContributors(List.of())
                        .consistent()
                        .create())
                .isInstanceOf(RuntimeException.class)
                .hasMessageContaining("engine connection reset");

        assertThat(seen).containsExactly("app exited, bystander running");
        assertThat(state("app")).isEqualTo("running");
        assertThat(Backups.in(env).list()).isEmpty();
    }

    @Test
    void consistentWithoutAnEngineIsRefusedBeforeAnythingIsWritten() {
        assertThatThrownBy(() -> Backups.in(env)
                        .withVolumes(docker, null)
                        .withContributors(List.of())
                        .consistent()
                        .create())
                .isInstanceOf(RollbackException.class)
                .hasMessageContaining("no container engine answered");
        assertThat(Backups.in(env).list()).isEmpty();
        assertThat(state("app")).isEqualTo("running");
    }
}
