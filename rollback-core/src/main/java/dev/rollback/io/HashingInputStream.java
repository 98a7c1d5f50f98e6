package dev.rollback.io;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;

/**
 * Counts and hashes (SHA-256) the bytes read through it, so a checksum is checked in the same read that uses the
 * bytes. Skipped bytes are not hashed. Closing it closes the stream it reads.
 *
 * <p>{@code try (HashingInputStream in = new HashingInputStream(Files.newInputStream(f))) { in.transferTo(out); sum = in.hex(); }}
 */
public final class HashingInputStream extends FilterInputStream {
    private final MessageDigest md = Sha256.digest();
    private long count;

    public HashingInputStream(InputStream in) {
        super(in);
    }

    @Override
    public int read() throws IOException {
        int c = in.read();
        if (c >= 0) {
            md.update((byte) c);
            count++;
        }
        return c;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = in.read(b, off, len);
        if (n > 0) {
            md.update(b, off, n);
            count += n;
        }
        return n;
    }

    /** Bytes read so far. */
    public long bytes() {
        return count;
    }

    /** The SHA-256 of what was read so far, as lowercase hex. Reading may go on. */
    public String hex() {
        return Sha256.hexSoFar(md);
    }

    /** The SHA-256 of what was read so far. Reading may go on. */
    public byte[] digest() {
        return Sha256.soFar(md);
    }
}
