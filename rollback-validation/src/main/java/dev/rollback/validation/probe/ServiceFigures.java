package dev.rollback.validation.probe;

/**
 * One service's resource use over a short window: its memory (the median of the samples) and the CPU it settles at
 * (the lowest sample).
 *
 * @param memoryBytes memory in use, as {@code docker stats} counts it (page cache that can be reclaimed left out)
 * @param cpuPercent CPU in use when settled, 100 = one core
 */
public record ServiceFigures(long memoryBytes, double cpuPercent) {}
