package dev.rollback.cli;

import dev.rollback.Rollback;
import dev.rollback.RollbackBuilder;
import dev.rollback.ServiceRollback;
import dev.rollback.errors.UsageException;
import dev.rollback.events.RollbackResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code rollback service <name>}: the runbook's service-specific rollback in one command.
 *
 * <p>{@code rollback service mysql --revert-init --disable-tls --from 80f7072 --await-healthy 90s}
 */
@Command(
        name = "service",
        description = {
            "Roll one service back: stop it (all Redis nodes for a Redis node), "
                    + "revert its init script, switch its TLS off, recreate it and wait for real health."
        },
        footer = {
            "",
            "Examples:",
            "  rollback service mysql --revert-init --disable-tls --from 80f7072",
            "  rollback service redis-1 --disable-tls --await-healthy 90s"
        })
final class ServiceCommand extends ScopeCommand {
    @Parameters(paramLabel = "<service>", description = "The compose service, e.g. mysql or redis-1.")
    String service;

    @Option(
            names = "--revert-init",
            description = "Restore configs/<service>/scripts/init.sh from the reference " + "commit.")
    boolean revertInit;

    @Option(names = "--disable-tls", description = "Set <SERVICE>_ENABLE_TLS=false in .env.")
    boolean disableTls;

    @Option(
            names = "--from",
            paramLabel = "<commit>",
            description = "The commit --revert-init restores from " + "(default: reference_commit of rollback.yaml).")
    String commit;

    @Option(
            names = "--await-healthy",
            paramLabel = "<duration>",
            description = "How long to wait for health "
                    + "after the restart: 60s, 2m, PT90S (default: health_timeout of rollback.yaml, else 90s for MySQL, "
                    + "30s for the others).")
    Duration awaitHealthy;

    @Option(names = "--no-restart", description = "Only change the files; leave the container as it is.")
    boolean noRestart;

    @Mixin
    ValidateOptions validate;

    @Override
    RollbackBuilder<?> builder() {
        ServiceRollback s = Rollback.in(root.home()).service(service);
        if (revertInit) {
            s.revertingInit();
        }
        if (commit != null) {
            s.fromCommit(commit);
        }
        if (disableTls) {
            s.disablingTls();
        }
        if (noRestart && awaitHealthy != null) {
            throw new UsageException("--no-restart and --await-healthy contradict each other");
        }
        if (!noRestart) {
            if (awaitHealthy != null) {
                s.awaitHealthy(awaitHealthy);
            } else {
                s.awaitHealthy();
            }
        }
        return s;
    }

    /**
     * Once restarted, the service running and healthy, its API answering and its log since the run began; TLS off with
     * {@code --disable-tls}.
     */
    @Override
    Optional<PostRunChecks> postRunChecks(RollbackResult result) {
        if (validate.skip) {
            return Optional.empty();
        }
        List<String> only = new ArrayList<>();
        if (!noRestart) {
            only.addAll(List.of("services.running", "services.healthy", "http", "logs"));
        }
        if (disableTls) {
            only.add("vault.tls-env");
        }
        if (only.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new PostRunChecks(only, List.of(service), Optional.empty(), null));
    }
}
