package dev.rollback.errors;

import dev.rollback.events.RollbackResult;
import java.util.Optional;

/**
 * The one unchecked root of every failure the SDK reports.
 *
 * <p>{@code try { plan.execute(); } catch (RollbackException e) { System.exit(e.exitCode()); }}
 *
 * <p>Messages name the service or file concerned, the state found and what to do next; they never
 * contain a secret. Low-level exceptions are wrapped once and kept as the cause.
 */
public class RollbackException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private transient RollbackResult result;

    public RollbackException(String message) {
        super(message);
    }

    public RollbackException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * The run this failure ended, when it came out of one: its id, its journal, the steps done, the one that failed
     * and those not run (kept as the run's {@code result.json} too).
     */
    public Optional<RollbackResult> result() {
        return Optional.ofNullable(result);
    }

    /** This exception with the run it ended; for the plan runner. */
    public RollbackException withResult(RollbackResult r) {
        this.result = r;
        return this;
    }

    /** The process exit code the CLI uses for this failure (see {@link ExitCode}). */
    public int exitCode() {
        return ExitCode.FAILURE;
    }
}
