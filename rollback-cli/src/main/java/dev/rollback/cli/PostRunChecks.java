package dev.rollback.cli;

import dev.rollback.backup.BackupKey;
import dev.rollback.backup.BackupSet;
import java.util.List;
import java.util.Optional;

/**
 * The checks that end a rollback command: what the rollback promised, checked on the environment it left (a full
 * rollback's services healthy, Vault unsealed, the restored data equal to the set's; a service rollback's service
 * healthy and answering).
 *
 * <p>{@code new PostRunChecks(List.of("services", "vault.unsealed"), List.of(), Optional.empty(), null)}
 *
 * @param only the groups and check ids to run
 * @param services the services in scope; empty for every service
 * @param set the set the rollback restored from, to compare with; empty to compare with the newest
 * @param key the set's key when it is encrypted, else null
 */
record PostRunChecks(List<String> only, List<String> services, Optional<BackupSet> set, BackupKey key) {
    PostRunChecks {
        only = List.copyOf(only);
        services = List.copyOf(services);
    }

    /** Checks of every service, compared with the newest set. */
    static PostRunChecks of(List<String> only) {
        return new PostRunChecks(only, List.of(), Optional.empty(), null);
    }
}
