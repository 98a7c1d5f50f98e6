package dev.rollback.cli;

import dev.rollback.PhaseRollback;
import dev.rollback.Rollback;
import dev.rollback.RollbackBuilder;
import dev.rollback.errors.UsageException;
import dev.rollback.events.RollbackResult;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code rollback phase <id>}: one improvement phase's files back from the reference commit.
 *
 * <p>{@code rollback phase phase-2 --from 80f7072 --dry-run}
 */
@Command(
        name = "phase",
        description = "Restore one phase's files (rollback.yaml phases, or the runbook's phase-0..3),"
                + " then recreate the services those files reach (those mounting a changed file, and the phase's restart list)"
                + " and wait until healthy.",
        footer = {
            "",
            "Examples:",
            "  rollback phase phase-2 --from 80f7072 --dry-run",
            "  rollback phase phase-3 --await-healthy 3m"
        })
final class PhaseCommand extends ScopeCommand {
    @Parameters(paramLabel = "<phase>", description = "The phase id, e.g. phase-2.")
    String phase;

    @Option(
            names = "--from",
            paramLabel = "<commit>",
            description = "The commit to restore from (default: " + "reference_commit of rollback.yaml).")
    String commit;

    @Option(
            names = "--await-healthy",
            paramLabel = "<duration>",
            description = "How long each recreated service "
                    + "may take to become healthy: 60s, 2m, PT90S (default: health_timeout of rollback.yaml, else 90s for "
                    + "MySQL, 30s for the others).")
    Duration awaitHealthy;

    @Option(names = "--no-restart", description = "Only restore the files; recreate no service.")
    boolean noRestart;

    @Mixin
    ValidateOptions validate;

    @Override
    RollbackBuilder<?> builder() {
        PhaseRollback p = Rollback.in(root.home()).phase(phase);
        if (commit != null) {
            p.fromCommit(commit);
        }
        if (noRestart && awaitHealthy != null) {
            throw new UsageException("--no-restart and --await-healthy contradict each other");
        }
        if (noRestart) {
            p.withoutRestart();
        }
        if (awaitHealthy != null) {
            p.awaitHealthy(awaitHealthy);
        }
        return p;
    }

    /** The services the run recreated running and healthy, with their logs since the run began; none: no checks. */
    @Override
    Optional<PostRunChecks> postRunChecks(RollbackResult result) {
        if (validate.skip || result.timeToHealthy().isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new PostRunChecks(
                List.of("services.running", "services.healthy", "logs"),
                List.copyOf(result.timeToHealthy().keySet()),
                Optional.empty(),
                null));
    }
}
