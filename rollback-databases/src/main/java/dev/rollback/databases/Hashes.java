package dev.rollback.databases;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;

/**
 * Small hashing helpers for fingerprints.
 *
 * <p>{@code String h = Hashes.sha256OfLines(List.of("a", "b"));}
 */
public final class Hashes {
    private Hashes() {
    }

    /** SHA-256 over the lines, each followed by a newline, in the given order. */
    public static String sha256OfLines(List<String> lines) {
        var sha = DumpDigest.sha256();
        for (String l : lines) {
            sha.update(l.getBytes(StandardCharsets.UTF_8));
            sha.update((byte) '\n');
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    public static String hex(byte[] digest) {
        return HexFormat.of().formatHex(digest);
    }
}
