package dev.rollback.validation.probe;

/**
 * One service's resource use over a short window: the median of its samples.
 *
 * @param memoryBytes memory in use, as {@code docker stats} counts it (page cache that can be reclaimed left out)
 * @param cpuPercent CPU in use, 100 = one core
 */
public record ServiceFigures(long memoryBytes, double cpuPercent) {}
