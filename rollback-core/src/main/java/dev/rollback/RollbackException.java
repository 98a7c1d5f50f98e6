package dev.rollback;

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

    public RollbackException(String message) {
        super(message);
    }

    public RollbackException(String message, Throwable cause) {
        super(message, cause);
    }

    /** The process exit code the CLI uses for this failure (see {@link ExitCode}). */
    public int exitCode() {
        return ExitCode.FAILURE;
    }
}
