package dev.rollback.validation.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.DoubleFunction;
import java.util.function.ToDoubleFunction;

/**
 * The HTML report: one self-contained page (inline CSS and SVG, no scripts, nothing fetched) with the verdict, the
 * counts, the checks grouped in a table and, when resources were sampled, bar charts of each service's memory and
 * CPU against its baseline. Every string from a check is escaped.
 *
 * <p>{@code Files.writeString(Path.of("validation.html"), HtmlReport.render(report));}
 */
public final class HtmlReport {
    private static final int CHART_WIDTH = 640;
    private static final int LABEL_WIDTH = 140;
    private static final int VALUE_WIDTH = 110;
    private static final int BAR_HEIGHT = 12;
    private static final int ROW_HEIGHT = 2 * BAR_HEIGHT + 12;
    private static final double MIB = 1024.0 * 1024.0;

    private static final String STYLE = """
            body{font-family:system-ui,sans-serif;margin:2em;color:#222}
            h1{font-size:1.4em}
            .verdict{font-size:1.2em;font-weight:bold;padding:.4em .8em;display:inline-block;border-radius:4px}
            .verdict.passed{background:#d8f5d8;color:#135e13}
            .verdict.failed{background:#fbdada;color:#8a1212}
            table{border-collapse:collapse;margin-top:1em;width:100%}
            th,td{border:1px solid #ccc;padding:.3em .5em;text-align:left;vertical-align:top}
            td{white-space:pre-wrap}
            td.time{white-space:nowrap}
            tr.group th{background:#eee}
            .status.passed{color:#135e13}
            .status.failed{color:#8a1212;font-weight:bold}
            .status.skipped{color:#666}
            svg text{font-size:11px;font-family:system-ui,sans-serif}
            .bar.now{fill:#3b6fb6}
            .bar.baseline{fill:#b8b8b8}
            """;

    private HtmlReport() {}

