package dev.rollback.backup;

import dev.rollback.backup.BackupManifest.Artifact;
import dev.rollback.errors.RollbackException;
import dev.rollback.errors.UsageException;
import dev.rollback.events.RollbackEvent;
import dev.rollback.events.RollbackListener;
import dev.rollback.io.ByteSizes;
import dev.rollback.io.FileTrees;
import dev.rollback.io.SecureFiles;
import dev.rollback.spi.ArtifactContent;
import dev.rollback.spi.ArtifactSource;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes a backup set atomically: artifacts go into {@code <root>/<id>.partial/} (0700, files 0600, each fsynced),
 * the manifest last, then one rename to {@code <root>/<id>/}. An interrupted backup never looks complete, and one
 * closed without {@link #commit} is removed. While it writes, the writer holds the folder's lock
 * ({@link PartialSets}), so that a folder a killed backup left is told apart from one being written.
 *
 * <p>{@code try (BackupWriter w = BackupWriter.create(root, id, key, enc, 3)) { w.add(...); return w.commit(..); }}
 */
public final class BackupWriter implements AutoCloseable {
    /** The suffix of a set being written. */
    public static final String PARTIAL = ".partial";

    private final Path root;
    private final String id;
    private final Path partial;
    private final BackupKey key;
    private final BackupManifest.EncryptionInfo encryption;
    private final int level;
    private final List<Artifact> artifacts = new ArrayList<>();
    private RollbackListener listener = RollbackListener.NONE;
    private Clock clock = Clock.systemUTC();
    private boolean committed;

    private final PartialSets.Lock lock;

    private BackupWriter(
            Path root,
            String id,
            BackupKey key,
            BackupManifest.EncryptionInfo encryption,
            int level,
            PartialSets.Lock lock) {
        this.root = root;
        this.id = id;
        this.partial = root.resolve(id + PARTIAL);
        this.key = key;
        this.encryption = encryption;
        this.level = level;
        this.lock = lock;
    }

    /**
     * @param key the set's key, or null for no encryption
     * @param encryption how {@code key} was derived (recorded in the manifest), or null
     * @param level zstd level (1-19; 3 is the default)
     */
    public static BackupWriter create(
            Path root, String id, BackupKey key, BackupManifest.EncryptionInfo encryption, int level) {
        if (level < 1 || level > 19) {
            throw new UsageException("compression level must be 1-19, got " + level);
        }
        if (Files.exists(root.resolve(id))) {
            throw new RollbackException("a backup set " + id + " already exists in " + root);
        }
        PartialSets.Lock lock;
        Path partial = root.resolve(id + PARTIAL);
        try {
            SecureFiles.createPrivateDirectories(root);
            Files.createDirectory(partial, PosixFilePermissions.asFileAttribute(SecureFiles.DIR_0700));
            try {
                lock = PartialSets.hold(partial); // another process can tell a running backup from a stopped one
            } catch (IOException e) {
                FileTrees.delete(partial);
                throw e;
            }
        } catch (IOException e) {
            throw new RollbackException(
                    "cannot create the backup set " + id + " in " + root + ": " + e.getMessage()
                            + "; check the backup root is writable and has room",
                    e);
        }
        return new BackupWriter(root, id, key, encryption, level, lock);
    }

    /**
     * Tells {@code listener} of each artifact's start, bytes and end ({@code ARTIFACT_STARTED},
     * {@code ARTIFACT_PROGRESS}, {@code ARTIFACT_FINISHED}).
     */
    public BackupWriter withListener(RollbackListener listener) {
        this.listener = listener;
        return this;
    }

    /** The clock the events' times and durations come from (default the system's). */
    public BackupWriter withClock(Clock clock) {
        this.clock = clock;
        return this;
    }

    /** Adds one artifact, streamed from the producer; {@code extra} fingerprint entries are recorded beside sha256. */
    public Artifact add(
            String kind,
            String service,
            String file,
            String tool,
            ContentProducer producer,
            Map<String, String> extra) {
        return add(
                kind,
                service,
                file,
                tool,
                out -> {
                    producer.writeTo(out);
                    return Map.of();
                },
                extra);
    }

    /**
     * Adds a contributor's artifact ({@code <fileName>.zst}); the entries its content returns are recorded in the
     * manifest beside sha256.
     */
    public Artifact add(ArtifactSource source) {
        return add(
                source.kind(), source.service(), source.fileName() + ".zst", source.tool(), source.content(), Map.of());
    }

    private Artifact add(
            String kind, String service, String file, String tool, ArtifactContent content, Map<String, String> extra) {
        Path target = partial.resolve(file);
        Instant start = clock.instant();
        String subject = service == null ? file : service;
        listener.on(RollbackEvent.artifactStarted(id, kind, subject, start));
        try {
            Map<String, String> returned = new LinkedHashMap<>();
            ArtifactStreams.Written w =
                    ArtifactStreams.write(target, level, key, out -> returned.putAll(content.writeTo(out)), n -> {
                        Instant now = clock.instant();
                        listener.on(RollbackEvent.artifactProgress(id, subject, n, Duration.between(start, now), now));
                    });
            Map<String, String> fp = new LinkedHashMap<>(extra);
            fp.putAll(returned);
            if (w.contentSha256() != null) {
                fp.put("sha256", w.contentSha256());
            }
            fp.put("bytes", Long.toString(w.contentSize()));
            Artifact a = new Artifact(kind, service, file, w.size(), w.sha256(), "zstd", key != null, tool, fp);
            artifacts.add(a);
            Instant end = clock.instant();
            listener.on(RollbackEvent.artifactFinished(
                    id,
                    subject,
                    w.contentSize(),
                    w.size(),
                    "stored " + ByteSizes.format(w.size()) + (key != null ? ", encrypted" : ""),
                    Duration.between(start, end),
                    end));
            return a;
        } catch (IOException e) {
            throw new RollbackException(
                    "backup " + id + ": cannot write " + file + " (" + kind
                            + (service == null ? "" : " of " + service) + "): " + e.getMessage()
                            + (isDiskFull(e)
                                    ? "; the backup root " + root + " is full: free space or choose another "
                                            + "backup_root"
                                    : "")
                            + "; nothing of this backup was kept",
                    e);
        }
    }

    /** Writes the manifest, fsyncs the directory and renames it into place; returns the finished set. */
    public BackupSet commit(
            BackupManifest.EnvironmentInfo environment,
            BackupManifest.GitInfo git,
            Instant created,
            String toolVersion) {
        return commit(environment, git, created, toolVersion, List.of());
    }

    /** {@link #commit(BackupManifest.EnvironmentInfo, BackupManifest.GitInfo, Instant, String)} of a partial set. */
    public BackupSet commit(
            BackupManifest.EnvironmentInfo environment,
            BackupManifest.GitInfo git,
            Instant created,
            String toolVersion,
            List<String> leftOut) {
        BackupManifest m = new BackupManifest(
                BackupManifest.FORMAT_VERSION,
                id,
                created,
                toolVersion,
                environment,
                git,
                encryption,
                artifacts,
                leftOut);
        Path manifest = partial.resolve(BackupManifest.FILE);
        try {
            try (FileChannel ch = FileChannel.open(
                    manifest,
                    Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                    PosixFilePermissions.asFileAttribute(SecureFiles.FILE_0600))) {
                ch.write(ByteBuffer.wrap(ManifestJson.bytes(m)));
                ch.force(true);
            }
            lock.close();
            fsyncDirectory(partial);
            Files.move(partial, root.resolve(id), StandardCopyOption.ATOMIC_MOVE);
            fsyncDirectory(root);
            committed = true;
            return BackupSet.open(root.resolve(id));
        } catch (IOException e) {
            throw new RollbackException(
                    "backup " + id + ": cannot finish the set in " + root + ": " + e.getMessage(), e);
        }
    }

    /** Removes the set when it was not committed (its files are this tool's own partial copies). */
    @Override
    public void close() {
        lock.close();
        if (!committed) {
            try {
                FileTrees.delete(partial);
            } catch (IOException e) {
                throw new RollbackException(
                        "backup " + id + " failed and its partial files could not be removed " + "from " + partial
                                + "; remove them by hand",
                        e);
            }
        }
    }

    private static boolean isDiskFull(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getMessage() != null && t.getMessage().contains("No space left on device")) {
                return true;
            }
        }
        return false;
    }

    private static void fsyncDirectory(Path dir) throws IOException {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        }
    }
}
