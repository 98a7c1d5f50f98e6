package dev.rollback.io;

import dev.rollback.errors.RollbackException;
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

    /**
     * Pauses for {@code d} in a wait that cannot go on when interrupted: the thread keeps its interrupt flag and the
     * wait ends with a {@link RollbackException} saying {@code ifInterrupted}.
     */
    default void pause(Duration d, String ifInterrupted) {
        try {
            sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RollbackException(ifInterrupted, e);
        }
    }
}
