package dev.rollback.databases.backup;

import dev.rollback.env.ServiceKind;
import java.util.List;
import java.util.Objects;

/**
 * What one {@code db-dump} artifact holds: one database service, or a whole Redis cluster (all its nodes' keys in
 * one dump, named after its first node).
 *
 * <p>{@code new DatabaseUnit("redis-1", ServiceKind.REDIS, List.of("redis-1", "redis-2", "redis-3"))}
 *
 * @param service the service the artifact is recorded under ({@code db-dump:<service>})
 * @param kind the engine
 * @param members the services it covers: the service alone, or every node of a Redis cluster (first is
 *                {@code service})
 */
public record DatabaseUnit(String service, ServiceKind kind, List<String> members) {
    public DatabaseUnit {
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(kind, "kind");
        members = List.copyOf(members);
    }

    /** Whether this unit is a Redis cluster of several nodes. */
    public boolean cluster() {
        return members.size() > 1;
    }

    /** Whether it covers {@code name} (a cluster covers each of its nodes). */
    public boolean covers(String name) {
        return members.contains(name);
    }

    /** {@code db-dump:<service>}, the key COMPLETENESS checks. */
    public String key() {
        return DatabaseBackupContributor.KIND + ":" + service;
    }
}
