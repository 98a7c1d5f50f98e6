package dev.rollback.validation.report;

import dev.rollback.errors.UsageException;
import java.io.IOException;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The formats a validation report is written in, as {@code --format} names them.
 *
 * <p>{@code ReportFormat.parse("junit").write(report, writer);}
 */
public enum ReportFormat {
    /** The terminal report with ✓ / ✗ / –: {@link TextReport}. */
    TEXT("txt"),
    /** {@link JsonReport}. */
    JSON("json"),
    /** {@link JunitReport}. */
    JUNIT("xml"),
    /** One self-contained page: {@link HtmlReport}. */
    HTML("html");

    private final String extension;

    ReportFormat(String extension) {
        this.extension = extension;
    }

    /** The format named {@code name}, in any case: {@code text}, {@code json}, {@code junit} or {@code html}. */
    public static ReportFormat parse(String name) {
        String wanted = name == null ? "" : name.strip().toUpperCase(Locale.ROOT);
        for (ReportFormat format : values()) {
            if (format.name().equals(wanted)) {
                return format;
            }
        }
        throw new UsageException("unknown report format '" + name + "'; known: "
                + Arrays.stream(values()).map(ReportFormat::cliName).collect(Collectors.joining(", ")));
    }

    /** The name {@code --format} takes: {@code junit}. */
    public String cliName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The usual file name extension of a report in this format, without the dot: {@code xml}. */
    public String extension() {
        return extension;
    }

    /** Writes {@code report} to {@code out}; the text format marks checks with ✓ / ✗ / –. */
    public void write(ValidationReport report, Appendable out) throws IOException {
        switch (this) {
            case TEXT -> TextReport.unicode().write(report, out);
            case JSON -> JsonReport.write(report, out);
            case JUNIT -> JunitReport.write(report, out);
            case HTML -> HtmlReport.write(report, out);
        }
    }

    /** The report in this format as a string. */
    public String render(ValidationReport report) {
        StringBuilder b = new StringBuilder();
        try {
            write(report, b);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return b.toString();
    }
}
