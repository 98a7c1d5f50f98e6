package dev.rollback.validation.advisor;

import dev.rollback.env.Environment;
import dev.rollback.env.Phase;
import dev.rollback.env.RollbackConfig;
import dev.rollback.events.Scope;
import dev.rollback.plan.Severity;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Judges the observations by the runbook: measures its rollback triggers, then follows its decision table to a
 * severity, a scope and the command to run, with the time it should take from this environment's run history.
 *
 * <p>{@code new Advisor(config.phases(), AdvisorThresholds.runbook(), RunHistory.of(env)).assess(observations)}
 *
 * <p>The table, first match wins:
 *
 * <ol>
 *   <li>Critical, full: more than the tolerated services failing, the Vault sealed, or a data check failed ({@code
 *       --databases} then).
 *   <li>High, phase: something is wrong (a service failing, or the memory, CPU, test or security trigger fired) and
 *       files of a phase changed since the baseline commit that relate to it: the phase restarts a failing service or
 *       a changed file's path names one, or no single service is to blame (tests, total memory or CPU).
 *   <li>Medium, service: one to the tolerated number of services to blame (failing, or grown past the threshold).
 *   <li>Critical, full: more services to blame than that.
 *   <li>Low, config: {@code .env} differs from the backup set's, and no tracked file besides it changed.
 *   <li>Critical, full: a trigger fired and nothing narrower explains it.
 *   <li>Low, config: nothing wrong, but {@code .env} differs from the backup set's.
 *   <li>None: nothing to do.
 * </ol>
 */
public final class Advisor {
    private final Map<String, Phase> phases;
    private final AdvisorThresholds thresholds;
    private final RunHistory history;
    private final List<String> phaseOrder;

    public Advisor(Map<String, Phase> phases, AdvisorThresholds thresholds, RunHistory history) {
        this.phases = Map.copyOf(phases);
        this.phaseOrder = List.copyOf(phases.keySet());
        this.thresholds = thresholds;
        this.history = history;
    }

    /** The advisor on the live environment in {@code home}: {@code Advisor.in(home).against(baseline).assess()}. */
    public static LiveAdvisor in(Path home) {
        return new LiveAdvisor(Environment.load(home));
    }

    /** The advisor on this live environment. */
    public static LiveAdvisor on(Environment environment) {
        return new LiveAdvisor(environment);
    }

    /** An advisor with the configuration's phases and thresholds ({@code advisor:}, else the runbook's). */
    public static Advisor of(RollbackConfig config, RunHistory history) {
        return new Advisor(config.phases(), AdvisorThresholds.of(config.advisor()), history);
    }

