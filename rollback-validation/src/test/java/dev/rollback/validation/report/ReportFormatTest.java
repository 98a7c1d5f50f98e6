package dev.rollback.validation.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rollback.errors.UsageException;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class ReportFormatTest {

    @Test
    void parsesTheFormatOptionInAnyCase() {
        assertThat(ReportFormat.parse("text")).isEqualTo(ReportFormat.TEXT);
        assertThat(ReportFormat.parse("JSON")).isEqualTo(ReportFormat.JSON);
        assertThat(ReportFormat.parse(" junit ")).isEqualTo(ReportFormat.JUNIT);
        assertThat(ReportFormat.parse("Html")).isEqualTo(ReportFormat.HTML);
        assertThat(ReportFormat.JUNIT.extension()).isEqualTo("xml");
    }

    @Test
    void anUnknownFormatIsAUsageErrorNamingTheKnownOnes() {
        assertThatThrownBy(() -> ReportFormat.parse("yaml"))
                .isInstanceOf(UsageException.class)
                .hasMessage("unknown report format 'yaml'; known: text, json, junit, html");
    }

    @Test
    void writesEachFormatThroughOneEntryPoint() throws Exception {
        ValidationReport r = SampleReports.mixed();
        for (ReportFormat format : ReportFormat.values()) {
            StringWriter out = new StringWriter();
            format.write(r, out);
            assertThat(out.toString()).isEqualTo(format.render(r));
        }
        assertThat(ReportFormat.TEXT.render(r)).isEqualTo(TextReport.unicode().render(r));
        assertThat(ReportFormat.JSON.render(r)).isEqualTo(JsonReport.render(r));
        assertThat(ReportFormat.JUNIT.render(r)).isEqualTo(JunitReport.render(r));
        assertThat(ReportFormat.HTML.render(r)).isEqualTo(HtmlReport.render(r));
    }
}
