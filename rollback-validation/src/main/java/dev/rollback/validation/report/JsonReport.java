package dev.rollback.validation.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;

/**
 * The JSON report, in a stable shape (documented in docs/validation.md):
 *
 * <pre>{@code
 * {"scope": "post-rollback", "at": "2026-01-05T10:00:00Z", "tookMs": 2300, "passed": false,
 *  "counts": {"passed": 40, "failed": 1, "skipped": 1},
 *  "checks": [{"id": "git.branch", "group": "git", "title": "...", "status": "failed",
 *              "expected": "...", "found": "...", "todo": "...", "tookMs": 12}],
 *  "resources": [{"service": "postgres", "memoryBytes": 1, "baselineMemoryBytes": 1,
 *                 "cpuPercent": 0.5, "baselineCpuPercent": null}]}
 * }</pre>
 *
 * <p>{@code String json = JsonReport.render(report);}
 */
public final class JsonReport {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private JsonReport() {}

    /** The report as a JSON tree. */
    static ObjectNode tree(ValidationReport report) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("scope", report.scope());
        root.put("at", report.at().toString());
        root.put("tookMs", report.took().toMillis());
        root.put("passed", report.passed());
        ObjectNode counts = root.putObject("counts");
        for (CheckStatus status : CheckStatus.values()) {
            counts.put(key(status), report.count(status));
        }
        ArrayNode checks = root.putArray("checks");
        for (CheckOutcome o : report.outcomes()) {
            ObjectNode c = checks.addObject();
            c.put("id", o.id());
            c.put("group", o.group());
            c.put("title", o.title());
            c.put("status", key(o.status()));
            c.put("expected", o.expected());
            c.put("found", o.found());
            c.put("todo", o.todo());
            c.put("tookMs", o.took().toMillis());
        }
        ArrayNode resources = root.putArray("resources");
        for (ResourceSample s : report.resources()) {
            ObjectNode r = resources.addObject();
            r.put("service", s.service());
            r.put("memoryBytes", s.memoryBytes());
            if (s.hasMemoryBaseline()) {
                r.put("baselineMemoryBytes", s.baselineMemoryBytes());
            } else {
                r.putNull("baselineMemoryBytes");
            }
            r.put("cpuPercent", s.cpuPercent());
            if (s.hasCpuBaseline()) {
                r.put("baselineCpuPercent", s.baselineCpuPercent());
            } else {
                r.putNull("baselineCpuPercent");
            }
        }
        return root;
    }

    /** The report as indented JSON, ending with a newline. */
    public static String render(ValidationReport report) {
        try {
            return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(tree(report)) + "\n";
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes the report to {@code out}. */
    public static void write(ValidationReport report, Appendable out) throws IOException {
        out.append(render(report));
    }

    /** A status as the JSON carries it: {@code passed}, {@code failed}, {@code skipped}. */
    static String key(CheckStatus status) {
        return status.name().toLowerCase(Locale.ROOT);
    }
}
