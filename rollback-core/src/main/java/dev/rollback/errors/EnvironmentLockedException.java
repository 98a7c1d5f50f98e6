package dev.rollback.errors;

/**
 * Another run holds the environment's lock: nothing was changed. Exit code 5, as a refused preflight: the run was
 * refused before its first change.
 *
 * <p>{@code catch (EnvironmentLockedException e) { e.holderPid(); }}
 */
public final class EnvironmentLockedException extends RollbackException {
    private static final long serialVersionUID = 1L;
    private final long holderPid;

    public EnvironmentLockedException(String message, long holderPid) {
        super(message);
        this.holderPid = holderPid;
    }

    /** The process that holds the lock. */
    public long holderPid() {
        return holderPid;
    }

    @Override
    public int exitCode() {
        return ExitCode.PREFLIGHT_REFUSED;
    }
}
