package dev.rollback.validation.check;

import dev.rollback.validation.baseline.Baseline;
import dev.rollback.validation.probe.HttpEndpoint;
import dev.rollback.validation.probe.HttpProbe;
import dev.rollback.validation.probe.ResourceSampler;
import dev.rollback.validation.probe.ServiceFigures;
import dev.rollback.validation.report.ResourceSample;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * "Performance within baseline": the project's running containers sampled over a few seconds (each one's median, so
 * a health check's spike does not decide) and compared with the recorded baseline.
 *
 * <ul>
 *   <li>{@code resources.memory}: the services' memory together at most {@code memory_tolerance_percent} (10) above
 *       the baseline's, over the services both have. Less memory than the baseline passes (a rolled-back
 *       environment's containers are fresh) and is reported.
 *   <li>{@code resources.cpu}: the services' CPU together under {@code cpu_max_percent} (10, of one core), or under
 *       the baseline's own figure plus that when the healthy environment already used more.
 *   <li>{@code resources.response-time}: each HTTP endpoint's response time (the fastest of five, as the baseline took it) no more than 10 %
 *       and 100 ms slower than the baseline's.
 * </ul>
 *
 * <p>{@code ResourceChecks r = new ResourceChecks(); r.checks(); ... r.samples(ctx)}
 */
final class ResourceChecks {
    static final String GROUP = "resources";
    private static final Duration SLOWER_BY = Duration.ofMillis(100);
    private Supplier<Map<String, ServiceFigures>> sampled;

    List<Check> checks(CheckContext ctx) {
        sampled = Once.of(() -> new ResourceSampler(3)
                .sample(
                        ctx.engine(),
                        ctx.environment(),
                        ctx.containers().stream()
                                .filter(c -> "running".equals(c.state()) && ctx.inScope(c.service()))
                                .map(c -> c.service())
                                .distinct()
                                .toList()));
        return List.of(
                Check.of("resources.memory", GROUP, "Memory within the baseline's (+10 %)", this::memory),
                Check.of("resources.cpu", GROUP, "CPU under 10 % once settled", this::cpu),
                Check.of(
                        "resources.response-time",
                        GROUP,
                        "Response times as the baseline's",
                        ResourceChecks::response));
    }

    /** What was sampled, beside the baseline's figures, for the report's chart; empty when nothing was. */
    List<ResourceSample> samples(CheckContext ctx) {
        Map<String, ServiceFigures> now;
        try {
            now = sampled == null ? Map.of() : sampled.get();
        } catch (RuntimeException e) {
            return List.of();
        }
        Map<String, ServiceFigures> base =
                ctx.baseline().map(Baseline::resources).orElse(Map.of());
        List<ResourceSample> out = new ArrayList<>();
        now.forEach((s, f) -> {
            ServiceFigures b = base.get(s);
            out.add(new ResourceSample(
                    s,
                    f.memoryBytes(),
                    b == null ? -1 : b.memoryBytes(),
                    f.cpuPercent(),
                    b == null ? -1 : b.cpuPercent()));
        });
        return out;
    }

    private Verdict memory(CheckContext ctx) {
        Baseline base = ctx.requireBaseline();
        Map<String, ServiceFigures> now = sampled.get();
        List<String> both = now.keySet().stream()
                .filter(base.resources()::containsKey)
                .sorted()
                .toList();
        if (both.isEmpty()) {
            throw new CheckSkipped("no running service was sampled in the baseline");
        }
        long was = both.stream()
                .mapToLong(s -> base.resources().get(s).memoryBytes())
                .sum();
        long is = both.stream().mapToLong(s -> now.get(s).memoryBytes()).sum();
        double tolerance = ctx.settings().memoryTolerancePercent();
        long limit = (long) (was * (1 + tolerance / 100));
        String change = percent(was, is);
        String found = mib(is) + " for " + both.size() + " services (" + change + " against the baseline)";
        if (is <= limit) {
            return Verdict.pass(
                    "at most " + mib(limit) + " (baseline " + mib(was) + " + " + fmt(tolerance) + " %)", found);
        }
        List<String> grew = new ArrayList<>(both);
        grew.sort((a, b) -> Long.compare(
                now.get(b).memoryBytes() - base.resources().get(b).memoryBytes(),
                now.get(a).memoryBytes() - base.resources().get(a).memoryBytes()));
        String top = grew.stream()
                .limit(3)
                .map(s -> s + " " + mib(base.resources().get(s).memoryBytes()) + " -> "
                        + mib(now.get(s).memoryBytes()))
                .reduce((a, b) -> a + ", " + b)
                .orElse("");
        return Verdict.fail(
                "at most " + mib(limit) + " (baseline " + mib(was) + " + " + fmt(tolerance) + " %)",
                found + "; grew most: " + top,
                "see what holds the memory (docker stats; docker compose top <service>); restart or roll back the"
                        + " service that grew (rollback service <name>)");
    }

