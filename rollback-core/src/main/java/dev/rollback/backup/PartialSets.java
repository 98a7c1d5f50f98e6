package dev.rollback.backup;

import dev.rollback.io.SecureFiles;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Sets being written ({@code <id>.partial/}) and those a stopped backup left behind. The writer holds an exclusive
 * lock on {@code .writer.lock} inside its folder for as long as it writes ({@link #hold}); the kernel drops the lock
 * when the process ends, however it ends. A folder whose lock can be taken, or one without a lock file that has not
 * changed for an hour (a writer of an older version), is abandoned: never restorable, only taking room
 * ({@link #abandoned}).
 *
 * <p>{@code try (PartialSets.Lock l = PartialSets.hold(partial)) { ... }  PartialSets.abandoned(root)}
 */
final class PartialSets {
    static final String LOCK_FILE = ".writer.lock";
    private static final Duration QUIET = Duration.ofHours(1);

    private PartialSets() {}

    /** The writer's hold on its folder; {@link #close} releases it and removes the lock file. */
    static final class Lock implements AutoCloseable {
        private final Path file;
        private final FileChannel channel;

        private Lock(Path file, FileChannel channel) {
            this.file = file;
            this.channel = channel;
        }

        @Override
        public void close() {
            try {
                Files.deleteIfExists(file); // first: once the lock goes, nobody must find a lockable file here
                channel.close();
            } catch (IOException e) {
                // the folder is renamed or removed next; a lock file left in it is harmless
            }
        }
    }

    /** Takes the lock of the folder {@code partial}, which this process has just made. */
    static Lock hold(Path partial) throws IOException {
        Path file = partial.resolve(LOCK_FILE);
        FileChannel ch = FileChannel.open(
                file,
                Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                PosixFilePermissions.asFileAttribute(SecureFiles.FILE_0600));
        try {
            ch.lock();
            return new Lock(file, ch);
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    /** The abandoned {@code *.partial} folders under {@code root}, oldest first; none while their writer runs. */
    static List<Backups.InterruptedSet> abandoned(Path root, Instant now) {
        List<Backups.InterruptedSet> out = new ArrayList<>();
        if (!Files.isDirectory(root)) {
            return out;
        }
        try (Stream<Path> dirs = Files.list(root)) {
            for (Path d : dirs.filter(p -> p.getFileName().toString().endsWith(BackupWriter.PARTIAL))
                    .filter(Files::isDirectory)
                    .sorted()
                    .toList()) {
                Instant modified = Files.getLastModifiedTime(d).toInstant();
                if (isAbandoned(d, modified, now)) {
                    out.add(new Backups.InterruptedSet(d.getFileName().toString(), size(d), modified));
                }
            }
        } catch (IOException e) {
            // a folder that went away meanwhile (its writer finished): nothing to report
        }
        return out;
    }

    private static long size(Path dir) throws IOException {
        try (Stream<Path> all = Files.walk(dir)) {
            long bytes = 0;
            for (Path f : all.filter(Files::isRegularFile).toList()) {
                bytes += Files.size(f);
            }
            return bytes;
        }
    }

    private static boolean isAbandoned(Path dir, Instant modified, Instant now) throws IOException {
        Path file = dir.resolve(LOCK_FILE);
        if (!Files.exists(file)) {
            return modified.isBefore(now.minus(QUIET));
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            FileLock l = ch.tryLock();
            if (l == null) {
                return false; // another process writes it
            }
            l.release();
            return true;
        } catch (OverlappingFileLockException e) {
            return false; // this process writes it
        } catch (NoSuchFileException e) {
            return false; // its writer just finished
        }
    }
}
