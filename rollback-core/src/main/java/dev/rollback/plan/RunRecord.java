package dev.rollback.plan;

import dev.rollback.events.StepResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One run of a rollback, as its folder under {@code .rollback/runs/} tells it: from its {@code result.json} when
 * it ended (done, failed or refused), else from its journal (interrupted: killed, or the machine went down; or
 * running now).
 *
 * <p>{@code Runs.in(env).last().map(RunRecord::outcome) // Optional[succeeded]}
 *
 * @param id the run's id ({@code 20251114_085001-1a2b})
 * @param title what it did ({@code full rollback to 9bef892 from backup 20251114_085000})
 * @param started when it started
 * @param duration how long it ran (up to its last event, for one that did not end)
 * @param outcome {@code succeeded}, {@code failed}, {@code refused}, {@code interrupted} or {@code running}
 * @param steps its steps as far as they are known, in order
 * @param dir its folder (journal, result, safety copies)
 * @param safetyBytes what its safety folder holds, in bytes
 */
public record RunRecord(
        String id,
        String title,
        Instant started,
        Duration duration,
        String outcome,
        List<StepResult> steps,
        Path dir,
        long safetyBytes) {
    public RunRecord {
        steps = List.copyOf(steps);
    }

    /** Its journal. */
    public Path journal() {
        return dir.resolve(Journal.FILE);
    }

    /** Its safety copies' folder (it may not exist: nothing was replaced). */
    public Path safety() {
        return dir.resolve("safety");
    }

    public boolean succeeded() {
        return "succeeded".equals(outcome);
    }

    /** The run that undid this one ({@code rollback undo}), if any. */
    public Optional<String> undoneBy() {
        return link(UNDONE_BY);
    }

    /** The run this one resumed ({@code rollback resume}), if it is a resumption. */
    public Optional<String> resumes() {
        return link(RESUMES);
    }

    /** The run that resumed this one, if any: it holds the rest of this run's work. */
    public Optional<String> resumedBy() {
        return link(RESUMED_BY);
    }

    /** The id a link file of the folder names. */
    private Optional<String> link(String name) {
        Path f = dir.resolve(name);
        try {
            return Files.isRegularFile(f) ? Optional.of(Files.readString(f).strip()) : Optional.empty();
        } catch (IOException e) {
            return Optional.of("(unreadable " + f + ")");
        }
    }

    /** The file in a run's folder that names the run that undid it. */
    public static final String UNDONE_BY = "undone-by";
    /** The file in a resumption's folder that names the run it resumed. */
    public static final String RESUMES = "resumes";
    /** The file in a run's folder that names the run that resumed it. */
    public static final String RESUMED_BY = "resumed-by";
}
