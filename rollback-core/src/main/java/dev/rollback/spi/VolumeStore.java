package dev.rollback.spi;

import dev.rollback.errors.RollbackException;
import dev.rollback.io.SecureFiles;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;

/**
 * Named volumes of the engine, archived and restored as tar streams through a helper container that mounts them
 * (read-only for archives): nothing is extracted onto the host.
 *
 * <p>{@code try (OutputStream out = ...) { volumes.archive("devstack-core_postgres_data", out); }}
 */
public interface VolumeStore {

    boolean volumeExists(String name);

    /** Creates an empty volume with these labels; an error when it exists. */
    void createVolume(String name, Map<String, String> labels);

    /** Removes a volume; an error naming the containers when one still uses it. */
    void removeVolume(String name);

    /**
     * Optional: readies the archives of these volumes ahead of time (the Docker store starts their helper
     * containers in the background), so that {@link #archiveVolume} on them streams at once. Nothing of a volume is
     * read before its archive is asked for; closing the handle releases what was not archived.
     */
    default Prepared prepareArchives(List<String> names) {
        return Prepared.NONE;
    }

    /** What {@link #prepareArchives} readied; {@link #close} releases what was not used (never fails). */
    interface Prepared extends AutoCloseable {
        /** Nothing prepared. */
        Prepared NONE = () -> {};

        @Override
        void close();
    }

    /** Streams the volume's content as a tar (entries under {@code data/}) into {@code out}. */
    void archiveVolume(String name, OutputStream out);

    /** Extracts a tar made by {@link #archiveVolume} into the (empty) volume. */
    void restoreVolume(String name, InputStream tar);

    /**
     * Replaces what the volume holds with a tar made by {@link #archiveVolume}, keeping the volume itself (its
     * labels, and the stopped containers that mount it); refused while a running container uses it. By default:
     * remove, create, restore (which needs no container to use it at all).
     */
    default void replaceVolume(String name, InputStream tar) {
        if (volumeExists(name)) {
            removeVolume(name);
        }
        createVolume(name, Map.of());
        restoreVolume(name, tar);
    }

    /**
     * One volume to replace: its current content archived to {@code safety} first (a new file, 0600; null for
     * none), then {@code content}, a tar made by {@link #archiveVolume}, put in its place.
     */
    record Replacement(String name, Path safety, Content content) {}

    /** Opens a tar to put into a volume. */
    @FunctionalInterface
    interface Content {
        InputStream open() throws IOException;
    }

    /**
     * Replaces several volumes, in order, each as {@link #replaceVolume} after its safety archive; by default one
     * after another. An error names the volume that failed (and those already replaced).
     */
    default void replaceVolumes(List<Replacement> volumes) {
        for (Replacement r : volumes) {
            try {
                if (r.safety() != null) {
                    Files.createFile(r.safety(), PosixFilePermissions.asFileAttribute(SecureFiles.FILE_0600));
                    try (OutputStream out = Files.newOutputStream(r.safety())) {
                        archiveVolume(r.name(), out);
                    }
                }
                try (InputStream in = r.content().open()) {
                    replaceVolume(r.name(), in);
                }
            } catch (IOException e) {
                throw new RollbackException("volume " + r.name() + ": the replace failed (" + e.getMessage() + ")", e);
            }
        }
    }

    /** The running containers that mount the volume, by name (empty when the store cannot tell). */
    default List<String> runningUsers(String name) {
        return List.of();
    }
}