    /** The page as a string. */
    public static String render(ValidationReport report) {
        StringBuilder b = new StringBuilder();
        try {
            write(report, b);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return b.toString();
    }

    /** Writes the page to {@code out}. */
    public static void write(ValidationReport report, Appendable out) throws IOException {
        String title = "rollback validate " + report.scope();
        out.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append(
                        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n")
                .append("<title>")
                .append(Markup.text(title))
                .append("</title>\n<style>\n")
                .append(STYLE)
                .append("</style>\n</head>\n<body>\n");
        out.append("<h1>").append(Markup.text(title)).append("</h1>\n");
        out.append("<p>Started ")
                .append(Markup.text(report.at().toString()))
                .append(", took ")
                .append(Markup.text(Timings.human(report.took())))
                .append(".</p>\n");
        String verdict = report.passed() ? "passed" : "failed";
        out.append("<p id=\"verdict\" class=\"verdict ")
                .append(verdict)
                .append("\">")
                .append(Markup.text(TextReport.verdict(report)))
                .append("</p>\n");
        out.append("<p id=\"counts\">");
        for (CheckStatus status : CheckStatus.values()) {
            String key = JsonReport.key(status);
            out.append("<span class=\"count ")
                    .append(key)
                    .append("\">")
                    .append(key)
                    .append(": ");
            out.append(String.valueOf(report.count(status))).append("</span> ");
        }
        out.append("</p>\n");
        writeChecks(report, out);
        if (!report.resources().isEmpty()) {
            writeCharts(report.resources(), out);
        }
        out.append("</body>\n</html>\n");
    }

    private static void writeChecks(ValidationReport report, Appendable out) throws IOException {
        out.append("<table id=\"checks\">\n<thead><tr><th>Status</th><th>Check</th><th>What must hold</th>")
                .append("<th>Expected</th><th>Found</th><th>What to do</th><th>Time</th></tr></thead>\n<tbody>\n");
        for (Map.Entry<String, List<CheckOutcome>> group : report.byGroup().entrySet()) {
            out.append("<tr class=\"group\"><th colspan=\"7\">")
                    .append(Markup.text(group.getKey()))
                    .append("</th></tr>\n");
            for (CheckOutcome o : group.getValue()) {
                String status = JsonReport.key(o.status());
                out.append("<tr class=\"check ")
                        .append(status)
                        .append("\" data-id=\"")
                        .append(Markup.attribute(o.id()))
                        .append("\"><td class=\"status ")
                        .append(status)
                        .append("\">")
                        .append(status)
                        .append("</td>");
                cell(o.id(), out);
                cell(o.title(), out);
                cell(o.expected(), out);
                cell(o.found(), out);
                cell(o.todo(), out);
                out.append("<td class=\"time\">")
                        .append(Markup.text(o.status() == CheckStatus.SKIPPED ? "" : Timings.human(o.took())))
                        .append("</td></tr>\n");
            }
        }
        out.append("</tbody>\n</table>\n");
    }

    private static void cell(String value, Appendable out) throws IOException {
        out.append("<td>").append(Markup.text(value)).append("</td>");
    }

    private static void writeCharts(List<ResourceSample> samples, Appendable out) throws IOException {
        out.append("<h2>Resources against the baseline</h2>\n");
        chart(
                "memory",
                "Memory (MiB)",
                samples,
                ResourceSample::memoryBytes,
                s -> s.hasMemoryBaseline() ? s.baselineMemoryBytes() : -1,
                v -> String.format(Locale.ROOT, "%.0f MiB", v / MIB),
                out);
        chart(
                "cpu",
                "CPU (%)",
                samples,
                ResourceSample::cpuPercent,
                s -> s.hasCpuBaseline() ? s.baselineCpuPercent() : -1,
                v -> String.format(Locale.ROOT, "%.1f %%", v),
                out);
    }

    /** One horizontal bar chart: per service, a bar for now and, below it, one for the baseline when known. */
    private static void chart(
            String id,
            String caption,
            List<ResourceSample> samples,
            ToDoubleFunction<ResourceSample> now,
            ToDoubleFunction<ResourceSample> baseline,
            DoubleFunction<String> label,
            Appendable out)
            throws IOException {
        double max = 0;
        for (ResourceSample s : samples) {
            max = Math.max(max, Math.max(now.applyAsDouble(s), baseline.applyAsDouble(s)));
        }
        double scale = max <= 0 ? 0 : (CHART_WIDTH - LABEL_WIDTH - VALUE_WIDTH) / max;
        int height = samples.size() * ROW_HEIGHT + 24;
        out.append("<figure>\n<svg id=\"chart-")
                .append(id)
                .append("\" class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" width=\"")
                .append(String.valueOf(CHART_WIDTH))
                .append("\" height=\"")
                .append(String.valueOf(height))
                .append("\" role=\"img\" aria-label=\"")
                .append(Markup.attribute(caption))
                .append("\">\n");
        int y = 4;
        for (ResourceSample s : samples) {
            out.append("<text x=\"0\" y=\"")
                    .append(String.valueOf(y + BAR_HEIGHT + 4))
                    .append("\">")
                    .append(Markup.text(s.service()))
                    .append("</text>\n");
            bar("now", s.service() + " now: ", now.applyAsDouble(s), scale, y, label, out);
            double base = baseline.applyAsDouble(s);
            if (base >= 0) {
                bar("baseline", s.service() + " baseline: ", base, scale, y + BAR_HEIGHT + 2, label, out);
            } else {
                out.append("<text x=\"")
                        .append(String.valueOf(LABEL_WIDTH))
                        .append("\" y=\"")
                        .append(String.valueOf(y + 2 * BAR_HEIGHT))
                        .append("\">no baseline</text>\n");
            }
            y += ROW_HEIGHT;
        }
        out.append("<rect class=\"bar now\" x=\"")
                .append(String.valueOf(LABEL_WIDTH))
                .append("\" y=\"")
                .append(String.valueOf(y + 4))
                .append("\" width=\"10\" height=\"10\"/><text x=\"")
                .append(String.valueOf(LABEL_WIDTH + 14))
                .append("\" y=\"")
                .append(String.valueOf(y + 13))
                .append("\">now</text><rect class=\"bar baseline\" x=\"")
                .append(String.valueOf(LABEL_WIDTH + 60))
                .append("\" y=\"")
                .append(String.valueOf(y + 4))
                .append("\" width=\"10\" height=\"10\"/><text x=\"")
                .append(String.valueOf(LABEL_WIDTH + 74))
                .append("\" y=\"")
                .append(String.valueOf(y + 13))
                .append("\">baseline</text>\n");
        out.append("</svg>\n<figcaption>").append(Markup.text(caption)).append("</figcaption>\n</figure>\n");
    }

    private static void bar(
            String kind, String what, double value, double scale, int y, DoubleFunction<String> label, Appendable out)
            throws IOException {
        long width = Math.max(1, Math.round(value * scale));
        String text = label.apply(value);
        out.append("<rect class=\"bar ")
                .append(kind)
                .append("\" x=\"")
                .append(String.valueOf(LABEL_WIDTH))
                .append("\" y=\"")
                .append(String.valueOf(y))
                .append("\" width=\"")
                .append(String.valueOf(width))
                .append("\" height=\"")
                .append(String.valueOf(BAR_HEIGHT))
                .append("\"><title>")
                .append(Markup.text(what + text))
                .append("</title></rect>")
                .append("<text x=\"")
                .append(String.valueOf(LABEL_WIDTH + width + 4))
                .append("\" y=\"")
                .append(String.valueOf(y + BAR_HEIGHT - 2))
                .append("\">")
                .append(Markup.text(text))
                .append("</text>\n");
    }
}
