package dev.rollback.vault.server;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import dev.rollback.io.SecureFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * {@code <dataDir>/vault-state.json}: read once at start, written whole and atomically on every change (a temporary
 * file in the same directory, mode 0600, flushed to disk, then renamed over the state file, and the directory
 * flushed). A data directory it creates gets mode 0700. A file it cannot read is refused with
 * {@link UnreadableStateException}, never overwritten.
 *
 * <p>{@code StateFile f = new StateFile(dataDir); VaultState s = f.load(); f.save(s);}
 */
final class StateFile {
    static final String NAME = "vault-state.json";
    private final Path dir;
    private final Path file;
    private final Path temporary;

    StateFile(Path dataDir) {
        this.dir = dataDir.toAbsolutePath();
        this.file = dir.resolve(NAME);
        this.temporary = dir.resolve(NAME + ".tmp");
    }

    Path file() {
        return file;
    }

    /** The saved state, or a new uninitialized one where there is none (creating the directory). */
    VaultState load() throws IOException {
        SecureFiles.createPrivateDirectories(dir);
        if (!Files.exists(file)) {
            return VaultState.empty();
        }
        byte[] bytes = Files.readAllBytes(file);
        if (bytes.length == 0) {
            throw new UnreadableStateException(file, "it is empty (truncated?)");
        }
        JsonNode tree;
        try {
            tree = VaultApiServer.JSON
                    .reader()
                    .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                    .readTree(bytes);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            throw new UnreadableStateException(
                    file,
                    "it is not complete JSON"
                            + (at == null ? "" : " (at line " + at.getLineNr() + ", column " + at.getColumnNr() + ")"));
        }
        try {
            return StateCodec.read(tree);
        } catch (IllegalArgumentException e) {
            throw new UnreadableStateException(file, e.getMessage());
        }
    }

    /** Replaces the file with this state, atomically. */
    void save(VaultState state) throws IOException {
        byte[] bytes = VaultApiServer.JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(StateCodec.write(state));
        Files.deleteIfExists(temporary);
        try (FileChannel out = create(temporary)) {
            ByteBuffer b = ByteBuffer.wrap(bytes);
            while (b.hasRemaining()) {
                out.write(b);
            }
            out.force(true);
        }
        Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException e) {
            // a directory that cannot be opened for a flush (not Linux): the rename is done all the same
        }
    }

    private static FileChannel create(Path path) throws IOException {
        Set<StandardOpenOption> options = Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        try {
            return FileChannel.open(path, options, PosixFilePermissions.asFileAttribute(SecureFiles.FILE_0600));
        } catch (UnsupportedOperationException e) {
            return FileChannel.open(path, options);
        }
    }
}
