package dev.rollback.io;

import java.time.Duration;

/**
 * Pauses a waiting loop between two checks; with a {@link java.time.Clock} for its deadline, the one thing a test
 * replaces to run a wait without sleeping (a sleeper that advances its clock instead).
 *
 * <p>{@code while (!ready() && clock.instant().isBefore(deadline)) { sleeper.sleep(Duration.ofMillis(250)); }}
 */
@FunctionalInterface
public interface Sleeper {
    /** Sleeps on the calling thread ({@link Thread#sleep(Duration)}). */
    Sleeper SYSTEM = d -> Thread.sleep(d.toMillis(), (int) (d.toNanos() % 1_000_000));

    /** Pauses for {@code d}; an interrupt ends it with {@link InterruptedException}, as {@link Thread#sleep} does. */
    void sleep(Duration d) throws InterruptedException;
}
