package dev.rollback.cli;

import dev.rollback.events.RollbackEvent;
import dev.rollback.events.RollbackListener;
import dev.rollback.io.ByteSizes;
import java.io.PrintWriter;
import java.util.Locale;

/**
 * Prints a backup's events on stderr: on a terminal one line per artifact redrawn with bytes and throughput as it
 * grows; elsewhere (logs, CI) one line when each artifact is done. Notes (services stopped and started) and the
 * restarted services' states as lines; warnings as {@code warning: ...}, also when the progress is not printed.
 *
 * <p>{@code backups.withListener(new BackupProgressPrinter(err, System.console() != null))}
 */
final class BackupProgressPrinter implements RollbackListener {
    private static final long REDRAW_NANOS = 200_000_000L;
    private final PrintWriter err;
    private final boolean live;
    private final boolean progress;
    private String label = "";
    private long startNanos;
    private long lastDraw;

    BackupProgressPrinter(PrintWriter err, boolean live) {
        this(err, live, true);
    }

    /** With {@code progress} false, only the warnings ({@code --json}: stdout is the report). */
    BackupProgressPrinter(PrintWriter err, boolean live, boolean progress) {
        this.err = err;
        this.live = live;
        this.progress = progress;
    }

    @Override
    public synchronized void on(RollbackEvent e) {
        if (e.type() == RollbackEvent.Type.WARNING) {
            err.println((live && progress ? "\r" : "") + "warning: " + e.message());
            err.flush();
            return;
        }
        if (!progress) {
            return;
        }
        switch (e.type()) {
            case ARTIFACT_STARTED -> started(e.message(), e.subject());
            case ARTIFACT_PROGRESS -> bytes(e.done());
            case ARTIFACT_FINISHED -> finished(e.done(), e.message());
            case NOTE -> note(e.message());
            case HEALTH_STATE -> note(e.subject() + ": " + e.message());
            default -> {}
        }
    }

    private void started(String kind, String subject) {
        label = String.format(Locale.ROOT, "%-10s %-28s", kind, subject);
        startNanos = System.nanoTime();
        lastDraw = 0;
        if (live) {
            draw(0, "");
        }
    }

    private void bytes(long bytes) {
        long now = System.nanoTime();
        if (live && now - lastDraw >= REDRAW_NANOS) {
            lastDraw = now;
            draw(bytes, "");
        }
    }

    private void finished(long plain, String how) {
        String stored = "  " + how;
        if (live) {
            draw(plain, stored);
            err.println();
        } else {
            err.println(line(plain, stored));
        }
        err.flush();
    }

    private void note(String message) {
        err.println((live ? "\r" : "") + "  " + message);
        err.flush();
    }

    private void draw(long bytes, String tail) {
        err.print("\r" + line(bytes, tail) + "\u001b[K");
        err.flush();
    }

    private String line(long bytes, String tail) {
        double secs = Math.max(1e-3, (System.nanoTime() - startNanos) / 1e9);
        return String.format(
                Locale.ROOT,
                "  %s %10s %8.1f MB/s %6.1fs%s",
                label,
                ByteSizes.format(bytes),
                bytes / 1e6 / secs,
                secs,
                tail);
    }
}