    private Verdict cpu(CheckContext ctx) {
        Map<String, ServiceFigures> now = sampled.get();
        if (now.isEmpty()) {
            throw new CheckSkipped("no running service to sample");
        }
        double max = ctx.settings().cpuMaxPercent();
        Optional<Baseline> base = ctx.baseline();
        double limit = base.map(b -> Math.max(max, b.totalCpuPercent() + max)).orElse(max);
        double is =
                now.values().stream().mapToDouble(ServiceFigures::cpuPercent).sum();
        List<String> busiest = new ArrayList<>(now.keySet());
        busiest.sort(
                (a, b) -> Double.compare(now.get(b).cpuPercent(), now.get(a).cpuPercent()));
        String top = busiest.stream()
                .limit(3)
                .map(s -> s + " " + fmt(now.get(s).cpuPercent()) + " %")
                .reduce((a, b) -> a + ", " + b)
                .orElse("");
        String expected = "under " + fmt(limit) + " % of one core"
                + base.map(b -> " (baseline " + fmt(b.totalCpuPercent()) + " %)")
                        .orElse("");
        return Verdict.of(
                is < limit,
                expected,
                fmt(is) + " % for " + now.size() + " services; busiest: " + top,
                "see what keeps it busy (docker stats; docker compose logs <service>); a service still starting"
                        + " settles within a minute, validate again then");
    }

    private static Verdict response(CheckContext ctx) {
        Baseline base = ctx.requireBaseline();
        if (base.responseMillis().isEmpty()) {
            throw new CheckSkipped("the baseline has no response times (no HTTP endpoint answered when it was taken)");
        }
        HttpProbe probe = new HttpProbe(Duration.ofSeconds(5));
        List<String> slow = new ArrayList<>();
        List<String> all = new ArrayList<>();
        for (Map.Entry<String, Long> e : new TreeMap<>(base.responseMillis()).entrySet()) {
            HttpEndpoint endpoint = HttpEndpoint.parse(e.getKey());
            if (!ctx.inScope(endpoint.service()) || !ctx.running(endpoint.service())) {
                continue;
            }
            long took = probe.responseTime(ctx.engine(), ctx.environment(), endpoint, HttpProbe.RESPONSE_TRIES)
                    .toMillis();
            long was = e.getValue();
            all.add(endpoint.service() + " " + took + " ms (baseline " + was + " ms)");
            if (took > was * 1.1 && took - was > SLOWER_BY.toMillis()) {
                slow.add(endpoint.service() + " " + took + " ms (baseline " + was + " ms)");
            }
        }
        if (all.isEmpty()) {
            throw new CheckSkipped("none of the baseline's endpoints is running in scope");
        }
        return Verdict.of(
                slow.isEmpty(),
                "no more than 10 % and " + SLOWER_BY.toMillis() + " ms slower than the baseline",
                slow.isEmpty() ? String.join(", ", all) : "slower: " + String.join(", ", slow),
                "see what slows the service (docker stats, its log); restart or roll it back (rollback service"
                        + " <name>)");
    }

    private static String mib(long bytes) {
        return String.format(Locale.ROOT, "%.0f MiB", bytes / 1048576.0);
    }

    private static String fmt(double d) {
        return String.format(Locale.ROOT, d == Math.rint(d) ? "%.0f" : "%.1f", d);
    }

    private static String percent(long was, long is) {
        if (was == 0) {
            return "no baseline figure";
        }
        double p = (is - was) * 100.0 / was;
        return (p >= 0 ? "+" : "") + fmt(Math.round(p * 10) / 10.0) + " %";
    }
}
