package dev.rollback.databases.spi;

import java.time.Duration;

/**
 * How a {@link Command} ended.
 *
 * <p>{@code if (!r.succeeded()) throw new RollbackException("pg_dumpall failed: " + r.stderrTail());}
 *
 * @param exitCode the tool's exit code
 * @param stdout collected output when the command gave no stream (else empty)
 * @param stderrTail the last 8 KiB of its stderr, for messages
 * @param duration how long it ran
 */
public record CommandResult(int exitCode, String stdout, String stderrTail, Duration duration) {
    public boolean succeeded() {
        return exitCode == 0;
    }
}
