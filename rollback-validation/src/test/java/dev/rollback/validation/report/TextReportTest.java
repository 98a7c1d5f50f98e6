package dev.rollback.validation.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class TextReportTest {

    @Test
    void checksAreGroupedWithMarksTimingsAndAFailuresDetails() {
        assertThat(TextReport.unicode().render(SampleReports.mixed()).lines())
                .containsExactly(
                        "Validation post-rollback at 2026-01-05T10:00:00Z",
                        "",
                        "git",
                        "  ✓ On the baseline branch [git.branch] 12 ms",
                        "  ✗ No uncommitted changes [git.clean] 40 ms",
                        "      expected: a clean working tree",
                        "      found:    2 files changed: docker-compose.yml, .env",
                        "      to do:    commit or stash the changes, then validate again",
                        "",
                        "vault",
                        "  – Vault is unsealed and answering [vault.unsealed] skipped: vault is not running",
                        "",
                        "services",
                        "  ✓ Every service running and healthy [services.healthy] 1.5 s",
                        "",
                        "FAILED: 2 passed, 1 failed, 1 skipped in 2.3 s");
    }

    @Test
    void theAsciiFallbackMarksChecksWithWords() {
        String text = TextReport.ascii().render(SampleReports.mixed());
        assertThat(text.lines())
                .contains(
                        "  [ok] On the baseline branch [git.branch] 12 ms",
                        "  [FAIL] No uncommitted changes [git.clean] 40 ms",
                        "  [skip] Vault is unsealed and answering [vault.unsealed] skipped: vault is not running");
        assertThat(text).doesNotContain("✓", "✗", "–");
    }

    @Test
    void aMultiLineFindingIsLinedUpUnderItsFirstLine() {
        ValidationReport r = ValidationReport.of(
                "post-rollback",
                SampleReports.AT,
                Duration.ofMillis(999),
                List.of(CheckOutcome.failed(
                        "services.healthy", "services", "Every service healthy", "12", "a\nb", "", Duration.ZERO)));
        assertThat(TextReport.unicode().render(r).lines())
                .containsSubsequence(
                        "  ✗ Every service healthy [services.healthy] 0 ms",
                        "      expected: 12",
                        "      found:    a",
                        "                b",
                        "FAILED: 0 passed, 1 failed, 0 skipped in 999 ms");
    }

    @Test
    void anAllPassedRunSaysPassed() {
        ValidationReport r = ValidationReport.of(
                "service postgres",
                SampleReports.AT,
                Duration.ofSeconds(3),
                List.of(CheckOutcome.passed("db.postgres.data", "databases", "Data present", "", "", Duration.ZERO)));
        assertThat(TextReport.verdict(r)).isEqualTo("PASSED: 1 passed, 0 failed, 0 skipped in 3.0 s");
    }
}
