package dev.rollback.validation.advisor;

import dev.rollback.events.Scope;
import dev.rollback.plan.Severity;
import java.util.List;
import java.util.Optional;

/**
 * The advisor's verdict: every trigger as measured, the severity and scope the runbook's decision table gives, the
 * services involved, the command to run and how long it should take. No action: severity, scope, command and
 * duration empty.
 *
 * <p>{@code advisor.assess(observations).command() // Optional[rollback service mysql --disable-tls]}
 *
 * @param readings each trigger as measured, in {@link Trigger}'s order
 * @param severity the runbook's severity, empty for none
 * @param scope the rollback scope it maps to, empty for none
 * @param services the services involved, sorted
 * @param reason why this severity and scope, in one line
 * @param command the command to run, empty when no action is needed
 * @param commandComplete false when the command holds a placeholder in angle brackets the operator must fill in
 * @param expected how long the rollback should take, empty when no action is needed
 */
public record Assessment(
        List<TriggerReading> readings,
        Optional<Severity> severity,
        Optional<Scope> scope,
        List<String> services,
        String reason,
        Optional<String> command,
        boolean commandComplete,
        Optional<ExpectedDuration> expected) {
    public Assessment {
        readings = List.copyOf(readings);
        services = services.stream().distinct().sorted().toList();
    }

    /** The severity's name, {@code NONE} when no action is needed. */
    public String severityName() {
        return severity.map(Enum::name).orElse("NONE");
    }

    /** Whether the runbook says to roll back (or, for a configuration difference, to restore {@code .env}). */
    public boolean actionNeeded() {
        return severity.isPresent();
    }

    /** The triggers that fired. */
    public List<TriggerReading> fired() {
        return readings.stream().filter(TriggerReading::fired).toList();
    }

    /** The reading of {@code trigger}. */
    public TriggerReading reading(Trigger trigger) {
        return readings.stream().filter(r -> r.trigger() == trigger).findFirst().orElseThrow();
    }
}
