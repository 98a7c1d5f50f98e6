package dev.rollback.validation.advisor;

import dev.rollback.env.AdvisorSettings;
import dev.rollback.validation.parse.RunbookThresholds;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * The values past which a trigger fires; the runbook's by default. A trigger fires when its value is strictly more
 * than its threshold ("more than 2 services", "&gt;20% memory"). A trigger that is off is not measured.
 *
 * <p>{@code AdvisorThresholds.runbook().unhealthyServices() // 2}
 *
 * @param unhealthyServices failing services tolerated (3 fires at 2)
 * @param memoryGrowth total memory growth against the baseline tolerated, as a fraction (0.20)
 * @param cpuPoints total CPU rise against the baseline tolerated, in percentage points of one core (10.0)
 * @param testFailureRate failed and errored tests tolerated, as a fraction of the tests run (0.05)
 * @param off the triggers switched off
 */
public record AdvisorThresholds(
        int unhealthyServices, double memoryGrowth, double cpuPoints, double testFailureRate, Set<Trigger> off) {
    public AdvisorThresholds {
        if (unhealthyServices < 0 || memoryGrowth < 0 || cpuPoints < 0 || testFailureRate < 0) {
            throw new IllegalArgumentException("thresholds cannot be negative");
        }
        off = off.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(off));
    }

    /** Every trigger on, with these values. */
    public AdvisorThresholds(int unhealthyServices, double memoryGrowth, double cpuPoints, double testFailureRate) {
        this(unhealthyServices, memoryGrowth, cpuPoints, testFailureRate, Set.of());
    }

    /** The runbook's values, from {@link RunbookThresholds}: 2 services, +20% memory, +10 CPU points, 5% tests. */
    public static AdvisorThresholds runbook() {
        return new AdvisorThresholds(
                RunbookThresholds.ROLLBACK_TRIGGER_UNHEALTHY_SERVICES,
                RunbookThresholds.ROLLBACK_TRIGGER_MEMORY,
                RunbookThresholds.ROLLBACK_TRIGGER_CPU * 100,
                RunbookThresholds.ROLLBACK_TRIGGER_TEST_FAILURES);
    }

    /** The {@code advisor:} section of {@code rollback.yaml} (percentages there, fractions here). */
    public static AdvisorThresholds of(AdvisorSettings s) {
        Set<Trigger> off = EnumSet.noneOf(Trigger.class);
        s.off().forEach(name -> off.add(Trigger.valueOf(name.toUpperCase(Locale.ROOT))));
        return new AdvisorThresholds(
                s.unhealthyServices(), s.memoryGrowthPercent() / 100, s.cpuPoints(), s.testFailurePercent() / 100, off);
    }

    /** Whether {@code t} is measured. */
    public boolean on(Trigger t) {
        return !off.contains(t);
    }
}
