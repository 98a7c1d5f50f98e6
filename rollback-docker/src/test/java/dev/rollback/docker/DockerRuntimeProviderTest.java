package dev.rollback.docker;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DockerRuntimeProviderTest {

    @Test
    void connectIsEmptyWhenNoEngineAnswers(@TempDir Path dir) {
        String before = System.getProperty("DOCKER_HOST");
        System.setProperty("DOCKER_HOST", "unix://" + dir.resolve("no-engine.sock"));
        try {
            long start = System.nanoTime();

            assertThat(DockerRuntime.connect(Duration.ofMillis(500))).isEmpty();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        } finally {
            if (before == null) {
                System.clearProperty("DOCKER_HOST");
            } else {
                System.setProperty("DOCKER_HOST", before);
            }
        }
    }
}
