package dev.rollback.validation.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class HtmlReportTest {

    @Test
    void thePageHoldsTheVerdictCountsEveryCheckAndTheCharts() {
        String html = HtmlReport.render(SampleReports.mixed());
        assertThat(html)
                .startsWith("<!DOCTYPE html>")
                .contains("FAILED: 2 passed, 1 failed, 1 skipped in 2.3 s")
                .contains("class=\"verdict failed\"")
                .contains("failed: 1", "passed: 2", "skipped: 1")
                .contains("git.branch", "git.clean", "vault.unsealed", "services.healthy")
                .contains("commit or stash the changes, then validate again")
                .contains("<svg id=\"chart-memory\"", "<svg id=\"chart-cpu\"")
                .contains("postgres now: 200 MiB", "postgres baseline: 190 MiB", "no baseline");
    }

    @Test
    void thePageIsSelfContained() {
        String html = HtmlReport.render(SampleReports.mixed());
        assertThat(html)
                .doesNotContain("<script", "<link", "src=", "@import", "url(")
                .doesNotContainPattern("https?://(?!www\\.w3\\.org/2000/svg\")");
    }

    @Test
    void noChartWithoutSamples() {
        ValidationReport r = ValidationReport.of(
                "pre-rollback",
                SampleReports.AT,
                Duration.ZERO,
                List.of(CheckOutcome.passed("git.branch", "git", "Branch", "main", "main", Duration.ZERO)));
        assertThat(HtmlReport.render(r)).doesNotContain("<svg").contains("class=\"verdict passed\"");
    }

    @Test
    void hostileStringsAreEscapedEverywhere() {
        String html = HtmlReport.render(SampleReports.hostile());
        assertThat(html)
                .doesNotContain("<script", "alert('x')", "\"quoted\"", "\u0001")
                .contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;quoted&quot;");
    }
}
