package dev.rollback.io;

import dev.rollback.errors.UsageException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses and prints durations the way operators write them.
 *
 * <p>{@code Durations.parse("90s"); Durations.parse("1m30s"); Durations.parse("PT60S"); Durations.format(d)}
 */
public final class Durations {
    /**
     * The longest wait or timeout accepted, for health waits ({@code --await-healthy}, {@code --health-timeout})
     * as for the engine's and Vault's timeouts: 24 hours. A longer one is a typo, not a wait anyone means.
     */
    public static final Duration LONGEST_WAIT = Duration.ofHours(24);

    private static final String HOW = "write it as 60s, 2m, 1m30s or PT60S";
    private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|us|µs|ns|h|m|s|d)");

    private Durations() {}

    /**
     * Accepts compose/Go style ({@code 500ms}, {@code 60s}, {@code 2m}, {@code 1h30m}, {@code 1.5s}),
     * ISO-8601 ({@code PT60S}) and a bare number of seconds ({@code 60}).
     *
     * @throws UsageException naming the text when it is none of these, or longer than a {@link Duration} holds
     *     (about 292 years; never clamped)
     */
    public static Duration parse(String text) {
        if (text == null || text.isBlank()) {
            throw new UsageException("empty duration; " + HOW);
        }
        String t = text.strip();
        if (t.startsWith("P") || t.startsWith("p")) {
            try {
                Duration d = Duration.parse(t.toUpperCase(Locale.ROOT));
                d.toNanos(); // what no wait can hold fails here, as it would where the wait is used
                return d;
            } catch (DateTimeParseException e) {
                if (String.valueOf(e.getMessage()).contains("overflow")) {
                    throw tooLong(text);
                }
                throw new UsageException("'" + text + "' is not a duration; " + HOW);
            } catch (ArithmeticException e) {
                throw tooLong(text);
            }
        }
        if (t.matches("\\d+")) {
            try {
                Duration d = Duration.ofSeconds(Long.parseLong(t));
                d.toNanos();
                return d;
            } catch (NumberFormatException | ArithmeticException e) {
                throw tooLong(text);
            }
        }
        Matcher m = PART.matcher(t);
        int pos = 0;
        long nanos = 0;
        while (m.find() && m.start() == pos) {
            double part = Double.parseDouble(m.group(1))
                    * switch (m.group(2)) {
                        case "ns" -> 1L;
                        case "us", "µs" -> 1_000L;
                        case "ms" -> 1_000_000L;
                        case "s" -> 1_000_000_000L;
                        case "m" -> 60_000_000_000L;
                        case "h" -> 3_600_000_000_000L;
                        default -> 86_400_000_000_000L;
                    };
            if (part >= Long.MAX_VALUE) { // a cast would clamp it to 292 years without a word
                throw tooLong(text);
            }
            try {
                nanos = Math.addExact(nanos, (long) part);
            } catch (ArithmeticException e) {
                throw tooLong(text);
            }
            pos = m.end();
        }
        if (pos != t.length() || pos == 0) {
            throw new UsageException("'" + text + "' is not a duration; " + HOW);
        }
        return Duration.ofNanos(nanos);
    }

    /**
     * A wait or timeout an operator wrote: {@link #parse} that is more than zero and at most {@link #LONGEST_WAIT}.
     *
     * <p>{@code Duration d = Durations.parseWait("90s");}
     *
     * @throws UsageException naming the text and the bound it misses
     */
    public static Duration parseWait(String text) {
        Duration d = parse(text);
        if (d.isNegative() || d.isZero()) {
            throw new UsageException("'" + text + "' is not more than zero; " + HOW);
        }
        if (d.compareTo(LONGEST_WAIT) > 0) {
            throw new UsageException(
                    "'" + text + "' is more than 24 hours, the longest wait accepted; write it as " + "90s, 10m or 2h");
        }
        return d;
    }

    private static UsageException tooLong(String text) {
        return new UsageException(
                "'" + text + "' is too long for a duration; a wait is at most 24 hours: 90s, 10m " + "or 2h");
    }

    /** Short human form: {@code 850ms}, {@code 6.20s}, {@code 12.3s}, {@code 2m05s}. */
    public static String format(Duration d) {
        long ms = d.toMillis();
        if (ms < 1000) {
            return ms + "ms";
        }
        if (ms < 10_000) { // to the 10 ms: a second's tenths hide what a benchmark compares
            return String.format(Locale.ROOT, "%.2fs", ms / 1000.0);
        }
        if (ms < 60_000) {
            return String.format(Locale.ROOT, "%.1fs", ms / 1000.0);
        }
        long s = ms / 1000;
        return s / 60 + "m" + String.format(Locale.ROOT, "%02d", s % 60) + "s";
    }

    /**
     * The duration, or a {@link UsageException} naming what it was for when it is null, zero, negative or more
     * than {@link #LONGEST_WAIT}.
     *
     * <p>{@code this.timeout = Durations.requirePositive(timeout, "awaitHealthy");}
     */
    public static Duration requirePositive(Duration d, String what) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new UsageException(
                    what + ": the timeout must be more than zero, got " + (d == null ? "none" : format(d)));
        }
        if (d.compareTo(LONGEST_WAIT) > 0) {
            throw new UsageException(what + ": the timeout must be at most 24 hours, got " + format(d));
        }
        return d;
    }
}
