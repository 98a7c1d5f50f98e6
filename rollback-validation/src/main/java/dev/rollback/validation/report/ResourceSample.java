package dev.rollback.validation.report;

import java.util.Objects;

/**
 * One service's memory and CPU as sampled during validation, beside its baseline, for the report's chart.
 *
 * <p>{@code new ResourceSample("postgres", 210_000_000L, 200_000_000L, 2.5, 1.8)}
 *
 * @param service the compose service
 * @param memoryBytes the memory in use now
 * @param baselineMemoryBytes the baseline's memory, or {@code -1} when there is no baseline
 * @param cpuPercent the CPU in use now, in percent of one core
 * @param baselineCpuPercent the baseline's CPU, or {@code -1} when there is no baseline
 */
public record ResourceSample(
        String service, long memoryBytes, long baselineMemoryBytes, double cpuPercent, double baselineCpuPercent) {

    public ResourceSample {
        Objects.requireNonNull(service, "service");
        if (memoryBytes < 0 || cpuPercent < 0) {
            throw new IllegalArgumentException("memory and CPU of " + service + " cannot be negative");
        }
        baselineMemoryBytes = baselineMemoryBytes < 0 ? -1 : baselineMemoryBytes;
        baselineCpuPercent = baselineCpuPercent < 0 ? -1 : baselineCpuPercent;
    }

    /** Whether the baseline's memory is known. */
    public boolean hasMemoryBaseline() {
        return baselineMemoryBytes >= 0;
    }

    /** Whether the baseline's CPU is known. */
    public boolean hasCpuBaseline() {
        return baselineCpuPercent >= 0;
    }
}
