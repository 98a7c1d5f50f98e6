package dev.rollback.cli;

import dev.rollback.errors.UsageException;
import dev.rollback.io.Durations;
import java.time.Duration;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Reads every duration option (health waits, engine and Vault timeouts): more than zero and at most
 * {@link Durations#LONGEST_WAIT} (24 hours); anything else is a usage error naming the option and the bound.
 *
 * <p>{@code --await-healthy 99999999999d} prints {@code error: Invalid value for option '--await-healthy':
 * '99999999999d' is too long for a duration; a wait is at most 24 hours: 90s, 10m or 2h} and exits 2.
 */
final class WaitConverter implements ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
        try {
            return Durations.parseWait(value);
        } catch (UsageException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }
}