    /** The triggers measured, the severity, scope, services, command and expected duration. */
    public Assessment assess(Observations o) {
        List<TriggerReading> readings = Readings.of(o, thresholds);
        Map<Trigger, TriggerReading> by = readings.stream().collect(Collectors.toMap(TriggerReading::trigger, r -> r));
        // a trigger that is off neither fires nor blames its services
        boolean sealed = o.vaultSealed().orElse(false)
                && (by.get(Trigger.CRITICAL_SERVICE).fired()
                        || by.get(Trigger.SECURITY).fired());
        boolean data = by.get(Trigger.DATA_INTEGRITY).fired();
        TreeSet<String> failing = new TreeSet<>();
        if (thresholds.on(Trigger.UNHEALTHY_SERVICES)) {
            o.health().forEach((service, state) -> {
                if (state.failing()) {
                    failing.add(service);
                }
            });
        }
        if (thresholds.on(Trigger.CRITICAL_SERVICE)) {
            failing.addAll(o.refusingConnections());
        }

        if (by.get(Trigger.UNHEALTHY_SERVICES).fired() || sealed || data) {
            TreeSet<String> involved = new TreeSet<>(failing);
            fired(readings).forEach(r -> involved.addAll(r.services()));
            String why = by.get(Trigger.UNHEALTHY_SERVICES).fired()
                    ? failing.size() + " services failing, more than " + thresholds.unhealthyServices()
                    : sealed ? "the Vault is sealed: every service reading secrets fails" : "a data check failed";
            return act(readings, Severity.CRITICAL, involved, why, Commands.full(data), true);
        }

        TreeSet<String> blamed = new TreeSet<>(failing);
        for (Trigger t : new Trigger[] {Trigger.MEMORY, Trigger.CPU, Trigger.SECURITY}) {
            if (by.get(t).fired()) {
                blamed.addAll(by.get(t).services());
            }
        }
        boolean wrong = !blamed.isEmpty() || !fired(readings).isEmpty();
        List<String> otherChanges =
                o.changedFiles().stream().filter(f -> !f.equals(".env")).toList();
        boolean configOnly = o.envDiffers() && otherChanges.isEmpty();
        if (wrong) {
            List<String> related = relatedPhases(PhaseFiles.match(phases, o.changedFiles()), blamed);
            if (!related.isEmpty()) {
                return act(
                        readings,
                        Severity.HIGH,
                        blamed,
                        "files of " + String.join(", ", related) + " changed since the baseline commit",
                        Commands.phases(related),
                        true);
            }
            if (!blamed.isEmpty() && blamed.size() <= thresholds.unhealthyServices()) {
                String cmd = blamed.stream()
                        .map(s -> Commands.service(s, o.tlsOn().contains(s), initChanged(s, o.changedFiles())))
                        .collect(Collectors.joining(" && "));
                return act(
                        readings,
                        Severity.MEDIUM,
                        blamed,
                        "only " + String.join(", ", blamed) + " affected",
                        cmd,
                        true);
            }
            if (!blamed.isEmpty()) {
                return act(
                        readings,
                        Severity.CRITICAL,
                        blamed,
                        blamed.size() + " services affected, more than " + thresholds.unhealthyServices(),
                        Commands.full(false),
                        true);
            }
            if (configOnly) {
                return config(readings, o, "a trigger fired and only .env differs from the backup set's");
            }
            return act(
                    readings,
                    Severity.CRITICAL,
                    blamed,
                    "a trigger fired and no phase, service or .env change " + "explains it",
                    Commands.full(false),
                    true);
        }
        if (o.envDiffers()) {
            return config(readings, o, ".env differs from the backup set's");
        }
        return new Assessment(
                readings,
                Optional.empty(),
                Optional.empty(),
                List.of(),
                "no trigger fired",
                Optional.empty(),
                true,
                Optional.empty());
    }

    private Assessment config(List<TriggerReading> readings, Observations o, String why) {
        return act(
                readings,
                Severity.LOW,
                List.of(),
                why,
                Commands.config(o.envCopy()),
                o.envCopy().isPresent());
    }

    private Assessment act(
            List<TriggerReading> readings,
            Severity severity,
            Collection<String> services,
            String reason,
            String command,
            boolean complete) {
        Scope scope = severity.scope();
        return new Assessment(
                readings,
                Optional.of(severity),
                Optional.of(scope),
                new ArrayList<>(services),
                reason,
                Optional.of(command),
                complete,
                Optional.of(history.expected(scope)));
    }

    /**
     * The changed phases related to what is wrong, in the phases' order: all of them when no service is to blame
     * (tests, total memory or CPU), else those restarting a blamed service or with a changed file whose path names one.
     */
    private List<String> relatedPhases(Map<String, List<String>> changed, TreeSet<String> blamed) {
        List<String> out = new ArrayList<>();
        for (String id : phaseOrder) {
            List<String> files = changed.get(id);
            if (files == null) {
                continue;
            }
            boolean related = blamed.isEmpty()
                    || phases.get(id).restart().stream().anyMatch(blamed::contains)
                    || files.stream().anyMatch(f -> Arrays.stream(f.split("/")).anyMatch(blamed::contains));
            if (related) {
                out.add(id);
            }
        }
        return out;
    }

    private static List<TriggerReading> fired(List<TriggerReading> readings) {
        return readings.stream().filter(TriggerReading::fired).toList();
    }

    /** Whether the service's init script ({@code configs/<service>/scripts/}) changed since the baseline commit. */
    private static boolean initChanged(String service, List<String> changedFiles) {
        return changedFiles.stream().anyMatch(f -> f.startsWith("configs/" + service + "/scripts/"));
    }
}
