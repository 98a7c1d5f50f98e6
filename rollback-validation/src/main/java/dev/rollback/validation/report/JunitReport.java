package dev.rollback.validation.report;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The JUnit XML report, so any CI lists the checks: one {@code <testsuite name="rollback validate <scope>">} with
 * one {@code <testcase classname="<group>" name="<id>: <title>">} per check, a {@code <failure>} with expected,
 * found and what to do for a failed check and a {@code <skipped>} with the reason for a skipped one.
 *
 * <p>{@code Files.writeString(path, JunitReport.render(report));}
 */
public final class JunitReport {
    private JunitReport() {}

    /** The report as an XML document. */
    public static String render(ValidationReport report) {
        StringBuilder b = new StringBuilder();
        try {
            write(report, b);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return b.toString();
    }

    /** Writes the report to {@code out} as an XML document in UTF-8's character set. */
    public static void write(ValidationReport report, Appendable out) throws IOException {
        out.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        out.append("<testsuite name=\"")
                .append(Markup.attribute("rollback validate " + report.scope()))
                .append("\" tests=\"")
                .append(String.valueOf(report.outcomes().size()))
                .append("\" failures=\"")
                .append(String.valueOf(report.count(CheckStatus.FAILED)))
                .append("\" errors=\"0\" skipped=\"")
                .append(String.valueOf(report.count(CheckStatus.SKIPPED)))
                .append("\" time=\"")
                .append(Timings.seconds(report.took()))
                .append("\" timestamp=\"")
                .append(Markup.attribute(report.at().toString()))
                .append("\">\n");
        for (CheckOutcome o : report.outcomes()) {
            out.append("  <testcase classname=\"")
                    .append(Markup.attribute(o.group()))
                    .append("\" name=\"")
                    .append(Markup.attribute(o.id() + ": " + o.title()))
                    .append("\" time=\"")
                    .append(Timings.seconds(o.took()))
                    .append('"');
            switch (o.status()) {
                case PASSED -> out.append("/>\n");
                case SKIPPED ->
                    out.append(">\n    <skipped message=\"")
                            .append(Markup.attribute(o.reason()))
                            .append("\"/>\n  </testcase>\n");
                case FAILED ->
                    out.append(">\n    <failure message=\"")
                            .append(Markup.attribute(failureMessage(o)))
                            .append("\" type=\"")
                            .append(Markup.attribute(o.id()))
                            .append("\">")
                            .append(Markup.text(failureBody(o)))
                            .append("</failure>\n  </testcase>\n");
            }
        }
        out.append("</testsuite>\n");
    }

    /** {@code expected main, found feature/x} */
    static String failureMessage(CheckOutcome o) {
        return "expected " + o.expected() + ", found " + o.found();
    }

    private static String failureBody(CheckOutcome o) {
        return "expected: " + o.expected() + "\nfound: " + o.found() + "\nto do: " + o.todo();
    }
}
