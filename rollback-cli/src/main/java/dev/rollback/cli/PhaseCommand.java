package dev.rollback.cli;

import dev.rollback.PhaseRollback;
import dev.rollback.Rollback;
import dev.rollback.RollbackBuilder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code rollback phase <id>}: one improvement phase's files back from the reference commit.
 *
 * <p>{@code rollback phase phase-2 --from 80f7072 --dry-run}
 */
@Command(name = "phase", description = "Restore one phase's files (rollback.yaml phases, or the seed's phase-0..3).")
final class PhaseCommand extends ScopeCommand {
    @Parameters(paramLabel = "<phase>", description = "The phase id, e.g. phase-2.")
    String phase;

    @Option(names = "--from", paramLabel = "<commit>", description = "The commit to restore from (default: "
            + "reference_commit of rollback.yaml).")
    String commit;

    @Override
    RollbackBuilder<?> builder() {
        PhaseRollback p = Rollback.in(root.home()).phase(phase);
        if (commit != null) {
            p.fromCommit(commit);
        }
        return p;
    }
}
