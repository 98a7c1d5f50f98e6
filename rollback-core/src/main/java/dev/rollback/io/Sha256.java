package dev.rollback.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * SHA-256 and its lowercase hex, the one form every checksum of the SDK takes (manifests, fingerprints, dumps, key
 * directories). To hash a stream while it is written or read: {@link HashingOutputStream}, {@link HashingInputStream}.
 *
 * <p>{@code String sum = Sha256.of(keyDir.resolve("keys.json")); // 64 lowercase hex digits}
 */
public final class Sha256 {
    private static final HexFormat HEX = HexFormat.of();

    private Sha256() {}

    /** A new SHA-256 digest, for hashing in parts. */
    public static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    /** A digest's bytes as lowercase hex. */
    public static String hex(byte[] digest) {
        return HEX.formatHex(digest);
    }

    /** The hex of what {@code md} has seen; completes (and so resets) it. */
    public static String hex(MessageDigest md) {
        return hex(md.digest());
    }

    /** The hex SHA-256 of {@code bytes}. */
    public static String of(byte[] bytes) {
        return hex(digest().digest(bytes));
    }

    /** The hex SHA-256 of {@code text} in UTF-8. */
    public static String of(String text) {
        return of(text.getBytes(StandardCharsets.UTF_8));
    }

    /** The hex SHA-256 of one file, read in pieces. */
    public static String of(Path file) throws IOException {
        MessageDigest md = digest();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buf = new byte[64 * 1024];
            for (int n; (n = in.read(buf)) > 0; ) {
                md.update(buf, 0, n);
            }
        }
        return hex(md);
    }

    /** The hex of a running digest without ending it: what it has seen so far. */
    static String hexSoFar(MessageDigest md) {
        return hex(soFar(md));
    }

    /** The digest of what a running digest has seen so far; it goes on unchanged. */
    static byte[] soFar(MessageDigest md) {
        try {
            return ((MessageDigest) md.clone()).digest();
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("the JDK's SHA-256 cannot be copied", e);
        }
    }
}
