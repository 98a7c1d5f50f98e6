package dev.rollback.env;

import java.time.Duration;
import java.util.List;

/**
 * A compose healthcheck after interpolation.
 *
 * <p>{@code service.healthCheck().map(HealthCheck::test) // [CMD, mysqladmin, ping, -h, localhost]}
 *
 * @param test the test as compose gives it ({@code CMD}/{@code CMD-SHELL} first), empty when disabled
 * @param interval time between checks (compose default 30 s)
 * @param timeout time one check may take (compose default 30 s)
 * @param retries consecutive failures before unhealthy (compose default 3)
 * @param startPeriod grace period after start (compose default 0)
 * @param disabled {@code disable: true} or test {@code [NONE]}
 */
public record HealthCheck(
        List<String> test, Duration interval, Duration timeout, int retries, Duration startPeriod, boolean disabled) {
    public HealthCheck {
        test = List.copyOf(test);
    }
}
