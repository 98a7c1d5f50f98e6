package dev.rollback.backup;

import java.time.Duration;

/**
 * Told of a backup's progress: each artifact's start, its plain bytes every few MB, its end; and notes (services
 * stopped for a consistent copy, started again, skipped parts).
 *
 * <p>{@code Backups.in(env).withProgress(new BackupProgress() { public void note(String m) { log(m); } })}
 */
public interface BackupProgress {
    /** Reports nothing. */
    BackupProgress NONE = new BackupProgress() {
    };

    default void started(String kind, String service, String file) {
    }

    /** {@code bytes} of plain content written so far to {@code file}. */
    default void bytes(String file, long bytes) {
    }

    default void finished(BackupManifest.Artifact artifact, Duration took) {
    }

    /** Something the user should know, in one line. */
    default void note(String message) {
    }
}
