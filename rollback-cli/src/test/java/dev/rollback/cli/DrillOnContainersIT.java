package dev.rollback.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rollback.testing.RequiresDocker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's first command where an engine and the local images are there: {@code rollback drill --sandbox} runs
 * the runbook's critical case on a DevStack sandbox of real containers, checks the environment it leaves and takes
 * the sandbox down.
 */
@RequiresDocker
@Tag("e2e")
class DrillOnContainersIT {
    @TempDir
    Path tmp;

    @Test
    void theDrillRunsTheCriticalCaseOnContainersAndEveryCheckHolds() throws Exception {
        Path dir = tmp.resolve("drill");

        CliRun r = CliRun.of("drill", "--sandbox", "--sandbox-dir", dir.toString());

        // what went wrong first (a failed check, the result, an error), then the whole output
        String failed = r.out()
                .lines()
                .filter(l -> l.contains("✗") || l.startsWith("Result") || l.contains("rror"))
                .collect(Collectors.joining("\n"));
        assertThat(r.code()).as(failed + "\n" + r.err() + "\n" + r.out()).isZero();
        assertThat(r.out())
                .contains(
                        "Tier: containers",
                        "▸ break",
                        "▸ rollback",
                        "vault-unseal",
                        "volume-restore",
                        "✓ services: every service running and healthy",
                        "✓ postgres: data equal to the backup's",
                        "✓ redis-3: cluster_state:ok",
                        "▸ teardown",
                        "Result: PASSED")
                .doesNotContain("✗");
        try (var projects = Files.list(dir)) {
            String project = projects.map(p -> p.getFileName().toString())
                    .filter(n -> n.startsWith("devstack-core-"))
                    .findFirst()
                    .orElseThrow();
            assertThat(new ProcessBuilder(
                                    "docker", "ps", "-aq", "--filter", "label=com.docker.compose.project=" + project)
                            .start()
                            .getInputStream()
                            .readAllBytes())
                    .as("containers left")
                    .isEmpty();
        }
    }
}
