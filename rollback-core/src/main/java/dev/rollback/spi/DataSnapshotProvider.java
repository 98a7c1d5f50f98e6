package dev.rollback.spi;

import java.util.Optional;

/**
 * Found with {@link java.util.ServiceLoader}: takes {@link DataSnapshot}s of the services whose engines this module
 * knows (rollback-databases: PostgreSQL, MySQL/MariaDB, Redis), for integration tests that reset data after each test.
 *
 * <p>{@code DataSnapshots.take(ctx, "postgres").reset()}
 */
public interface DataSnapshotProvider {
    /**
     * A snapshot of {@code service}'s data (for a node of a Redis cluster: the whole cluster's), logging in as the
     * environment does; empty when this module does not know the service's engine.
     */
    Optional<DataSnapshot> snapshot(BackupContext ctx, String service);
}
