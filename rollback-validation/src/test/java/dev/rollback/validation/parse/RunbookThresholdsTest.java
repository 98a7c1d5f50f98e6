package dev.rollback.validation.parse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RunbookThresholdsTest {
    @Test
    void memoryWithinTenPercentOfTheBaselineEitherWay() {
        long baseline = RunbookThresholds.BASELINE_MEMORY_BYTES;
        assertThat(RunbookThresholds.memoryWithinBaseline(baseline, baseline)).isTrue();
        assertThat(RunbookThresholds.memoryWithinBaseline(baseline, (long) (baseline * 1.10)))
                .isTrue();
        assertThat(RunbookThresholds.memoryWithinBaseline(baseline, (long) (baseline * 0.90) + 1))
                .isTrue();
        assertThat(RunbookThresholds.memoryWithinBaseline(baseline, (long) (baseline * 1.11)))
                .isFalse();
        assertThat(RunbookThresholds.memoryWithinBaseline(baseline, (long) (baseline * 0.85)))
                .isFalse();
        assertThat(baseline).isBetween(2_700_000_000L, 2_900_000_000L);
    }

    @Test
    void cpuBelowTenPercent() {
        assertThat(RunbookThresholds.cpuAcceptable(9.99)).isTrue();
        assertThat(RunbookThresholds.cpuAcceptable(10.0)).isFalse();
    }

    @Test
    void theRunbooksFigures() {
        assertThat(RunbookThresholds.MIN_TESTS).isEqualTo(370);
        assertThat(RunbookThresholds.SERVICE_COUNT).isEqualTo(23);
        assertThat(RunbookThresholds.PERFORMANCE_TOLERANCE).isEqualTo(0.10);
        assertThat(RunbookThresholds.ROLLBACK_TRIGGER_TEST_FAILURES).isEqualTo(0.05);
        assertThatThrownBy(() -> RunbookThresholds.withinTolerance(-1, 1, 0.1))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
