package dev.rollback.cli;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Reads the number options ({@code --keep}, {@code --keep-days}, {@code --warn-days}, {@code --level}) with a
 * message in words, where picocli's own would say {@code 'many' is not an int}.
 *
 * <p>{@code --keep many} prints {@code error: Invalid value for option '--keep': 'many' is not a whole number;
 * write it as 5} and exits 2.
 */
final class WholeNumberConverter implements ITypeConverter<Integer> {
    @Override
    public Integer convert(String value) {
        String v = value.strip();
        if (!v.matches("[-+]?\\d+")) {
            throw new TypeConversionException("'" + value + "' is not a whole number; write it as 5");
        }
        try {
            return Integer.valueOf(v);
        } catch (NumberFormatException e) {
            throw new TypeConversionException(
                    "'" + value + "' is larger than the largest whole number accepted (" + Integer.MAX_VALUE + ")");
        }
    }
}
