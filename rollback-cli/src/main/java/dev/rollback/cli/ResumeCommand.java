package dev.rollback.cli;

import dev.rollback.ResumeRollback;
import dev.rollback.Rollback;
import dev.rollback.RollbackBuilder;
import dev.rollback.backup.Backups;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code rollback resume [<run>|last]}: goes on with an interrupted or failed complete rollback where it stopped.
 *
 * <p>{@code rollback resume --dry-run}
 */
@Command(
        name = "resume",
        description = {
            "Resume an interrupted or failed complete rollback (rollback full) where it "
                    + "stopped: the same plan is built again from the run's folder (the same commit, backup set and options, the "
                    + "same services), the steps it finished are skipped, the step it was in runs again from its start.",
            "Before anything changes it checks that nothing changed underneath (git HEAD and .env as the run left them, "
                    + "the volumes it restored present). The resumption is a run of its own; undoing it also undoes the "
                    + "run it resumed. An encrypted backup set's passphrase is read again, as by rollback full."
        },
        footer = {
            "",
            "Examples:",
            "  rollback resume --dry-run",
            "  rollback resume last --health-timeout 5m",
            "  rollback undo          (instead: put back the state before the interrupted run)"
        })
final class ResumeCommand extends ScopeCommand {
    @Parameters(
            index = "0",
            arity = "0..1",
            paramLabel = "<run>",
            defaultValue = "last",
            description = "The run to resume: its id (or a unique prefix), or 'last' (default). rollback history "
                    + "lists them.")
    String run;

    @Option(
            names = "--health-timeout",
            paramLabel = "<duration>",
            description = "How long each restarted service "
                    + "may take to become healthy (e.g. 90s, 5m; default: as the run was given, else per service).")
    Duration healthTimeout;

    @Override
    RollbackBuilder<?> builder() {
        ResumeRollback resume = Rollback.in(root.home())
                .resume(run)
                .withSetKey(set ->
                        Backups.in(Rollback.in(root.home()).environment()).key(set));
        if (healthTimeout != null) {
            resume.awaitHealthy(healthTimeout);
        }
        return resume;
    }
}
