package dev.rollback.testing;

import dev.rollback.io.Sleeper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * A clock that stands still until its sleeper is called, which advances it instead of sleeping: a waiting loop given
 * both runs through its polls and deadlines at once, and the test sees each pause it took.
 *
 * <p>{@code FakeTime t = new FakeTime(); Readiness.await("rabbitmq", target, adapter, notes::add, t, t);}
 */
public final class FakeTime extends Clock implements Sleeper {
    private Instant now;
    private final List<Duration> sleeps = new ArrayList<>();

    public FakeTime() {
        this(Instant.parse("2026-01-01T00:00:00Z"));
    }

    public FakeTime(Instant start) {
        this.now = start;
    }

    @Override
    public synchronized void sleep(Duration d) {
        sleeps.add(d);
        now = now.plus(d);
    }

    /** Moves the clock on without a sleep (time a check itself took). */
    public synchronized void advance(Duration d) {
        now = now.plus(d);
    }

    /** The pauses taken so far, in order. */
    public synchronized List<Duration> sleeps() {
        return List.copyOf(sleeps);
    }

    @Override
    public synchronized Instant instant() {
        return now;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("a FakeTime runs in UTC");
    }
}
