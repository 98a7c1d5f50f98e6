package dev.rollback;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses and prints durations the way operators write them.
 *
 * <p>{@code Durations.parse("90s"); Durations.parse("1m30s"); Durations.parse("PT60S"); Durations.format(d)}
 */
public final class Durations {
    private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|us|µs|ns|h|m|s|d)");

    private Durations() {
    }

    /**
     * Accepts compose/Go style ({@code 500ms}, {@code 60s}, {@code 2m}, {@code 1h30m}, {@code 1.5s}),
     * ISO-8601 ({@code PT60S}) and a bare number of seconds ({@code 60}).
     *
     * @throws UsageException naming the text when it is none of these
     */
    public static Duration parse(String text) {
        if (text == null || text.isBlank()) {
            throw new UsageException("empty duration; write it as 60s, 2m, 1m30s or PT60S");
        }
        String t = text.strip();
        if (t.startsWith("P") || t.startsWith("p")) {
            try {
                return Duration.parse(t.toUpperCase(java.util.Locale.ROOT));
            } catch (DateTimeParseException e) {
                throw new UsageException("'" + text + "' is not a duration; write it as 60s, 2m, 1m30s or PT60S");
            }
        }
        if (t.matches("\\d+")) {
            return Duration.ofSeconds(Long.parseLong(t));
        }
        Matcher m = PART.matcher(t);
        int pos = 0;
        long nanos = 0;
        while (m.find() && m.start() == pos) {
            double n = Double.parseDouble(m.group(1));
            nanos += (long) (n * switch (m.group(2)) {
                case "ns" -> 1L;
                case "us", "µs" -> 1_000L;
                case "ms" -> 1_000_000L;
                case "s" -> 1_000_000_000L;
                case "m" -> 60_000_000_000L;
                case "h" -> 3_600_000_000_000L;
                default -> 86_400_000_000_000L;
            });
            pos = m.end();
        }
        if (pos != t.length() || pos == 0) {
            throw new UsageException("'" + text + "' is not a duration; write it as 60s, 2m, 1m30s or PT60S");
        }
        return Duration.ofNanos(nanos);
    }

    /** Short human form: {@code 850ms}, {@code 6.20s}, {@code 12.3s}, {@code 2m05s}. */
    public static String format(Duration d) {
        long ms = d.toMillis();
        if (ms < 1000) {
            return ms + "ms";
        }
        if (ms < 10_000) { // to the 10 ms: a second's tenths hide what a benchmark compares
            return String.format(java.util.Locale.ROOT, "%.2fs", ms / 1000.0);
        }
        if (ms < 60_000) {
            return String.format(java.util.Locale.ROOT, "%.1fs", ms / 1000.0);
        }
        long s = ms / 1000;
        return s / 60 + "m" + String.format(java.util.Locale.ROOT, "%02d", s % 60) + "s";
    }

    /**
     * The duration, or a {@link UsageException} naming what it was for when it is null, zero or negative.
     *
     * <p>{@code this.timeout = Durations.requirePositive(timeout, "awaitHealthy");}
     */
    public static Duration requirePositive(Duration d, String what) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new UsageException(what + ": the timeout must be positive, got " + d);
        }
        return d;
    }
}
