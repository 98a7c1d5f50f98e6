package dev.rollback;

import dev.rollback.backup.BackupKey;
import dev.rollback.backup.BackupSet;
import dev.rollback.env.Environment;
import dev.rollback.errors.RollbackException;
import dev.rollback.errors.UsageException;
import dev.rollback.events.Scope;
import dev.rollback.events.StepResult;
import dev.rollback.io.Durations;
import dev.rollback.plan.Checkpoint;
import dev.rollback.plan.DoneStep;
import dev.rollback.plan.RollbackPlan;
import dev.rollback.plan.RunRecord;
import dev.rollback.plan.RunRequest;
import dev.rollback.plan.Runs;
import dev.rollback.plan.Step;
import dev.rollback.spi.Connections;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * {@code rollback resume <run>}: goes on with an interrupted (or failed) complete rollback where it stopped, as a new
 * run that builds the same plan again from the run's request, in a new process. The steps the run finished are
 * skipped (reported done by it), except the backup set's check, which verifies the set again; the step it was in
 * runs again from its start (each step is whole on re-entry: a half-restored volume or database is restored again
 * from the start). Its first step checks, before anything changes, that nothing changed underneath (git's HEAD and
 * {@code .env} as the run left them, the volumes it restored present). Undoing the resumption undoes the run too.
 *
 * <p>{@code Rollback.in(home).resume("last").execute();}
 */
public final class ResumeRollback extends RollbackBuilder<ResumeRollback> {
    private final String run;
    private Duration healthTimeout;
    private Function<BackupSet, BackupKey> keyFor = set -> {
        throw new UsageException("backup set " + set.manifest().id() + " is encrypted: resuming from it needs its "
                + "passphrase (withSetKey)");
    };

    ResumeRollback(Environment environment, String run) {
        super(environment);
        this.run = run;
    }

    /** The key of the run's backup set when it is encrypted (the run's request keeps no secret). */
    public ResumeRollback withSetKey(Function<BackupSet, BackupKey> keyFor) {
        this.keyFor = Objects.requireNonNull(keyFor, "keyFor");
        return this;
    }

    /** Waits at most this long for each restarted service to become healthy (default: as the run was given). */
    public ResumeRollback awaitHealthy(Duration timeout) {
        this.healthTimeout = Durations.requirePositive(timeout, "the health timeout");
        return this;
    }

    @Override
    protected RollbackPlan build(Connections connections) {
        RunRecord record = Runs.in(environment).find(run);
        RunRequest request = RunRequest.read(record.dir())
                .filter(r -> r.scope() == Scope.FULL)
                .orElseThrow(() -> new UsageException("run " + record.id() + " (" + record.title() + ") cannot be "
                        + "resumed: only a complete rollback keeps what resuming needs; undo it (rollback undo "
                        + record.id() + ") and run it again"));
        FullRollback full = FullRollback.fromRequest(environment, request, keyFor);
        full.settings = settings;
        full.withConnections(connections);
        if (healthTimeout != null && request.flag("restart")) {
            full.awaitHealthy(healthTimeout);
        }
        RollbackPlan again = full.plan();
        List<String> names = again.steps().stream().map(Step::name).toList();
        if (!names.equals(request.steps())) {
            again.close();
            throw new RollbackException("run " + record.id() + " cannot be resumed: its plan built again now has "
                    + "other steps (" + names + ") than it had (" + request.steps() + "); the environment changed "
                    + "too much since. Undo it (rollback undo " + record.id() + ") and run it again");
        }
        int done = finished(record);
        List<Step> steps = new ArrayList<>();
        steps.add(new ResumeCheckStep(record, request, done, Checkpoint.read(record.dir())));
        for (int i = 0; i < again.steps().size(); i++) {
            Step s = again.steps().get(i);
            // the set's check changes nothing and is what makes restoring from it safe: it runs again
            steps.add(i < done && !s.name().equals("backup-check") ? new DoneStep(s, record.id()) : s);
        }
        return again.withSteps("resume of run " + record.id() + " (" + record.title() + ")", steps);
    }

    /**
     * How many steps of the plan the run (with the runs it resumed) finished, from the start: those it reports done
     * or skipped, up to the first that is not.
     */
    static int finished(RunRecord record) {
        int n = 0;
        for (StepResult s : record.steps()) {
            if (s.name().equals(ResumeCheckStep.NAME)) {
                continue;
            }
            if (s.status() != StepResult.Status.SUCCEEDED && s.status() != StepResult.Status.SKIPPED) {
                break;
            }
            n++;
        }
        return n;
    }
}
