package dev.rollback.spi;

import java.time.Duration;

/**
 * How an exec ended.
 *
 * <p>{@code if (r.exitCode() != 0) throw new RollbackException("ping failed: " + r.stderr());}
 *
 * @param exitCode the command's exit code
 * @param stdout collected stdout when the request gave no stream (else empty)
 * @param stderr collected stderr when the request gave no stream (else empty)
 * @param duration how long it ran
 */
public record ExecResult(int exitCode, String stdout, String stderr, Duration duration) {
    public boolean succeeded() {
        return exitCode == 0;
    }
}
