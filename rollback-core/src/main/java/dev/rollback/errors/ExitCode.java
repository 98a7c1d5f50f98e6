package dev.rollback.errors;

/**
 * The exit codes of the CLI, one meaning each.
 *
 * <p>{@code if (code == ExitCode.HEALTH_TIMEOUT) retryLater();}
 */
public final class ExitCode {
    /** Everything asked for was done and verified. */
    public static final int SUCCESS = 0;
    /** A step failed; the message says which and what to do. */
    public static final int FAILURE = 1;
    /** The command line or an argument was wrong; nothing was changed. */
    public static final int USAGE = 2;
    /** A service did not become healthy within its timeout. */
    public static final int HEALTH_TIMEOUT = 3;
    /** A backup or an environment failed verification. */
    public static final int VERIFICATION_FAILED = 4;
    /** Preflight found problems and refused to start; nothing was changed. */
    public static final int PREFLIGHT_REFUSED = 5;
    /**
     * A backup could not take every part the environment declares: without {@code --partial} nothing was written;
     * with it the set was written without those parts, which the output names.
     */
    public static final int INCOMPLETE = 6;
    /**
     * {@code rollback advise} or {@code watch}: a rollback trigger of the runbook crossed its threshold; the output
     * names the severity and the command to run.
     */
    public static final int ROLLBACK_ADVISED = 7;

    private ExitCode() {}
}
