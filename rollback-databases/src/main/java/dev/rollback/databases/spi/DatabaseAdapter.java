package dev.rollback.databases.spi;

import dev.rollback.env.ServiceKind;
import dev.rollback.errors.RollbackException;
import dev.rollback.spi.DataSnapshot;
import dev.rollback.spi.DumpSource;
import java.io.OutputStream;
import java.util.Set;

/**
 * One database engine: health, dump, restore and a data fingerprint, for one {@link DatabaseTarget} at a time.
 * Implementations are found with {@link java.util.ServiceLoader} through {@link DatabaseAdapters}.
 *
 * <p>{@code DatabaseAdapter pg = DatabaseAdapters.forKind(ServiceKind.POSTGRES).orElseThrow();
 * DumpResult d = pg.dump(target, out);}
 *
 * <p>Every method throws an unchecked {@link dev.rollback.errors.RollbackException} naming the service, what was found
 * and what to do; credentials never appear in messages, logs or process arguments.
 */
public interface DatabaseAdapter {

    /** The kinds of service this adapter serves ({@code POSTGRES}). */
    Set<ServiceKind> kinds();

    /**
     * Connects and asks the server a trivial question within the target's connect timeout. A refused password is
     * never retried; only transient failures are, where the engine calls for it (Redis).
     */
    DatabaseHealth health(DatabaseTarget target);

    /**
     * Streams a complete dump to {@code out} (not closed) as it is produced; nothing large is held in memory.
     * Fails when the tool fails or the dump lacks its end marker; the caller then discards what was written.
     */
    DumpResult dump(DatabaseTarget target, OutputStream out);

    /**
     * Verifies the dump (end marker or trailer, and {@link RestoreOptions#expectedSha256()}) before touching the
     * server, takes a safety dump unless told not to, then restores. A dump that fails verification leaves the
     * server untouched.
     */
    RestoreResult restore(DatabaseTarget target, DumpSource source, RestoreOptions options);

    /** A deterministic summary of the data in the target's scope: per table, collection or key space. */
    Fingerprint fingerprint(DatabaseTarget target);

    /**
     * Takes a {@link DataSnapshot} of the target's scope that {@link DataSnapshot#reset()} returns to, much faster than
     * a dump and restore; for integration tests. Engines without one say so.
     */
    default DataSnapshot snapshot(DatabaseTarget target) {
        throw new RollbackException(target.service() + ": no fast reset for " + target.kind() + " yet; restore a dump"
                + " instead (rollback full --from-backup latest --databases)");
    }
}
