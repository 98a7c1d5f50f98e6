package dev.rollback.validation.baseline;

import dev.rollback.validation.probe.ServiceFigures;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The healthy environment's figures, recorded by {@code rollback baseline} (and by every backup, in its set), that a
 * validation compares with instead of the runbook's fixed numbers (2.6 GiB, 370 tests).
 *
 * <p>{@code Baseline b = Baselines.read(env).orElseThrow(); b.totalMemoryBytes()}
 *
 * @param at when it was recorded
 * @param commit the git commit then
 * @param branch the git branch then
 * @param services the services running then, sorted
 * @param networks the project's networks then, sorted
 * @param resources each running service's memory and CPU
 * @param responseMillis each HTTP endpoint's response time ({@code reference-api:8000/health}), in milliseconds
 * @param testCount how many tests the project's suite ran, or {@code -1} when it was not run
 */
public record Baseline(
        Instant at,
        String commit,
        String branch,
        List<String> services,
        List<String> networks,
        Map<String, ServiceFigures> resources,
        Map<String, Long> responseMillis,
        int testCount) {
    public Baseline {
        Objects.requireNonNull(at, "at");
        commit = commit == null ? "" : commit;
        branch = branch == null ? "" : branch;
        services = services == null ? List.of() : List.copyOf(services);
        networks = networks == null ? List.of() : List.copyOf(networks);
        resources = resources == null ? Map.of() : Map.copyOf(resources);
        responseMillis = responseMillis == null ? Map.of() : Map.copyOf(responseMillis);
        testCount = Math.max(-1, testCount);
    }

    /** The memory of every sampled service together. */
    public long totalMemoryBytes() {
        return resources.values().stream()
                .mapToLong(ServiceFigures::memoryBytes)
                .sum();
    }

    /** The CPU of every sampled service together, 100 = one core. */
    public double totalCpuPercent() {
        return resources.values().stream()
                .mapToDouble(ServiceFigures::cpuPercent)
                .sum();
    }

    /** This baseline with the test suite's count. */
    public Baseline withTestCount(int count) {
        return new Baseline(at, commit, branch, services, networks, resources, responseMillis, count);
    }
}
