package dev.rollback.errors;

import java.util.List;

/**
 * A backup could not take every part the environment declares (a database that does not answer, a sealed Vault):
 * without {@code --partial} nothing is written; a restore never silently skips a part it was asked for.
 *
 * <p>{@code catch (IncompleteBackupException e) { e.missing() // [db-dump:mysql] }}
 */
public final class IncompleteBackupException extends RollbackException {
    private static final long serialVersionUID = 1L;
    private final List<String> missing;

    /**
     * @param missing the parts left out, as {@code kind:service} keys ({@code db-dump:mysql})
     * @param message what was found and what to do
     */
    public IncompleteBackupException(List<String> missing, String message, Throwable cause) {
        super(message, cause);
        this.missing = List.copyOf(missing);
    }

    public IncompleteBackupException(List<String> missing, String message) {
        this(missing, message, null);
    }

    /** The parts left out, as {@code kind:service} keys. */
    public List<String> missing() {
        return missing;
    }

    @Override
    public int exitCode() {
        return ExitCode.INCOMPLETE;
    }
}
