package dev.rollback.events;

import java.time.Duration;
import java.time.Instant;

/**
 * Something that happened during a run, a backup, a health wait or a drill: a step started, finished or failed,
 * progress on long work, a service's state while it is waited for, an artifact written, a drill's stage, a note.
 *
 * <p>{@code listener = e -> { if (e.type() == RollbackEvent.Type.STEP_FAILED) alert(e.message()); };}
 *
 * @param type what happened
 * @param runId the run (or backup) it belongs to, empty when none
 * @param stepIndex 0-based index of the step in its plan, -1 for events outside a step
 * @param stepName the step's short name, empty for events outside a step
 * @param subject the service, artifact or drill stage the event is about, empty when none
 * @param message a human line (never a secret)
 * @param done progress so far (bytes, items, seconds waited), 0 when not a progress event
 * @param total the expected total, -1 when unknown
 * @param elapsed time since the step (or run, artifact, wait) started
 * @param at when the event happened
 */
public record RollbackEvent(
        Type type,
        String runId,
        int stepIndex,
        String stepName,
        String subject,
        String message,
        long done,
        long total,
        Duration elapsed,
        Instant at) {

    /** The kinds of event. */
    public enum Type {
        RUN_STARTED,
        PREFLIGHT_PROBLEM,
        STEP_STARTED,
        STEP_PROGRESS,
        STEP_NOTE,
        STEP_FINISHED,
        STEP_FAILED,
        STEP_SKIPPED,
        STEP_UNDONE,
        RUN_FINISHED,
        RUN_FAILED,
        /** A line the user should know outside a step: a backup's services stopped and started, a drill's output. */
        NOTE,
        /** Something left out or degraded that the user must know even when nothing else is printed. */
        WARNING,
        /** A waited-on service's state: {@code subject} the service, {@code message} the state. */
        HEALTH_STATE,
        /** A backup's artifact begun: {@code subject} its service (or file), {@code message} its kind. */
        ARTIFACT_STARTED,
        /** Plain bytes of an artifact written so far ({@code done}). */
        ARTIFACT_PROGRESS,
        /** An artifact written: {@code done} its plain bytes, {@code total} the bytes stored, {@code message} how. */
        ARTIFACT_FINISHED,
        /** A drill's stage begun: {@code subject} its name. */
        STAGE_STARTED
    }

    /** A {@link Type#NOTE} of the run (or backup) {@code runId}. */
    public static RollbackEvent note(String runId, String message, Instant at) {
        return new RollbackEvent(Type.NOTE, runId, -1, "", "", message, 0, -1, Duration.ZERO, at);
    }

    /** A {@link Type#WARNING} of the run (or backup) {@code runId}. */
    public static RollbackEvent warning(String runId, String message, Instant at) {
        return new RollbackEvent(Type.WARNING, runId, -1, "", "", message, 0, -1, Duration.ZERO, at);
    }

    /** {@code service} is {@code state} ({@code starting}, {@code healthy}, ...) after {@code waited}. */
    public static RollbackEvent healthState(String service, String state, Duration waited, Instant at) {
        return new RollbackEvent(Type.HEALTH_STATE, "", -1, "", service, state, waited.toSeconds(), -1, waited, at);
    }

    /** The backup {@code runId} begins its artifact of {@code kind} for {@code subject} (a service or a file). */
    public static RollbackEvent artifactStarted(String runId, String kind, String subject, Instant at) {
        return new RollbackEvent(Type.ARTIFACT_STARTED, runId, -1, "", subject, kind, 0, -1, Duration.ZERO, at);
    }

    /** {@code bytes} of plain content written so far to {@code subject}'s artifact. */
    public static RollbackEvent artifactProgress(
            String runId, String subject, long bytes, Duration elapsed, Instant at) {
        return new RollbackEvent(Type.ARTIFACT_PROGRESS, runId, -1, "", subject, "", bytes, -1, elapsed, at);
    }

    /**
     * {@code subject}'s artifact is written: {@code plain} bytes of content, {@code stored} bytes in the set;
     * {@code message} says how ({@code stored 1.2 MiB, encrypted}).
     */
    public static RollbackEvent artifactFinished(
            String runId, String subject, long plain, long stored, String message, Duration took, Instant at) {
        return new RollbackEvent(Type.ARTIFACT_FINISHED, runId, -1, "", subject, message, plain, stored, took, at);
    }

    /** The drill stage {@code name} begins. */
    public static RollbackEvent stageStarted(String name, Instant at) {
        return new RollbackEvent(Type.STAGE_STARTED, "", -1, "", name, name, 0, -1, Duration.ZERO, at);
    }

    /** A line of output of the drill stage {@code stage} (a service starting). */
    public static RollbackEvent stageNote(String stage, String line, Instant at) {
        return new RollbackEvent(Type.NOTE, "", -1, "", stage, line, 0, -1, Duration.ZERO, at);
    }
}
