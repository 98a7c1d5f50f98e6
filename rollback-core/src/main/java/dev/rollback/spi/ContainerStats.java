package dev.rollback.spi;

/**
 * One sample of a container's resource use.
 *
 * <p>{@code stats.memoryBytes() / (1024.0 * 1024 * 1024) // GiB, for the runbook's ~2.6 GiB budget}
 *
 * @param service the compose service
 * @param memoryBytes memory in use (without page cache, as {@code docker stats} shows it)
 * @param memoryLimitBytes the memory limit, or the host's memory when unlimited
 * @param cpuPercent CPU use over the sample, 100 = one core
 */
public record ContainerStats(String service, long memoryBytes, long memoryLimitBytes, double cpuPercent) {}
