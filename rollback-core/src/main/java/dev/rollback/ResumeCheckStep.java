package dev.rollback;

import dev.rollback.errors.Problem;
import dev.rollback.errors.RollbackException;
import dev.rollback.io.SecureFiles;
import dev.rollback.plan.Checkpoint;
import dev.rollback.plan.RunRecord;
import dev.rollback.plan.RunRequest;
import dev.rollback.plan.Runs;
import dev.rollback.plan.Step;
import dev.rollback.plan.StepContext;
import dev.rollback.plan.UndoLog;
import dev.rollback.spi.VolumeStore;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The first step of a resumption: says, before anything changes, whether the run can be resumed (it was interrupted
 * or failed, is not running, was neither undone nor resumed already) and that nothing changed underneath since it
 * stopped: git's HEAD and {@code .env} as its last checkpoint has them (unless the step it was in changes them: that
 * step runs again), and every volume it had restored still there. Then it links the two runs both ways, so that an
 * undo of the resumption also undoes the run, and the run is not resumed twice.
 *
 * <p>{@code new ResumeCheckStep(run, request, finishedSteps, Checkpoint.read(run.dir()))}
 */
final class ResumeCheckStep implements Step {
    static final String NAME = "resume-check";
    /** Steps that move HEAD or rewrite {@code .env}: when the run stopped inside one, the value may be anything. */
    private static final Set<String> MOVE_HEAD = Set.of("git-stash", "git-checkout", "git-reset");

    private final RunRecord run;
    private final RunRequest request;
    private final int done;
    private final Optional<Checkpoint> checkpoint;

    ResumeCheckStep(RunRecord run, RunRequest request, int done, Optional<Checkpoint> checkpoint) {
        this.run = run;
        this.request = request;
        this.done = done;
        this.checkpoint = checkpoint;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String describe() {
        return "check that run " + run.id() + " (" + run.outcome() + ", " + done + "/"
                + request.steps().size() + " steps done) can go on: nothing changed since it stopped";
    }

    @Override
    public List<Problem> preflight(StepContext ctx) {
        List<Problem> out = new ArrayList<>();
        String subject = "run " + run.id();
        switch (run.outcome()) {
            case "running" -> out.add(Problem.blocking(subject, "it is still running", "wait for it to end"));
            case "succeeded" ->
                out.add(Problem.blocking(
                        subject,
                        "it finished: there is nothing to resume",
                        "rollback show " + run.id() + " lists what it did"));
            case "refused" ->
                out.add(Problem.blocking(
                        subject,
                        "its preflight refused it and it changed nothing",
                        "run the rollback again once its problems are fixed"));
            default -> {}
        }
        run.undoneBy()
                .ifPresent(by -> out.add(
                        Problem.blocking(subject, "it was undone, by run " + by, "run the rollback again instead")));
        run.resumedBy()
                .ifPresent(by -> out.add(Problem.blocking(
                        subject,
                        "it was resumed already, by run " + by,
                        "resume that run if it stopped too: rollback resume " + by)));
        Optional<String> inside =
                done < request.steps().size() ? Optional.of(request.steps().get(done)) : Optional.empty();
        checkpoint.ifPresent(c -> {
            String head = Checkpoint.head(ctx.environment().projectDir());
            if (!inside.map(MOVE_HEAD::contains).orElse(false) && !c.head().equals(head)) {
                out.add(Problem.blocking(
                        "git",
                        "HEAD is at " + shortId(head) + ", but run " + run.id() + " left it"
                                + " at " + shortId(c.head()) + " after its step " + (c.step() + 1) + " (" + c.name()
                                + "): "
                                + "something changed underneath",
                        "put HEAD back (git checkout " + shortId(c.head()) + "), or undo the run (rollback undo "
                                + run.id() + ")"));
            }
            String env = Checkpoint.envHash(ctx.environment().projectDir().resolve(".env"));
            if (!inside.map("env-restore"::equals).orElse(false) && !c.env().equals(env)) {
                out.add(Problem.blocking(
                        ".env",
                        "it changed since run " + run.id() + " stopped (sha256 " + shortId(env) + ", the run left "
                                + shortId(c.env()) + ")",
                        "put it back as the run left " + "it, or undo the run (rollback undo " + run.id() + ")"));
            }
        });
        Optional<VolumeStore> volumes = ctx.service(VolumeStore.class);
        if (volumes.isPresent()) {
            for (String v : restoredVolumes(ctx)) {
                if (!volumes.get().volumeExists(v)) {
                    out.add(Problem.blocking(
                            "volume " + v,
                            "run " + run.id() + " restored it, and it is gone",
                            "undo the run (rollback undo " + run.id() + "): its safety copies are in " + run.safety()));
                }
            }
        }
        return out;
    }

    /** The volumes the run finished restoring: those its undo log names, when its volume restore was done. */
    private List<String> restoredVolumes(StepContext ctx) {
        int restore = request.steps().indexOf("volume-restore");
        if (restore < 0 || restore >= done) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (RunRecord r : Runs.in(ctx.environment()).chain(run)) {
            UndoLog.read(r.dir()).stream()
                    .flatMap(e -> e.recipe().stream())
                    .filter(x -> x.kind().equals("volumes"))
                    .map(x -> x.list("volume"))
                    .forEach(out::addAll);
        }
        return out;
    }

    private static String shortId(String id) {
        return id.length() > 12 ? id.substring(0, 12) : id;
    }

    @Override
    public void execute(StepContext ctx) {
        try {
            SecureFiles.writePrivate(ctx.runDir().resolve(RunRecord.RESUMES), run.id() + "\n");
            SecureFiles.writePrivate(run.dir().resolve(RunRecord.RESUMED_BY), ctx.runId() + "\n");
        } catch (IOException e) {
            throw new RollbackException(
                    "cannot link run " + run.id() + " to its resumption " + ctx.runId() + " (" + e.getMessage()
                            + "); nothing was changed",
                    e);
        }
        ctx.note("resuming run " + run.id() + " '" + run.title() + "' (" + run.outcome() + ") after its step "
                + done + " of " + request.steps().size()
                + (done < request.steps().size()
                        ? "; " + request.steps().get(done) + " runs again from its start"
                        : ""));
    }
}
