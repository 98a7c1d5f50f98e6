package dev.rollback.errors;

/**
 * A request that cannot be understood: an unknown service, a malformed duration, a missing argument.
 * Nothing has been changed when it is thrown.
 *
 * <p>{@code throw new UsageException("unknown service 'mysqll'; known: mysql, postgres");}
 */
public class UsageException extends RollbackException {
    private static final long serialVersionUID = 1L;

    public UsageException(String message) {
        super(message);
    }

    @Override
    public int exitCode() {
        return ExitCode.USAGE;
    }
}
