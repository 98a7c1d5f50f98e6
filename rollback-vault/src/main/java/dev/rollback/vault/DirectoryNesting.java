package dev.rollback.vault;

import dev.rollback.errors.UsageException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Refuses a copy between two directories when one is inside the other (or they are the same), before anything is
 * copied: a backup of the key directory into a folder of its own would copy itself until the names grow too long,
 * filling the live directory with nested copies. Symbolic links are followed, for the parts of the paths that exist.
 *
 * <p>{@code DirectoryNesting.refuse(keyDir, target, "back up the Vault key directory");}
 */
final class DirectoryNesting {
    private DirectoryNesting() {}

    /**
     * Throws a {@link UsageException} (nothing changed) when {@code to} is {@code from}, or either is inside the
     * other; the message says which, after {@code action} ("back up the Vault key directory"), and ends with
     * {@code advice}.
     */
    static void refuse(Path from, Path to, String action, String advice) {
        Path source = real(from);
        Path target = real(to);
        String found = target.equals(source)
                ? "they are the same directory"
                : target.startsWith(source)
                        ? to + " is inside " + from + ", so the copy would copy itself"
                        : source.startsWith(target) ? from + " is inside " + to : null;
        if (found != null) {
            throw new UsageException(
                    "will not " + action + " " + from + " to " + to + ": " + found + "; nothing was copied; " + advice);
        }
    }

    /** The path with its longest existing part resolved to the real one (symbolic links followed). */
    static Path real(Path path) {
        Path p = path.toAbsolutePath().normalize();
        Path existing = p;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            return p;
        }
        try {
            return existing.toRealPath().resolve(existing.relativize(p)).normalize();
        } catch (IOException e) {
            return p;
        }
    }
}
