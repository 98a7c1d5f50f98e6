package dev.rollback.validation.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class JsonReportTest {
    private final ObjectMapper mapper = new ObjectMapper();

    @Test
    void theDocumentedShapeReadsBack() throws Exception {
        StringWriter out = new StringWriter();
        JsonReport.write(SampleReports.mixed(), out);
        JsonNode root = mapper.readTree(out.toString());

        assertThat(root.fieldNames())
                .toIterable()
                .containsExactly("scope", "at", "tookMs", "passed", "counts", "checks", "resources");
        assertThat(root.get("scope").asText()).isEqualTo("post-rollback");
        assertThat(root.get("at").asText()).isEqualTo("2026-01-05T10:00:00Z");
        assertThat(root.get("tookMs").asLong()).isEqualTo(2345);
        assertThat(root.get("passed").asBoolean()).isFalse();
        assertThat(root.get("counts").get("passed").asInt()).isEqualTo(2);
        assertThat(root.get("counts").get("failed").asInt()).isEqualTo(1);
        assertThat(root.get("counts").get("skipped").asInt()).isEqualTo(1);

        JsonNode checks = root.get("checks");
        assertThat(checks).hasSize(4);
        JsonNode failed = checks.get(1);
        assertThat(failed.fieldNames())
                .toIterable()
                .containsExactly("id", "group", "title", "status", "expected", "found", "todo", "tookMs");
        assertThat(failed.get("id").asText()).isEqualTo("git.clean");
        assertThat(failed.get("group").asText()).isEqualTo("git");
        assertThat(failed.get("status").asText()).isEqualTo("failed");
        assertThat(failed.get("expected").asText()).isEqualTo("a clean working tree");
        assertThat(failed.get("todo").asText()).startsWith("commit or stash");
        assertThat(failed.get("tookMs").asLong()).isEqualTo(40);
        assertThat(checks.get(2).get("status").asText()).isEqualTo("skipped");
        assertThat(checks.get(2).get("found").asText()).isEqualTo("vault is not running");

        JsonNode resources = root.get("resources");
        assertThat(resources).hasSize(2);
        assertThat(resources.get(0).get("service").asText()).isEqualTo("postgres");
        assertThat(resources.get(0).get("baselineMemoryBytes").asLong()).isEqualTo(190L * 1024 * 1024);
        assertThat(resources.get(1).get("baselineMemoryBytes").isNull()).isTrue();
        assertThat(resources.get(1).get("baselineCpuPercent").isNull()).isTrue();
        assertThat(resources.get(1).get("cpuPercent").asDouble()).isEqualTo(0.4);
    }

    @Test
    void hostileStringsSurviveTheRoundTrip() throws Exception {
        JsonNode root = mapper.readTree(JsonReport.render(SampleReports.hostile()));
        assertThat(root.get("checks").get(0).get("found").asText()).isEqualTo("found " + SampleReports.HOSTILE);
    }
}
