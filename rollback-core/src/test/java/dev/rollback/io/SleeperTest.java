package dev.rollback.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rollback.errors.RollbackException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SleeperTest {
    @Test
    void aPauseSleepsForItsDuration() {
        List<Duration> slept = new ArrayList<>();
        Sleeper sleeper = slept::add;

        sleeper.pause(Duration.ofMillis(250), "interrupted while waiting for postgres");

        assertThat(slept).containsExactly(Duration.ofMillis(250));
    }

    @Test
    void anInterruptedPauseEndsTheWaitSayingWhatAndKeepsTheFlag() {
        Sleeper interrupted = d -> {
            throw new InterruptedException();
        };
        try {
            assertThatThrownBy(() -> interrupted.pause(Duration.ofSeconds(1), "interrupted while waiting for postgres"))
                    .isInstanceOf(RollbackException.class)
                    .hasMessage("interrupted while waiting for postgres")
                    .hasCauseInstanceOf(InterruptedException.class);
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
    }
}
