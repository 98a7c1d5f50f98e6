package dev.rollback.spi;

/**
 * The result of a contributor's restore drill for one artifact.
 *
 * <p>{@code DrillOutcome.passed("restored into scratch database; 4 tables, fingerprints equal")}
 *
 * @param passed whether the restored data matched the manifest's fingerprint
 * @param detail what was restored and compared, or what differed (never a secret or a data value)
 */
public record DrillOutcome(boolean passed, String detail) {
    public static DrillOutcome passed(String detail) {
        return new DrillOutcome(true, detail);
    }

    public static DrillOutcome failed(String detail) {
        return new DrillOutcome(false, detail);
    }
}
