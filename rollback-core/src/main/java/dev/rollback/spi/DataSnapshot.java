package dev.rollback.spi;

import java.time.Duration;

/**
 * A point a database target's data can be put back to fast, for integration tests that change data in every test:
 * kept on the server itself (a template database, shadow tables) or in this process (dumped keys), never on disk.
 * Not a backup: it lives as long as the test suite, and {@link #close()} removes what it holds.
 *
 * <p>{@code try (DataSnapshot s = adapter.snapshot(target)) { test(); s.reset(); }}
 *
 * <p>Every method throws an unchecked {@link dev.rollback.errors.RollbackException} naming the service, what was found
 * and what to do; credentials never appear in messages.
 */
public interface DataSnapshot extends AutoCloseable {
    /** The service whose data it holds. */
    String service();

    /** How long taking it took. */
    Duration took();

    /**
     * Puts the target's data (its scope: databases, key patterns) back as it was when the snapshot was taken: rows,
     * tables created or dropped since, keys added or deleted since. Connections open to a reset database are closed.
     * Returns how long it took.
     */
    Duration reset();

    /** Removes what the snapshot keeps on the server; the data itself stays as it is. Calling it again does nothing. */
    @Override
    void close();
}
