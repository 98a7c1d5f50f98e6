package dev.rollback.errors;

import java.util.List;

/**
 * A backup set or an environment failed verification.
 *
 * <p>{@code catch (VerificationException e) { e.failures().forEach(System.err::println); }}
 */
public class VerificationException extends RollbackException {
    private static final long serialVersionUID = 1L;
    private final List<String> failures;

    public VerificationException(String what, List<String> failures) {
        super(what + " failed verification:\n  - " + String.join("\n  - ", failures));
        this.failures = List.copyOf(failures);
    }

    public List<String> failures() {
        return failures;
    }

    @Override
    public int exitCode() {
        return ExitCode.VERIFICATION_FAILED;
    }
}
