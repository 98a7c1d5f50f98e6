package dev.rollback.cli;

import dev.rollback.Rollback;
import dev.rollback.RollbackBuilder;
import dev.rollback.ServiceRollback;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code rollback service <name>}: one service's init script and TLS switch.
 *
 * <p>{@code rollback service mysql --revert-init --disable-tls --from 80f7072}
 */
@Command(name = "service", description = "Roll one service back: its init script, its TLS switch.")
final class ServiceCommand extends ScopeCommand {
    @Parameters(paramLabel = "<service>", description = "The compose service, e.g. mysql or redis-1.")
    String service;

    @Option(names = "--revert-init", description = "Restore configs/<service>/scripts/init.sh from the reference "
            + "commit.")
    boolean revertInit;

    @Option(names = "--disable-tls", description = "Set <SERVICE>_ENABLE_TLS=false in .env.")
    boolean disableTls;

    @Option(names = "--from", paramLabel = "<commit>", description = "The commit --revert-init restores from "
            + "(default: reference_commit of rollback.yaml).")
    String commit;

    @Override
    RollbackBuilder<?> builder() {
        ServiceRollback s = Rollback.in(root.home()).service(service);
        if (revertInit) {
            s.revertInit();
        }
        if (commit != null) {
            s.fromCommit(commit);
        }
        if (disableTls) {
            s.disableTls();
        }
        return s;
    }
}
