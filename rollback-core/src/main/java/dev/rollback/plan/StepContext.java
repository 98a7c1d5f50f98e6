package dev.rollback.plan;

import dev.rollback.env.Environment;
import dev.rollback.errors.RollbackException;
import dev.rollback.events.RollbackEvent;
import dev.rollback.events.RollbackListener;
import dev.rollback.io.Durations;
import dev.rollback.io.SecureFiles;
import dev.rollback.io.Sleeper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a step sees while it runs: the environment, the run's directory, shared services, and ways to report.
 *
 * <p>{@code ctx.note("restored configs/mysql/scripts/init.sh from 80f7072");}
 *
 * <p>Steps that run side by side ({@link ParallelSteps}) share it: its reporting methods are synchronized.
 */
public final class StepContext {
    private Environment environment;
    private final String runId;
    private final Path runDir;
    private final RollbackListener listener;
    private final Clock clock;
    private final Map<Class<?>, Object> services;
    private final Map<String, Object> attributes = Collections.synchronizedMap(new LinkedHashMap<>());
    private final Map<String, Duration> timeToHealthy = new LinkedHashMap<>();
    private List<String> notes = new ArrayList<>();
    private final List<Path> kept = new ArrayList<>();
    private int stepIndex = -1;
    private String stepName = "";
    private Instant stepStarted;
    private UndoLog undoLog;
    private final List<UndoRecipe> recorded = new ArrayList<>();

    public StepContext(
            Environment environment,
            String runId,
            Path runDir,
            RollbackListener listener,
            Clock clock,
            Map<Class<?>, Object> services) {
        this.environment = environment;
        this.runId = runId;
        this.runDir = runDir;
        this.listener = listener;
        this.clock = clock;
        this.services = Map.copyOf(services);
        this.stepStarted = clock.instant();
    }

    /** The environment as it is now: read again after each step that changes its files. */
    public Environment environment() {
        return environment;
    }

    /**
     * Reads the environment again after a step changed its files ({@link Step#changesEnvironment()}); when it no
     * longer reads (a broken compose file came back), the previous model is kept and a note says why.
     */
    void reloadEnvironment() {
        try {
            environment = environment.reload();
        } catch (RollbackException e) {
            note("warning: the environment does not read after this step (" + e.getMessage() + "); later steps use "
                    + "what was read before it");
        }
    }

    public String runId() {
        return runId;
    }

    /** The run's own directory ({@code .rollback/runs/<id>/}). */
    public Path runDir() {
        return runDir;
    }

    /** Where steps keep safety copies of what they replace ({@code .rollback/runs/<id>/safety/}), mode 0700. */
    public synchronized Path safetyDir() {
        Path dir = runDir.resolve("safety");
        try {
            return SecureFiles.createPrivateDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create safety directory " + dir, e);
        }
    }

    public Clock clock() {
        return clock;
    }

    /**
     * What waiting loops pause with between checks: the {@link Sleeper} service the runner was given
     * ({@code withService(Sleeper.class, ...)}, a test's), else {@link Sleeper#SYSTEM}.
     */
    public Sleeper sleeper() {
        return service(Sleeper.class).orElse(Sleeper.SYSTEM);
    }

    /** A service the runner was given (a container runtime, a secret store), if present. */
    public <T> Optional<T> service(Class<T> type) {
        return Optional.ofNullable(type.cast(services.get(type)));
    }

    /** Like {@link #service(Class)}, or a RollbackException saying why it is needed. */
    public <T> T require(Class<T> type, String why) {
        return service(type)
                .orElseThrow(() -> new RollbackException(
                        stepName + ": needs a " + type.getSimpleName() + " to " + why + ", and none is available"));
    }

    /**
     * Records a copy of something the run replaced that lies outside {@link #safetyDir()} (the
     * {@code .env.rollback-<time>} beside {@code .env}): a failure's message lists it with the safety folder.
     */
    public synchronized void kept(Path copy) {
        kept.add(copy);
    }

    /** The copies recorded with {@link #kept(Path)}, in order. */
    public synchronized List<Path> keptCopies() {
        return List.copyOf(kept);
    }

    /**
     * Records how to reverse what the step is about to change (or has changed), in the run's undo log, flushed at
     * once: call it as soon as the safety copy exists and before the change, so a run killed half way can still be
     * undone. Nothing is recorded outside a run (a preflight).
     */
    public synchronized void undoWith(UndoRecipe recipe) {
        recorded.add(recipe);
        if (undoLog != null) {
            undoLog.add(stepIndex, stepName, recipe);
        }
    }

    /**
     * A named point inside a long step (after a safety copy is whole, between two volumes): a fault test may hold
     * the run there to kill it ({@code ROLLBACK_TEST_HOLD_AT=<step>:<point>}); otherwise nothing happens.
     */
    public void faultPoint(String point) {
        String step;
        synchronized (this) {
            step = stepName;
        }
        FaultPoints.reach(runDir, step + ":" + point);
    }

    /** The undo recipes recorded in this context so far, in order (in a run, also in its undo log). */
    public synchronized List<UndoRecipe> recordedUndo() {
        return List.copyOf(recorded);
    }

    synchronized void recordUndoIn(UndoLog log) {
        this.undoLog = log;
    }

    synchronized void cannotUndo(String what) {
        if (undoLog != null) {
            undoLog.cannot(stepIndex, stepName, what);
        }
    }

    /** Values steps hand on to later steps of the same run (a stash ref, a safety copy path). */
    public Map<String, Object> attributes() {
        return attributes;
    }

    /** Records a line in the step's result and emits it as a {@code STEP_NOTE} event. */
    public synchronized void note(String detail) {
        notes.add(detail);
        emit(RollbackEvent.Type.STEP_NOTE, detail, 0, -1);
    }

    /** Emits progress on long work ({@code done} of {@code total}, -1 when unknown). */
    public synchronized void progress(long done, long total, String message) {
        emit(RollbackEvent.Type.STEP_PROGRESS, message, done, total);
    }

    /** Records how long a service took from (re)start to healthy. */
    public synchronized void recordTimeToHealthy(String service, Duration duration) {
        timeToHealthy.put(service, duration);
        note(service + " healthy after " + Durations.format(duration));
    }

    synchronized Map<String, Duration> timeToHealthy() {
        return timeToHealthy;
    }

    synchronized void enterStep(int index, String name) {
        stepIndex = index;
        stepName = name;
        stepStarted = clock.instant();
        notes = new ArrayList<>();
    }

    synchronized List<String> takeNotes() {
        List<String> n = List.copyOf(notes);
        notes = new ArrayList<>();
        return n;
    }

    Duration elapsed() {
        return Duration.between(stepStarted, clock.instant());
    }

    synchronized void emit(RollbackEvent.Type type, String message, long done, long total) {
        listener.on(new RollbackEvent(
                type, runId, stepIndex, stepName, "", message, done, total, elapsed(), clock.instant()));
    }
}
