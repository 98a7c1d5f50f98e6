package dev.rollback.io;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.security.MessageDigest;

/**
 * Passes bytes through to another stream while counting them and hashing them (SHA-256), so a checksum needs no
 * second read. Closing it closes the stream it writes to.
 *
 * <p>{@code HashingOutputStream out = new HashingOutputStream(file); dump.writeTo(out); manifest.put("sha256", out.hex());}
 */
public class HashingOutputStream extends FilterOutputStream {
    private final long limit;
    private MessageDigest md = Sha256.digest();
    private long count;

    /** Hashes every byte written. */
    public HashingOutputStream(OutputStream out) {
        this(out, Long.MAX_VALUE);
    }

    /**
     * Hashes while at most {@code limit} bytes were written; past it, it only counts and passes on, and
     * {@link #hex()} is null.
     */
    public HashingOutputStream(OutputStream out, long limit) {
        super(out);
        this.limit = limit;
    }

    @Override
    public void write(int b) throws IOException {
        out.write(b);
        seen(b);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
        seen(b, off, len);
    }

    /** Bytes written so far. */
    public long bytes() {
        return count;
    }

    /** The SHA-256 of what was written so far, as lowercase hex; null past the limit. Writing may go on. */
    public String hex() {
        return md == null ? null : Sha256.hexSoFar(md);
    }

    /** The SHA-256 of what was written so far (past the limit: an {@link IllegalStateException}). */
    public byte[] digest() {
        if (md == null) {
            throw new IllegalStateException("more than " + limit + " bytes were written: not hashed");
        }
        return Sha256.soFar(md);
    }

    private void seen(int b) {
        count++;
        if (count > limit) {
            md = null;
        } else {
            md.update((byte) b);
        }
    }

    private void seen(byte[] b, int off, int len) {
        count += len;
        if (count > limit) {
            md = null;
        } else {
            md.update(b, off, len);
        }
    }
}
