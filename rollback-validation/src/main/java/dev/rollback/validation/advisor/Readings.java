package dev.rollback.validation.advisor;

import dev.rollback.validation.baseline.Baseline;
import dev.rollback.validation.parse.TestCounts;
import dev.rollback.validation.probe.ServiceFigures;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * Measures each of the runbook's triggers on the observations, against the thresholds. A trigger without its input
 * (no baseline, no test counts, the Vault not asked) is read as not measured and does not fire.
 *
 * <p>{@code Readings.of(observations, AdvisorThresholds.runbook()).get(0).trigger() // UNHEALTHY_SERVICES}
 */
final class Readings {
    private static final double GIB = 1024.0 * 1024 * 1024;
    /** The least share of the total memory growth a service must account for to be blamed for it. */
    private static final double BLAME_SHARE = 0.10;

    private Readings() {}

    /** One reading per {@link Trigger}, in its order. */
    static List<TriggerReading> of(Observations o, AdvisorThresholds t) {
        return List.of(
                        unhealthy(o, t),
                        memory(o, t),
                        cpu(o, t),
                        tests(o, t),
                        dataIntegrity(o),
                        criticalService(o),
                        security(o))
                .stream()
                .map(r -> t.on(r.trigger())
                        ? r
                        : TriggerReading.notMeasured(r.trigger(), "off in rollback.yaml (advisor.off)", r.threshold()))
                .toList();
    }

    static TriggerReading unhealthy(Observations o, AdvisorThresholds t) {
        String threshold = "more than " + t.unhealthyServices() + " services failing";
        if (o.health().isEmpty()) {
            return TriggerReading.notMeasured(Trigger.UNHEALTHY_SERVICES, "no service health reported", threshold);
        }
        List<String> failing = o.health().entrySet().stream()
                .filter(e -> e.getValue().failing())
                .map(Map.Entry::getKey)
                .toList();
        return new TriggerReading(
                Trigger.UNHEALTHY_SERVICES,
                failing.size() + " of " + o.health().size() + " services failing their health check",
                failing.size(),
                threshold,
                "the engine's health states",
                failing.size() > t.unhealthyServices(),
                failing);
    }

    static TriggerReading memory(Observations o, AdvisorThresholds t) {
        String threshold = "more than +" + percent(t.memoryGrowth()) + " against the baseline";
        if (o.baseline().isEmpty() || o.baseline().get().totalMemoryBytes() <= 0) {
            return TriggerReading.notMeasured(Trigger.MEMORY, "no baseline with memory figures", threshold);
        }
        if (o.resources().isEmpty()) {
            return TriggerReading.notMeasured(Trigger.MEMORY, "no memory sampled", threshold);
        }
        Baseline b = o.baseline().get();
        // the services both have: one started or stopped since the baseline is not growth
        long before = 0;
        long now = 0;
        for (Map.Entry<String, ServiceFigures> e : o.resources().entrySet()) {
            ServiceFigures was = b.resources().get(e.getKey());
            if (was != null) {
                before += was.memoryBytes();
                now += e.getValue().memoryBytes();
            }
        }
        if (before <= 0) {
            return TriggerReading.notMeasured(
                    Trigger.MEMORY, "no service sampled now has a memory figure in the baseline", threshold);
        }
        double growth = (double) (now - before) / before;
        // to blame: grown past the threshold itself, and by a real share of the total growth (a 4 MiB pooler's
        // +1 MiB is +25 %, and no reason to roll it back)
        long total = now - before;
        List<String> grown = new ArrayList<>();
        o.resources().forEach((service, f) -> {
            ServiceFigures was = b.resources().get(service);
            long by = was == null ? 0 : f.memoryBytes() - was.memoryBytes();
            if (was != null
                    && was.memoryBytes() > 0
                    && (double) by / was.memoryBytes() > t.memoryGrowth()
                    && by >= total * BLAME_SHARE) {
                grown.add(service);
            }
        });
        return new TriggerReading(
                Trigger.MEMORY,
                signed(percent(growth)) + " (" + gib(now) + " against " + gib(before) + ")",
                growth,
                threshold,
                "memory per service against the baseline of " + b.at(),
                growth > t.memoryGrowth(),
                grown);
    }

    static TriggerReading cpu(Observations o, AdvisorThresholds t) {
        String threshold = "more than " + points(t.cpuPoints()) + " points above the baseline (100 = one core)";
        if (o.baseline().isEmpty() || o.baseline().get().resources().isEmpty()) {
            return TriggerReading.notMeasured(Trigger.CPU, "no baseline with CPU figures", threshold);
        }
        if (o.resources().isEmpty()) {
            return TriggerReading.notMeasured(Trigger.CPU, "no CPU sampled", threshold);
        }
        Baseline b = o.baseline().get();
        double before = b.totalCpuPercent();
        double now = o.resources().values().stream()
                .mapToDouble(ServiceFigures::cpuPercent)
                .sum();
        double rise = round(now - before);
        List<String> busier = new ArrayList<>();
        o.resources().forEach((service, f) -> {
            ServiceFigures was = b.resources().get(service);
            double was0 = was == null ? 0 : was.cpuPercent();
            if (round(f.cpuPercent() - was0) > t.cpuPoints()) {
                busier.add(service);
            }
        });
        return new TriggerReading(
                Trigger.CPU,
                signed(points(rise)) + " points (" + points(round(now)) + "% against " + points(round(before)) + "%)",
                rise,
                threshold,
                "CPU per service against the baseline of " + b.at(),
                rise > t.cpuPoints(),
                busier);
    }

    static TriggerReading tests(Observations o, AdvisorThresholds t) {
        String threshold = "more than " + percent(t.testFailureRate()) + " of the tests failing";
        if (o.tests().isEmpty()) {
            return TriggerReading.notMeasured(Trigger.TEST_FAILURES, "the test suite was not run", threshold);
        }
        TestCounts c = o.tests().get();
        if (c.total() == 0) {
            return TriggerReading.notMeasured(Trigger.TEST_FAILURES, "the test suite ran no test", threshold);
        }
        int bad = c.failed() + c.errors();
        double rate = (double) bad / c.total();
        return new TriggerReading(
                Trigger.TEST_FAILURES,
                percent(rate) + " (" + bad + " of " + c.total() + " tests failed or errored)",
                rate,
                threshold,
                "the test suite's " + c.format() + " output",
                rate > t.testFailureRate(),
                List.of());
    }

    static TriggerReading dataIntegrity(Observations o) {
        List<String> failed = List.copyOf(new TreeSet<>(o.failedDataChecks()));
        if (failed.isEmpty() && o.dataNotChecked().isPresent()) {
            return TriggerReading.notMeasured(
                    Trigger.DATA_INTEGRITY, o.dataNotChecked().get(), "any data check failing");
        }
        return new TriggerReading(
                Trigger.DATA_INTEGRITY,
                failed.isEmpty() ? "no data check failed" : "data check failed for " + String.join(", ", failed),
                failed.size(),
                "any data check failing",
                "data checks against the newest verified backup set",
                !failed.isEmpty(),
                failed);
    }

    static TriggerReading criticalService(Observations o) {
        List<String> down = new ArrayList<>(new TreeSet<>(o.refusingConnections()));
        boolean sealed = o.vaultSealed().orElse(false);
        List<String> parts = new ArrayList<>();
        if (sealed) {
            parts.add("the Vault is sealed");
            down.add(0, "vault");
        }
        if (!o.refusingConnections().isEmpty()) {
            parts.add(String.join(", ", new TreeSet<>(o.refusingConnections())) + " refusing connections");
        }
        if (parts.isEmpty() && o.vaultSealed().isEmpty()) {
            parts.add("no database refusing connections; the Vault not asked");
        } else if (parts.isEmpty()) {
            parts.add("the Vault unsealed, no database refusing connections");
        }
        return new TriggerReading(
                Trigger.CRITICAL_SERVICE,
                String.join("; ", parts),
                down.size(),
                "the Vault sealed, or a database refusing connections",
                "the Vault's seal status and the databases' connection checks",
                !down.isEmpty(),
                down);
    }

    static TriggerReading security(Observations o) {
        boolean sealed = o.vaultSealed().orElse(false);
        List<String> expiring = List.copyOf(new TreeSet<>(o.expiringSecretIds()));
        List<String> parts = new ArrayList<>();
        if (sealed) {
            parts.add("the Vault is sealed");
        }
        if (!expiring.isEmpty()) {
            parts.add("AppRole secret-id expiring for " + String.join(", ", expiring));
        }
        if (parts.isEmpty()) {
            parts.add("no AppRole secret-id expiring" + (o.vaultSealed().isEmpty() ? "; the Vault not asked" : ""));
        }
        if (!o.tlsOn().isEmpty()) {
            parts.add("TLS on for " + String.join(", ", new TreeSet<>(o.tlsOn())));
        }
        List<String> involved = new ArrayList<>(expiring);
        if (sealed) {
            involved.add("vault");
        }
        return new TriggerReading(
                Trigger.SECURITY,
                String.join("; ", parts),
                involved.size(),
                "the Vault sealed, or an AppRole secret-id expiring",
                "the Vault's seal status, AppRole secret-ids and the services' TLS flags",
                !involved.isEmpty(),
                involved);
    }

    private static double round(double v) {
        return Math.round(v * 1_000_000) / 1_000_000.0;
    }

    private static String percent(double fraction) {
        return String.format(Locale.ROOT, "%.1f%%", fraction * 100);
    }

    private static String points(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    private static String signed(String v) {
        if (v.matches("-0\\.0+%?")) { // a rounding of a tiny fall: no change
            return "+" + v.substring(1);
        }
        return v.startsWith("-") ? v : "+" + v;
    }

    private static String gib(long bytes) {
        return String.format(Locale.ROOT, "%.2f GiB", bytes / GIB);
    }
}
