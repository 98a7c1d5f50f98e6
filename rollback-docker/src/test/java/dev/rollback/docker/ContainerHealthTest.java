package dev.rollback.docker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rollback.docker.ContainerHealth.Verdict;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ContainerHealthTest {
    private static final Instant STARTED = Instant.parse("2024-05-01T10:00:00.123456789Z");
    private static final ContainerHealth.Baseline BASELINE =
            new ContainerHealth.Baseline("c1", Optional.of(STARTED), 0);

    private static ContainerHealth state(String status, String health, Instant started, int restarts) {
        return new ContainerHealth(
                "c1",
                "p-db-1",
                status,
                Optional.ofNullable(health),
                Optional.ofNullable(started),
                restarts,
                3,
                "",
                Instant.now(),
                Optional.empty());
    }

    @Test
    void healthyOnlyWhenTheHealthcheckSaysSo() {
        assertThat(state("running", "starting", STARTED, 0).verdict(BASELINE)).isEqualTo(Verdict.WAIT);
        assertThat(state("running", "healthy", STARTED, 0).verdict(BASELINE)).isEqualTo(Verdict.HEALTHY);
        assertThat(state("running", "unhealthy", STARTED, 0).verdict(BASELINE)).isEqualTo(Verdict.UNHEALTHY);
    }

    @Test
    void runningIsEnoughWithoutHealthcheck() {
        assertThat(state("running", null, STARTED, 0).verdict(BASELINE)).isEqualTo(Verdict.HEALTHY);
        assertThat(state("created", null, null, 0).verdict(BASELINE)).isEqualTo(Verdict.WAIT);
    }

    @Test
    void exitedOrDeadContainerFails() {
        assertThat(state("exited", "starting", STARTED, 0).verdict(BASELINE)).isEqualTo(Verdict.EXITED);
        assertThat(state("dead", null, STARTED, 0).verdict(BASELINE)).isEqualTo(Verdict.EXITED);
        assertThat(state("exited", null, STARTED, 0).describe()).isEqualTo("exited (code 3)");
    }

    @Test
    void restartingStateOrASecondStartIsARestartLoop() {
        assertThat(state("restarting", null, STARTED, 1).verdict(BASELINE)).isEqualTo(Verdict.RESTARTING);
        assertThat(state("running", "starting", STARTED.plusSeconds(2), 0).verdict(BASELINE))
                .isEqualTo(Verdict.RESTARTING);
        assertThat(state("running", null, STARTED, 1).verdict(BASELINE)).isEqualTo(Verdict.RESTARTING);
    }

    @Test
    void engineTimesParseWithNanosAndNeverIsEmpty() {
        assertThat(ContainerHealth.instant("2024-05-01T10:00:00.123456789Z")).hasValue(STARTED);
        assertThat(ContainerHealth.instant("0001-01-01T00:00:00Z")).isEmpty();
        assertThat(ContainerHealth.instant("")).isEmpty();
    }
}
