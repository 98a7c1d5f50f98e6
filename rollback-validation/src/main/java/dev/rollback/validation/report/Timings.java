package dev.rollback.validation.report;

import java.time.Duration;
import java.util.Locale;

/** How the reports show a duration. */
final class Timings {
    private Timings() {}

    /** {@code 12 ms} under a second, {@code 1.2 s} from a second on. */
    static String human(Duration d) {
        long ms = d.toMillis();
        if (ms < 1000) {
            return ms + " ms";
        }
        return String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
    }

    /** Seconds with three decimals, as JUnit XML's {@code time} attributes: {@code 0.012}. */
    static String seconds(Duration d) {
        return String.format(Locale.ROOT, "%.3f", d.toMillis() / 1000.0);
    }
}
