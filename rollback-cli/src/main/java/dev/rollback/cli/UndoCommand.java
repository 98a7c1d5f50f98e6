package dev.rollback.cli;

import dev.rollback.Rollback;
import dev.rollback.RollbackBuilder;
import dev.rollback.UndoRollback;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code rollback undo [<run>|last]}: puts back what a run changed, from its folder, newest change first.
 *
 * <p>{@code rollback undo last --dry-run}
 */
@Command(
        name = "undo",
        description = {
            "Undo a rollback run: put back, newest first, what it changed (git HEAD, "
                    + "branch and stashed work, .env, the Vault key directory, volumes, databases, security overrides) from its "
                    + "safety copies, and start again the services it stopped. Works on a finished, failed or interrupted run; "
                    + "the undo is a run of its own, so it can be undone too. Work-tree changes made since are stashed first.",
            "Where a step of the run cannot be undone, preflight says so before anything changes."
        },
        footer = {"", "Examples:", "  rollback undo --dry-run", "  rollback undo last --health-timeout 5m"})
final class UndoCommand extends ScopeCommand {
    @Parameters(
            index = "0",
            arity = "0..1",
            paramLabel = "<run>",
            defaultValue = "last",
            description = "The run to undo: its id (or a unique prefix), or 'last' (default). rollback history lists "
                    + "them.")
    String run;

    @Option(
            names = "--health-timeout",
            paramLabel = "<duration>",
            description = "How long each restarted service "
                    + "may take to become healthy (e.g. 90s, 5m; default: per service, as the runbook's waits).")
    Duration healthTimeout;

    @Override
    RollbackBuilder<?> builder() {
        UndoRollback undo = Rollback.in(root.home()).undo(run);
        if (healthTimeout != null) {
            undo.awaitHealthy(healthTimeout);
        }
        return undo;
    }
}
