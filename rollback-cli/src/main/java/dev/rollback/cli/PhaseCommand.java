package dev.rollback.cli;

import dev.rollback.PhaseRollback;
import dev.rollback.Rollback;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code rollback phase <id>}: one improvement phase's files back from the reference commit.
 *
 * <p>{@code rollback phase phase-2 --from 80f7072 --dry-run}
 */
@Command(name = "phase", description = "Restore one phase's files (rollback.yaml phases, or the seed's phase-0..3).")
final class PhaseCommand implements Callable<Integer> {
    @ParentCommand
    RootCommand root;

    @Spec
    CommandSpec spec;

    @Mixin
    PlanOptions options;

    @Parameters(paramLabel = "<phase>", description = "The phase id, e.g. phase-2.")
    String phase;

    @Option(names = "--from", paramLabel = "<commit>", description = "The commit to restore from (default: "
            + "reference_commit of rollback.yaml).")
    String commit;

    @Override
    public Integer call() {
        PhaseRollback p = Rollback.in(root.home()).phase(phase);
        if (commit != null) {
            p.fromCommit(commit);
        }
        return ScopeRunner.run(spec, options, p);
    }
}
