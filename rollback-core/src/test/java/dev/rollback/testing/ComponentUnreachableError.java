package dev.rollback.testing;

/**
 * Fails a test whose required component does not answer while components are required (in CI).
 *
 * <p>{@code throw new ComponentUnreachableError(ComponentCondition.message(Component.REDIS, reachability));}
 */
public final class ComponentUnreachableError extends AssertionError {
    private static final long serialVersionUID = 1L;

    public ComponentUnreachableError(String message) {
        super(message);
    }
}
