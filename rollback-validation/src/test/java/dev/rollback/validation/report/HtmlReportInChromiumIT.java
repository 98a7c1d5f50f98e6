package dev.rollback.validation.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rollback.testing.ComponentProbe;
import dev.rollback.testing.RequiresChromium;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The HTML report as a real browser renders it: headless Chromium's DOM after loading the page from a file. */
@RequiresChromium
class HtmlReportInChromiumIT {
    private static final long TIMEOUT_SECONDS = 60;

    @TempDir
    Path dir;

    @Test
    void theRenderedPageHoldsEveryCheckItsStatusAndTheChart() throws Exception {
        ValidationReport report = SampleReports.mixed();
        String dom = renderedDom(HtmlReport.render(report));

        assertThat(dom).contains("FAILED: 2 passed, 1 failed, 1 skipped in 2.3 s");
        for (CheckOutcome o : report.outcomes()) {
            String status = JsonReport.key(o.status());
            assertThat(dom)
                    .as("the row of %s", o.id())
                    .containsPattern("<tr class=\"check " + status + "\" data-id=\"" + o.id().replace(".", "\\.")
                            + "\"><td class=\"status " + status + "\">" + status + "</td><td>"
                            + o.id().replace(".", "\\.") + "</td>");
        }
        assertThat(dom).contains("<svg id=\"chart-memory\"", "<svg id=\"chart-cpu\"", "<rect class=\"bar now\"");
        assertThat(dom).contains("postgres baseline: 190 MiB");
    }

    @Test
    void hostileStringsStayText() throws Exception {
        String dom = renderedDom(HtmlReport.render(SampleReports.hostile()));
        assertThat(dom).doesNotContain("<script").contains("found &lt;script&gt;alert('x')&lt;/script&gt;");
    }

    private String renderedDom(String html) throws IOException, InterruptedException {
        Path page = dir.resolve("report.html");
        Files.writeString(page, html, StandardCharsets.UTF_8);
        Path out = dir.resolve("dom.html");
        Path err = dir.resolve("chromium.log");
        Process chromium = new ProcessBuilder(List.of(
                        ComponentProbe.onPath("chromium").orElseThrow().toString(),
                        "--headless",
                        "--no-sandbox",
                        "--disable-gpu",
                        "--disable-background-networking",
                        "--disable-component-update",
                        "--disable-sync",
                        "--no-first-run",
                        "--user-data-dir=" + dir.resolve("profile"),
                        "--dump-dom",
                        page.toUri().toString()))
                .redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .start();
        if (!chromium.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            chromium.descendants().forEach(ProcessHandle::destroyForcibly);
            chromium.destroyForcibly();
            throw new AssertionError("chromium did not render the page within " + TIMEOUT_SECONDS + " s");
        }
        String dom = Files.readString(out, StandardCharsets.UTF_8);
        assertThat(chromium.exitValue())
                .as("chromium's exit code; its log: %s", Files.readString(err))
                .isZero();
        assertThat(dom).as("chromium's DOM; its log: %s", Files.readString(err)).contains("</html>");
        return dom;
    }
}
