package dev.rollback.databases.backup;

import dev.rollback.databases.spi.DatabaseTarget;

/**
 * A throwaway database server a restore drill restores into: a scratch container of the service's own image, or a
 * scratch server process on this host. Closing it removes it and everything it stored.
 *
 * <p>{@code try (ScratchServer s = ScratchServers.start(...)) { adapter.restore(s.target(), dump, opts); }}
 */
interface ScratchServer extends AutoCloseable {

    /** How to reach it: its address, a login it accepts, the live service's scope; tools run where it runs. */
    DatabaseTarget target();

    /** For messages ({@code scratch container rollback-scratch-3f2a1c of local/postgres:15}). */
    String describe();

    /** Whether its process or container still runs. */
    boolean alive();

    /** The end of its log, for messages when it does not become ready (holds no live secrets). */
    String logTail();

    /** Stops and removes it, its data included; idempotent. */
    @Override
    void close();
}
