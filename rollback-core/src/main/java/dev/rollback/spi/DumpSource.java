package dev.rollback.spi;

import dev.rollback.errors.RollbackException;
import dev.rollback.io.SecureFiles;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * A dump that can be read more than once: restores read it first to verify it (end marker, trailer, checksum)
 * without touching the server, then again to apply it. A file in a backup set is the usual source.
 *
 * <p>{@code adapter.restore(target, DumpSource.ofFile(backup.resolve("postgres.sql")), RestoreOptions.ofDefaults());}
 */
public interface DumpSource {

    /** A fresh stream over the whole dump, from its first byte. */
    InputStream open() throws IOException;

    /** The dump's exact length in bytes (container exec needs it to delimit stdin). */
    long length();

    /** Where the dump is, for messages ({@code file postgres.sql}). */
    String describe();

    /** A dump in a file. */
    static DumpSource ofFile(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new RollbackException(
                    "dump file " + file.getFileName() + " does not exist or is not a file;" + " check the backup set");
        }
        return new DumpSource() {
            @Override
            public InputStream open() throws IOException {
                return Files.newInputStream(file);
            }

            @Override
            public long length() {
                try {
                    return Files.size(file);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }

            @Override
            public String describe() {
                return "file " + file.getFileName();
            }
        };
    }

    /** A small dump held in memory (tests, definitions files). */
    static DumpSource ofBytes(byte[] bytes) {
        byte[] copy = bytes.clone();
        return new DumpSource() {
            @Override
            public InputStream open() {
                return new ByteArrayInputStream(copy);
            }

            @Override
            public long length() {
                return copy.length;
            }

            @Override
            public String describe() {
                return copy.length + " bytes in memory";
            }
        };
    }

    /**
     * A one-shot stream copied to a 0600 file in {@code dir} first, so it can be verified before it is applied;
     * the caller deletes the returned file's directory when done ({@link #describe()} names the file).
     */
    static DumpSource spool(InputStream in, Path dir) throws IOException {
        SecureFiles.createPrivateDirectories(dir);
        Path file = Files.createTempFile(dir, "dump-", ".spool");
        SecureFiles.makePrivate(file);
        Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
        return ofFile(file);
    }
}
