package dev.rollback.env;

import dev.rollback.io.SecureFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import java.util.Set;

/**
 * Atomic replacement of small files and the timestamped copies kept before it.
 *
 * <p>{@code Path copy = AtomicFiles.backupCopy(env, clock); AtomicFiles.write(env, bytes);}
 */
final class AtomicFiles {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd_HHmmss");

    private AtomicFiles() {}

    /**
     * Writes {@code bytes} to a temp file beside {@code target}, forces it to disk, then moves it over
     * {@code target} atomically. The target keeps its mode; a new file gets 0600. A symbolic link is followed, so
     * the file it points to is replaced and the link stays.
     */
    static void write(Path target, byte[] bytes) throws IOException {
        Path file = Files.isSymbolicLink(target) ? target.toRealPath() : target.toAbsolutePath();
        Path dir = file.getParent();
        Optional<Set<PosixFilePermission>> mode =
                Files.exists(file) ? modeOf(file) : Optional.of(SecureFiles.FILE_0600);
        Path temp = createTemp(dir, file.getFileName().toString());
        try {
            try (FileChannel ch =
                    FileChannel.open(temp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer buf = ByteBuffer.wrap(bytes);
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                ch.force(true);
            }
            if (mode.isPresent()) {
                setMode(temp, mode.get());
            }
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temp);
        }
        syncDirectory(dir);
    }

    /**
     * Copies {@code file} to {@code <name>.rollback-YYYYMMDD_HHMMSS} beside it (then {@code -1}, {@code -2}, ... if
     * taken), keeping its mode.
     */
    static Path backupCopy(Path file, Clock clock) throws IOException {
        String base =
                file.getFileName() + ".rollback-" + LocalDateTime.now(clock).format(STAMP);
        Path dir = file.toAbsolutePath().getParent();
        for (int n = 0; ; n++) {
            Path copy = dir.resolve(n == 0 ? base : base + "-" + n);
            if (Files.exists(copy, LinkOption.NOFOLLOW_LINKS)) {
                continue;
            }
            try {
                Files.copy(file, copy, StandardCopyOption.COPY_ATTRIBUTES);
                return copy;
            } catch (FileAlreadyExistsException raced) {
                // another writer took the name in between: try the next suffix
            }
        }
    }

    private static Optional<Set<PosixFilePermission>> modeOf(Path file) throws IOException {
        try {
            return Optional.of(Files.getPosixFilePermissions(file));
        } catch (UnsupportedOperationException e) {
            return Optional.empty();
        }
    }

    private static void setMode(Path file, Set<PosixFilePermission> mode) throws IOException {
        try {
            Files.setPosixFilePermissions(file, mode);
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: nothing to keep
        }
    }

    private static Path createTemp(Path dir, String name) throws IOException {
        String prefix = "." + name + ".";
        try {
            FileAttribute<Set<PosixFilePermission>> attr = PosixFilePermissions.asFileAttribute(SecureFiles.FILE_0600);
            return Files.createTempFile(dir, prefix, ".tmp", attr);
        } catch (UnsupportedOperationException e) {
            return Files.createTempFile(dir, prefix, ".tmp");
        }
    }

    private static void syncDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // not every platform can open a directory for sync; the rename itself is already atomic
        }
    }
}
