package dev.rollback.cli;

import dev.rollback.errors.UsageException;
import dev.rollback.validation.report.ReportFormat;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Reads {@code --format}: text, json, junit or html, in any case; anything else is a usage error naming the formats.
 *
 * <p>{@code --format pdf} prints {@code error: Invalid value for option '--format': unknown report format 'pdf';
 * known: text, json, junit, html} and exits 2.
 */
final class ReportFormatConverter implements ITypeConverter<ReportFormat> {
    @Override
    public ReportFormat convert(String value) {
        try {
            return ReportFormat.parse(value);
        } catch (UsageException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }
}
