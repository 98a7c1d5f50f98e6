package dev.rollback.events;

import java.time.Duration;
import java.time.Instant;

/**
 * Something that happened during a run: a step started, finished or failed, progress on long work, a note.
 *
 * <p>{@code listener = e -> { if (e.type() == RollbackEvent.Type.STEP_FAILED) alert(e.message()); };}
 *
 * @param type what happened
 * @param runId the run it belongs to
 * @param stepIndex 0-based index of the step in its plan, -1 for run-level events
 * @param stepName the step's short name, empty for run-level events
 * @param message a human line (never a secret)
 * @param done progress so far (bytes, items, seconds waited), 0 when not a progress event
 * @param total the expected total, -1 when unknown
 * @param elapsed time since the step (or run) started
 * @param at when the event happened
 */
public record RollbackEvent(Type type, String runId, int stepIndex, String stepName, String message,
                            long done, long total, Duration elapsed, Instant at) {

    /** The kinds of event. */
    public enum Type {
        RUN_STARTED, PREFLIGHT_PROBLEM, STEP_STARTED, STEP_PROGRESS, STEP_NOTE, STEP_FINISHED, STEP_FAILED,
        STEP_SKIPPED, STEP_UNDONE, RUN_FINISHED, RUN_FAILED
    }
}
