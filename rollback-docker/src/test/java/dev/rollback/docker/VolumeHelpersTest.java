package dev.rollback.docker;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The wait on a helper's removal, on a clock its sleeper advances: nothing sleeps. */
class VolumeHelpersTest {
    private long now;
    private final List<Long> pauses = new ArrayList<>();

    private boolean retry(int refusals, Duration limit) {
        int[] asked = {0};
        return VolumeHelpers.retry(() -> ++asked[0] > refusals, limit, () -> now, pause -> {
            pauses.add(pause.toMillis());
            now += pause.toNanos();
        });
    }

    @Test
    void aRemovalTheEngineRefusesForAWhileIsAskedAgainUntilItIsDone() {
        assertThat(retry(8, Duration.ofSeconds(30))).isTrue();
        assertThat(pauses).containsExactly(50L, 100L, 200L, 400L, 800L, 1000L, 1000L, 1000L);
    }

    @Test
    void oneDoneAtOnceIsNotPaused() {
        assertThat(retry(0, Duration.ofSeconds(30))).isTrue();
        assertThat(pauses).isEmpty();
    }

    @Test
    void aRemovalStillRefusedAtTheLimitIsGivenUpThere() {
        assertThat(retry(Integer.MAX_VALUE, Duration.ofMillis(2500))).isFalse();
        assertThat(pauses).containsExactly(50L, 100L, 200L, 400L, 800L, 950L);
        assertThat(now).isEqualTo(Duration.ofMillis(2500).toNanos());
    }
}
