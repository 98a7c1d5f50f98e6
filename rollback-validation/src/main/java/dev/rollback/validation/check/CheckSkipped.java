package dev.rollback.validation.check;

/**
 * Thrown inside a check that finds it cannot run (its service is not running, Vault is sealed, there is no backup
 * set to compare with): the check ends {@code SKIPPED} with this message as the reason.
 *
 * <p>{@code throw new CheckSkipped("postgres is not running (see services.running)");}
 */
public final class CheckSkipped extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public CheckSkipped(String reason) {
        super(reason, null, false, false);
    }
}
