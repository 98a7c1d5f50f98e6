package dev.rollback.validation.junit;

import dev.rollback.errors.RollbackException;
import dev.rollback.validation.report.ValidationReport;

/**
 * A test class's environment failed the check before its first test: a declared service not running or not healthy.
 * The message holds the validation report; {@link #report()} the report itself.
 *
 * <p>{@code catch (EnvironmentNotReadyException e) { e.report().failures() }}
 */
public final class EnvironmentNotReadyException extends RollbackException {
    private final transient ValidationReport report;

    public EnvironmentNotReadyException(String message, ValidationReport report) {
        super(message);
        this.report = report;
    }

    /** The check's report. */
    public ValidationReport report() {
        return report;
    }
}
