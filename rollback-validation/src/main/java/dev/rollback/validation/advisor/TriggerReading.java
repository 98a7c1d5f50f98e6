package dev.rollback.validation.advisor;

import java.util.List;
import java.util.Objects;

/**
 * One trigger as measured: the value, the threshold it is compared with, where the value came from, whether it fired
 * and the services involved.
 *
 * <p>{@code reading.fired() // true: "3 services failing" against "more than 2"}
 *
 * @param trigger which of the runbook's triggers
 * @param value the measured value in words ({@code +23.4% (2.9 GiB against 2.4 GiB)}), or why it was not measured
 * @param number the measured value as a number (services, a fraction, CPU points), {@code NaN} when not measured
 * @param threshold the threshold in words ({@code more than +20%})
 * @param source where the value was measured ({@code docker stats against the baseline of 2026-12-01})
 * @param fired whether the value crossed the threshold
 * @param services the services involved, sorted
 */
public record TriggerReading(
        Trigger trigger,
        String value,
        double number,
        String threshold,
        String source,
        boolean fired,
        List<String> services) {
    public TriggerReading {
        Objects.requireNonNull(trigger, "trigger");
        value = value == null ? "" : value;
        threshold = threshold == null ? "" : threshold;
        source = source == null ? "" : source;
        services = services == null ? List.of() : services.stream().sorted().toList();
    }

    /** A trigger that could not be measured: there was no input for it. */
    static TriggerReading notMeasured(Trigger trigger, String why, String threshold) {
        return new TriggerReading(trigger, "not measured: " + why, Double.NaN, threshold, "", false, List.of());
    }

    /** Whether a value was measured. */
    public boolean measured() {
        return !Double.isNaN(number);
    }
}
