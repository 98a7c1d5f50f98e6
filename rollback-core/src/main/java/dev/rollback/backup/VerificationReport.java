package dev.rollback.backup;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * What verifying a backup set found, per artifact and level.
 *
 * <p>{@code if (!report.passed()) report.failures().forEach(System.err::println);}
 *
 * @param set the set's directory
 * @param level the level asked for
 * @param checks every check made, in order
 * @param bytesRead how many stored bytes were read (for throughput)
 * @param keyRefused the passphrase does not open the set: every encrypted artifact's stored bytes are intact (their
 *                   checksums hold) and none decrypts. A wrong key, not a broken set: such a verification is not
 *                   recorded as a failure of the set.
 */
public record VerificationReport(Path set, VerifyLevel level, List<Check> checks, long bytesRead, boolean keyRefused) {

    public VerificationReport {
        checks = List.copyOf(checks);
    }

    public VerificationReport(Path set, VerifyLevel level, List<Check> checks, long bytesRead) {
        this(set, level, checks, bytesRead, false);
    }

    /**
     * @param level the level the check belongs to
     * @param artifact the artifact's file, or {@code manifest.json}, or the missing kind
     * @param passed whether it holds
     * @param detail what was found
     */
    public record Check(VerifyLevel level, String artifact, boolean passed, String detail) {
        @Override
        public String toString() {
            return (passed ? "✓ " : "✗ ") + level.name().toLowerCase(Locale.ROOT) + " " + artifact
                    + (detail.isEmpty() ? "" : ": " + detail);
        }
    }

    public boolean passed() {
        return checks.stream().allMatch(Check::passed);
    }

    public List<Check> failures() {
        return checks.stream().filter(c -> !c.passed()).toList();
    }
}
