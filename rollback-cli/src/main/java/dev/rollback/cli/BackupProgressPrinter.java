package dev.rollback.cli;

import dev.rollback.backup.BackupManifest;
import dev.rollback.backup.BackupProgress;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;

/**
 * Prints a backup's progress on stderr: on a terminal one line per artifact redrawn with bytes and throughput as it
 * grows; elsewhere (logs, CI) one line when each artifact is done. Notes (services stopped and started) as lines.
 *
 * <p>{@code backups.withProgress(new BackupProgressPrinter(err, System.console() != null))}
 */
final class BackupProgressPrinter implements BackupProgress {
    private static final long REDRAW_NANOS = 200_000_000L;
    private final PrintWriter err;
    private final boolean live;
    private String label = "";
    private long startNanos;
    private long lastDraw;

    BackupProgressPrinter(PrintWriter err, boolean live) {
        this.err = err;
        this.live = live;
    }

    @Override
    public synchronized void started(String kind, String service, String file) {
        label = String.format(Locale.ROOT, "%-10s %-28s", kind, service == null ? file : service);
        startNanos = System.nanoTime();
        lastDraw = 0;
        if (live) {
            draw(0, "");
        }
    }

    @Override
    public synchronized void bytes(String file, long bytes) {
        long now = System.nanoTime();
        if (live && now - lastDraw >= REDRAW_NANOS) {
            lastDraw = now;
            draw(bytes, "");
        }
    }

    @Override
    public synchronized void finished(BackupManifest.Artifact a, Duration took) {
        long plain = Long.parseLong(a.fingerprint().getOrDefault("bytes", "0"));
        String stored = String.format(Locale.ROOT, "  stored %s%s", size(a.size()), a.encrypted() ? ", encrypted"
                : "");
        if (live) {
            draw(plain, stored);
            err.println();
        } else {
            err.println(line(plain, stored));
        }
        err.flush();
    }

    @Override
    public synchronized void note(String message) {
        err.println((live ? "\r" : "") + "  " + message);
        err.flush();
    }

    private void draw(long bytes, String tail) {
        err.print("\r" + line(bytes, tail) + "\u001b[K");
        err.flush();
    }

    private String line(long bytes, String tail) {
        double secs = Math.max(1e-3, (System.nanoTime() - startNanos) / 1e9);
        return String.format(Locale.ROOT, "  %s %10s %8.1f MB/s %6.1fs%s", label, size(bytes), bytes / 1e6 / secs,
                secs, tail);
    }

    static String size(long bytes) {
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
