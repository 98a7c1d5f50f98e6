package dev.rollback.databases;

import dev.rollback.io.Sha256;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Small hashing helpers for fingerprints.
 *
 * <p>{@code String h = Hashes.sha256OfLines(List.of("a", "b"));}
 */
public final class Hashes {
    private Hashes() {}

    /** SHA-256 over the lines, each followed by a newline, in the given order. */
    public static String sha256OfLines(List<String> lines) {
        var sha = Sha256.digest();
        for (String l : lines) {
            sha.update(l.getBytes(StandardCharsets.UTF_8));
            sha.update((byte) '\n');
        }
        return Sha256.hex(sha);
    }
}
