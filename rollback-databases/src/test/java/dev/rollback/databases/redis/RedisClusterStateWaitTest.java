package dev.rollback.databases.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rollback.testing.FakeTime;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The cluster state's wait, run on a {@link FakeTime}: every poll and deadline, no sleep. */
class RedisClusterStateWaitTest {
    private static final Duration POLL = Duration.ofMillis(200);
    private final FakeTime time = new FakeTime();
    private final AtomicInteger polls = new AtomicInteger();

    private RedisClusterState failing() {
        polls.incrementAndGet();
        return new RedisClusterState(false, List.of("redis-1:6379: cluster_state:fail (expected ok)"));
    }

    @Test
    void aClusterThatNeverTurnsOkIsPolledUntilItsTimeoutThenReturnedAsItIs() {
        RedisClusterState s =
                RedisClusterState.await(this::failing, Duration.ofSeconds(1), POLL, () -> true, time, time);

        assertThat(s.ok()).isFalse();
        assertThat(s.problems()).containsExactly("redis-1:6379: cluster_state:fail (expected ok)");
        // at 0, 200, ... 1000 ms the deadline has not passed; the poll at 1200 ms is the last
        assertThat(polls).hasValue(7);
        assertThat(time.sleeps()).hasSize(6).containsOnly(POLL);
    }

    @Test
    void theWaitEndsAtTheFirstOkState() {
        RedisClusterState s = RedisClusterState.await(
                () -> polls.get() < 2 ? failing() : new RedisClusterState(true, List.of()),
                Duration.ofSeconds(30),
                POLL,
                () -> true,
                time,
                time);

        assertThat(s.ok()).isTrue();
        assertThat(polls).hasValue(2);
        assertThat(time.sleeps()).hasSize(2);
    }

    @Test
    void anOkClusterIsWaitedOnUntilItHasSettled() {
        AtomicInteger asked = new AtomicInteger();

        RedisClusterState s = RedisClusterState.await(
                () -> new RedisClusterState(true, List.of()),
                Duration.ofSeconds(30),
                POLL,
                () -> asked.incrementAndGet() == 4,
                time,
                time);

        assertThat(s.ok()).isTrue();
        assertThat(asked).hasValue(4);
        assertThat(time.sleeps()).hasSize(3);
    }

    @Test
    void aFailingCheckIsAProblemOfTheStateNotAnError() {
        RedisClusterState s = RedisClusterState.await(
                () -> {
                    throw new IllegalStateException("Connection refused");
                },
                Duration.ofMillis(500),
                POLL,
                () -> true,
                time,
                time);

        assertThat(s.ok()).isFalse();
        assertThat(s.problems()).containsExactly("Connection refused");
        assertThat(time.instant()).isEqualTo(new FakeTime().instant().plus(Duration.ofMillis(600)));
    }

    @Test
    void anInterruptEndsTheWaitWithTheStateSoFar() {
        try {
            RedisClusterState s =
                    RedisClusterState.await(this::failing, Duration.ofSeconds(30), POLL, () -> true, time, d -> {
                        throw new InterruptedException();
                    });

            assertThat(s.ok()).isFalse();
            assertThat(polls).hasValue(1);
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
    }
}
