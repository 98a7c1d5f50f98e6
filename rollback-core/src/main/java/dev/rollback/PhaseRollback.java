package dev.rollback;

import dev.rollback.env.Environment;
import dev.rollback.env.Phase;
import dev.rollback.git.CheckoutPathsStep;
import dev.rollback.plan.RollbackPlan;
import dev.rollback.plan.Scope;
import java.util.List;

/**
 * A rollback of one improvement phase's files from the reference commit, as the seed's partial rollbacks do.
 *
 * <p>{@code Rollback.in(home).phase("phase-2").fromCommit("80f7072").plan()}
 */
public final class PhaseRollback extends RollbackBuilder<PhaseRollback> {
    private final Phase phase;
    private String commit;

    PhaseRollback(Environment environment, String id) {
        super(environment);
        this.phase = environment.config().phases().get(id);
        if (phase == null) {
            throw new UsageException("unknown phase '" + id + "'; known: "
                    + String.join(", ", environment.config().phases().keySet()));
        }
        this.commit = environment.config().referenceCommit().orElse(null);
    }

    /** The commit the phase's files come from (default: {@code reference_commit} of {@code rollback.yaml}). */
    public PhaseRollback fromCommit(String commit) {
        this.commit = commit;
        return this;
    }

    @Override
    public RollbackPlan plan() {
        if (commit == null || commit.isBlank()) {
            throw new UsageException("phase " + phase.name() + " needs the commit to restore from: call "
                    + "fromCommit(\"<commit>\") (CLI: --from <commit>) or set reference_commit in rollback.yaml");
        }
        return new RollbackPlan(environment, Scope.PHASE, "rollback of " + phase.name() + " (" + phase.description()
                + ")", List.of(new CheckoutPathsStep(commit, phase.paths(), "phase-files", false)), settings);
    }
}
