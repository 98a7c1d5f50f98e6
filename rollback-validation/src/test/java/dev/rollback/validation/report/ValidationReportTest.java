package dev.rollback.validation.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rollback.errors.ExitCode;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ValidationReportTest {

    @Test
    void aFailedCheckFailsTheRunWithExitCode4() {
        ValidationReport r = SampleReports.mixed();
        assertThat(r.passed()).isFalse();
        assertThat(r.exitCode()).isEqualTo(ExitCode.VERIFICATION_FAILED).isEqualTo(4);
        assertThat(r.count(CheckStatus.PASSED)).isEqualTo(2);
        assertThat(r.count(CheckStatus.FAILED)).isEqualTo(1);
        assertThat(r.count(CheckStatus.SKIPPED)).isEqualTo(1);
        assertThat(r.failures()).extracting(CheckOutcome::id).containsExactly("git.clean");
    }

    @Test
    void skippedChecksDoNotFailTheRunButAreNeverCountedAsPassed() {
        ValidationReport r = ValidationReport.of(
                "pre-rollback",
                SampleReports.AT,
                Duration.ZERO,
                List.of(CheckOutcome.skipped("tests.suite", "tests", "The test suite passes", "no test command")));
        assertThat(r.passed()).isTrue();
        assertThat(r.exitCode()).isEqualTo(ExitCode.SUCCESS).isZero();
        assertThat(r.count(CheckStatus.PASSED)).isZero();
        assertThat(r.count(CheckStatus.SKIPPED)).isEqualTo(1);
        assertThat(r.outcomes().get(0).reason()).isEqualTo("no test command");
    }

    @Test
    void groupsKeepTheOrderTheyFirstAppearIn() {
        assertThat(SampleReports.mixed().byGroup()).containsOnlyKeys("git", "vault", "services");
        assertThat(SampleReports.mixed().byGroup().keySet()).containsExactly("git", "vault", "services");
        assertThat(SampleReports.mixed().byGroup().get("git"))
                .extracting(CheckOutcome::id)
                .containsExactly("git.branch", "git.clean");
    }

    @Test
    void aPassedCheckHasNothingToDoAndNullsBecomeEmpty() {
        CheckOutcome o = new CheckOutcome("a.b", "files", "t", CheckStatus.PASSED, null, null, "ignored", null);
        assertThat(o.todo()).isEmpty();
        assertThat(o.expected()).isEmpty();
        assertThat(o.found()).isEmpty();
        assertThat(o.took()).isEqualTo(Duration.ZERO);
        assertThat(o.reason()).isEmpty();
    }

    @Test
    void aMissingBaselineIsMinusOne() {
        ResourceSample s = new ResourceSample("vault", 10, -7, 1.0, -0.5);
        assertThat(s.baselineMemoryBytes()).isEqualTo(-1);
        assertThat(s.baselineCpuPercent()).isEqualTo(-1);
        assertThat(s.hasMemoryBaseline()).isFalse();
        assertThat(s.hasCpuBaseline()).isFalse();
    }
}
