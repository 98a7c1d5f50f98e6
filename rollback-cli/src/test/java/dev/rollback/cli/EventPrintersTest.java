package dev.rollback.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rollback.events.RollbackEvent;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The CLI's printers of backup and drill events print the lines they printed before the events were one type. */
class EventPrintersTest {
    private static final Instant AT = Instant.parse("2026-01-01T00:00:00Z");
    private final StringWriter text = new StringWriter();
    private final PrintWriter out = new PrintWriter(text);

    @Test
    void aBackupPrintsOneLinePerArtifactItsNotesAndTheStatesOfRestartedServices() {
        BackupProgressPrinter p = new BackupProgressPrinter(out, false);

        p.on(RollbackEvent.note("20260101_000000", "stopping app for a consistent copy of their volumes", AT));
        p.on(RollbackEvent.artifactStarted("20260101_000000", "volume", "app_data", AT));
        p.on(RollbackEvent.artifactProgress("20260101_000000", "app_data", 1024, Duration.ofMillis(5), AT));
        p.on(RollbackEvent.artifactFinished(
                "20260101_000000",
                "app_data",
                3 * 1024 * 1024,
                1536,
                "stored 1.5 KiB, encrypted",
                Duration.ofMillis(9),
                AT));
        p.on(RollbackEvent.healthState("app", "healthy", Duration.ofSeconds(3), AT));

        assertThat(text.toString().lines()).hasSize(3);
        assertThat(text.toString().lines().toList().get(0))
                .isEqualTo("  stopping app for a consistent copy of their volumes");
        assertThat(text.toString().lines().toList().get(1))
                .startsWith(String.format("  %-10s %-28s %10s ", "volume", "app_data", "3.0 MiB"))
                .containsPattern(" MB/s +[0-9.]+s  ")
                .endsWith("  stored 1.5 KiB, encrypted");
        assertThat(text.toString().lines().toList().get(2)).isEqualTo("  app: healthy");
    }

    @Test
    void aDrillPrintsItsStagesTheirLinesAndTheRollbacksSteps() {
        DrillPrinter p = new DrillPrinter(out);

        p.on(RollbackEvent.stageStarted("start", AT));
        p.on(RollbackEvent.stageNote("start", "vault started", AT));
        p.on(new RollbackEvent(
                RollbackEvent.Type.RUN_STARTED, "r1", -1, "", "", "full rollback", 0, 2, Duration.ZERO, AT));
        p.on(new RollbackEvent(
                RollbackEvent.Type.STEP_STARTED,
                "r1",
                0,
                "stash",
                "",
                "stash the work tree",
                0,
                -1,
                Duration.ZERO,
                AT));

        assertThat(text.toString().lines())
                .containsExactly("▸ start", "     vault started", "    1/2 stash          stash the work tree");
    }
}
