package dev.rollback.validation.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/**
 * The terminal report: checks grouped by group, one line each with ✓ / ✗ / – (or {@code [ok]} / {@code [FAIL]} /
 * {@code [skip]} for a terminal that cannot show them), the title, the id and the timing; a failure's expected,
 * found and what to do on indented lines; a last verdict line with the counts and the total time.
 *
 * <p>{@code TextReport.unicode().write(report, System.out);}
 */
public final class TextReport {
    private static final String DETAIL_INDENT = "      ";

    private final boolean ascii;

    private TextReport(boolean ascii) {
        this.ascii = ascii;
    }

    /** Marks checks with ✓, ✗ and –. */
    public static TextReport unicode() {
        return new TextReport(false);
    }

    /** Marks checks with {@code [ok]}, {@code [FAIL]} and {@code [skip]}. */
    public static TextReport ascii() {
        return new TextReport(true);
    }

    /** The report as text, one line per {@code \n}. */
    public String render(ValidationReport report) {
        StringBuilder b = new StringBuilder();
        try {
            write(report, b);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return b.toString();
    }

    /** Writes the report to {@code out}. */
    public void write(ValidationReport report, Appendable out) throws IOException {
        out.append("Validation ")
                .append(report.scope())
                .append(" at ")
                .append(report.at().toString())
                .append('\n');
        for (Map.Entry<String, List<CheckOutcome>> group : report.byGroup().entrySet()) {
            out.append('\n').append(group.getKey()).append('\n');
            for (CheckOutcome o : group.getValue()) {
                writeCheck(o, out);
            }
        }
        out.append('\n').append(verdict(report)).append('\n');
    }

    /** {@code PASSED: 5 passed, 0 failed, 1 skipped in 2.3 s} */
    public static String verdict(ValidationReport report) {
        return (report.passed() ? "PASSED" : "FAILED") + ": " + report.count(CheckStatus.PASSED) + " passed, "
                + report.count(CheckStatus.FAILED) + " failed, " + report.count(CheckStatus.SKIPPED) + " skipped in "
                + Timings.human(report.took());
    }

    private void writeCheck(CheckOutcome o, Appendable out) throws IOException {
        out.append("  ").append(mark(o.status())).append(' ').append(o.title());
        out.append(" [").append(o.id()).append("] ");
        if (o.status() == CheckStatus.SKIPPED) {
            out.append("skipped: ").append(indented(o.reason())).append('\n');
            return;
        }
        out.append(Timings.human(o.took())).append('\n');
        if (o.status() == CheckStatus.FAILED) {
            detail("expected: ", o.expected(), out);
            detail("found:    ", o.found(), out);
            detail("to do:    ", o.todo(), out);
        }
    }

    private static void detail(String label, String value, Appendable out) throws IOException {
        if (!value.isEmpty()) {
            out.append(DETAIL_INDENT).append(label).append(indented(value)).append('\n');
        }
    }

    /** Continuation lines of a multi-line value lined up under its first line. */
    private static String indented(String value) {
        return value.strip().replace("\r\n", "\n").replace("\n", "\n" + DETAIL_INDENT + "          ");
    }

    private String mark(CheckStatus status) {
        return switch (status) {
            case PASSED -> ascii ? "[ok]" : "✓";
            case FAILED -> ascii ? "[FAIL]" : "✗";
            case SKIPPED -> ascii ? "[skip]" : "–";
        };
    }
}
