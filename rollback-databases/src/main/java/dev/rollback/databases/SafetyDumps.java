package dev.rollback.databases;

import dev.rollback.databases.spi.DatabaseAdapter;
import dev.rollback.databases.spi.DatabaseTarget;
import dev.rollback.databases.spi.RestoreOptions;
import dev.rollback.errors.RollbackException;
import dev.rollback.io.SecureFiles;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Optional;

/**
 * Takes the dump that comes before a destructive restore: the current data, in a 0600 file, so the restore can
 * itself be undone.
 *
 * <p>{@code Optional<Path> kept = SafetyDumps.take(this, target, options, ".sql");}
 */
public final class SafetyDumps {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    private SafetyDumps() {}

    /**
     * Dumps the target's current data into {@code file} (0600): written as {@code <file>.partial} and renamed when
     * whole, so {@code file} exists only complete (a kill half way leaves no file, and the data untouched). A failure
     * removes the partial file and names the service.
     */
    public static Path takeTo(DatabaseAdapter adapter, DatabaseTarget target, Path file) {
        Path partial = file.resolveSibling(file.getFileName() + ".partial");
        try {
            SecureFiles.createPrivateDirectories(file.getParent());
            Files.deleteIfExists(partial);
            Files.createFile(partial, PosixFilePermissions.asFileAttribute(SecureFiles.FILE_0600));
            try (OutputStream out = Files.newOutputStream(partial)) {
                adapter.dump(target, out);
            } catch (RuntimeException e) {
                Files.deleteIfExists(partial);
                throw new RollbackException(
                        "service " + target.service() + ": the safety dump before the restore"
                                + " failed, so nothing was restored: " + e.getMessage(),
                        e);
            }
            try (FileChannel ch = FileChannel.open(partial, StandardOpenOption.WRITE)) {
                ch.force(true);
            }
            Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return file;
        } catch (IOException e) {
            throw new RollbackException(
                    "service " + target.service() + ": cannot write the safety dump (" + e.getMessage()
                            + "); nothing was restored. Free space or choose another safety dump directory",
                    e);
        }
    }

    /** The safety dump's file, or empty when the options turn it off. A failed safety dump stops the restore. */
    public static Optional<Path> take(
            DatabaseAdapter adapter, DatabaseTarget target, RestoreOptions options, String suffix) {
        if (!options.safetyDump()) {
            return Optional.empty();
        }
        try {
            Path dir = options.safetyDumpDirectory()
                    .orElse(Path.of(System.getProperty("java.io.tmpdir"), "rollback-safety"));
            SecureFiles.createPrivateDirectories(dir);
            Path file = dir.resolve(
                    target.service() + "-before-restore-" + LocalDateTime.now().format(STAMP) + "-"
                            + ProcessHandle.current().pid() + suffix);
            Files.deleteIfExists(file);
            Files.createFile(file, PosixFilePermissions.asFileAttribute(SecureFiles.FILE_0600));
            try (OutputStream out = Files.newOutputStream(file)) {
                adapter.dump(target, out);
            } catch (RuntimeException e) {
                Files.deleteIfExists(file);
                throw new RollbackException(
                        "service " + target.service() + ": the safety dump before the restore"
                                + " failed, so nothing was restored: " + e.getMessage(),
                        e);
            }
            return Optional.of(file);
        } catch (IOException e) {
            throw new RollbackException(
                    "service " + target.service() + ": cannot write the safety dump (" + e.getMessage()
                            + "); nothing was restored. Free space or choose another safety dump directory",
                    e);
        }
    }
}
