package dev.rollback.io;

import java.util.Locale;

/**
 * Byte counts as people read them, in binary units.
 *
 * <p>{@code ByteSizes.format(1_500_000) // "1.4 MiB"}
 */
public final class ByteSizes {
    private ByteSizes() {}

    /** {@code 512 B}, {@code 1.5 KiB}, {@code 12.0 MiB}, {@code 1.25 GiB}. */
    public static String format(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        if (bytes < 1024 * 1024) {
            return String.format(Locale.ROOT, "%.1f KiB", bytes / 1024.0);
        }
        if (bytes < 1024L * 1024 * 1024) {
            return String.format(Locale.ROOT, "%.1f MiB", bytes / 1024.0 / 1024);
        }
        return String.format(Locale.ROOT, "%.2f GiB", bytes / 1024.0 / 1024 / 1024);
    }
}
