package dev.rollback.validation.report;

import dev.rollback.errors.ExitCode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The checks of one validation run, in order, with the verdict: passed when no check failed (skipped checks do not
 * fail a run, but they are never counted as passed).
 *
 * <p>{@code ValidationReport r = ValidationReport.of("post-rollback", start, took, checks); exit(r.exitCode());}
 *
 * @param scope what was validated: {@code post-rollback}, {@code pre-rollback}, {@code service postgres}
 * @param at when the run started
 * @param took how long the whole run took
 * @param outcomes every check's outcome, in the order they are reported
 * @param resources memory and CPU samples for the report's chart; empty when none were taken
 */
public record ValidationReport(
        String scope, Instant at, Duration took, List<CheckOutcome> outcomes, List<ResourceSample> resources) {

    public ValidationReport {
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(at, "at");
        took = took == null || took.isNegative() ? Duration.ZERO : took;
        outcomes = List.copyOf(outcomes);
        resources = resources == null ? List.of() : List.copyOf(resources);
    }

    /** A report without resource samples. */
    public static ValidationReport of(String scope, Instant at, Duration took, List<CheckOutcome> outcomes) {
        return new ValidationReport(scope, at, took, outcomes, List.of());
    }

    /** True when no check failed. */
    public boolean passed() {
        return count(CheckStatus.FAILED) == 0;
    }

    /** {@link ExitCode#SUCCESS} when every check that ran passed, {@link ExitCode#VERIFICATION_FAILED} otherwise. */
    public int exitCode() {
        return passed() ? ExitCode.SUCCESS : ExitCode.VERIFICATION_FAILED;
    }

    /** How many checks ended with {@code status}. */
    public int count(CheckStatus status) {
        return (int) outcomes.stream().filter(o -> o.status() == status).count();
    }

    /** The failed checks, in order. */
    public List<CheckOutcome> failures() {
        return outcomes.stream().filter(o -> o.status() == CheckStatus.FAILED).toList();
    }

    /** The outcomes by group, groups in the order they first appear, checks in their order within each. */
    public Map<String, List<CheckOutcome>> byGroup() {
        Map<String, List<CheckOutcome>> groups = new LinkedHashMap<>();
        for (CheckOutcome outcome : outcomes) {
            groups.computeIfAbsent(outcome.group(), g -> new ArrayList<>()).add(outcome);
        }
        groups.replaceAll((g, list) -> List.copyOf(list));
        return groups;
    }
}
