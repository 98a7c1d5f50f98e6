package dev.rollback.vault.server;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The server's state file is there but cannot be read as its state (not JSON, truncated, a field missing or of
 * another format): the server does not start, and leaves the file as it is.
 *
 * <p>{@code catch (UnreadableStateException e) { System.err.println(e.getMessage()); }}
 */
public final class UnreadableStateException extends IOException {
    private static final long serialVersionUID = 1L;
    private final transient Path file;

    UnreadableStateException(Path file, String reason) {
        super("The Vault API server's state file " + file + " cannot be read: " + reason + ". It was left as it is;"
                + " restore it from a backup, or move it away to start a new, uninitialized Vault (its data and"
                + " unseal keys are then lost).");
        this.file = file;
    }

    /** The state file that was refused. */
    public Path file() {
        return file;
    }
}
