package dev.rollback.backup;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;

/**
 * Encrypts a stream into the chunked AES-256-GCM format of {@link ChunkedAead}, in one pass, holding one chunk.
 *
 * <p>{@code try (OutputStream out = new EncryptingOutputStream(file, key)) { in.transferTo(out); }}
 */
public final class EncryptingOutputStream extends FilterOutputStream {
    private static final SecureRandom RANDOM = new SecureRandom();
    private final BackupKey key;
    private final byte[] header;
    private final byte[] prefix = new byte[8];
    private final byte[] chunk;
    private final Cipher cipher;
    private int filled;
    private long index;
    private boolean closed;

    public EncryptingOutputStream(OutputStream out, BackupKey key) throws IOException {
        this(out, key, ChunkedAead.DEFAULT_CHUNK);
    }

    EncryptingOutputStream(OutputStream out, BackupKey key, int chunkSize) throws IOException {
        super(out);
        this.key = key;
        RANDOM.nextBytes(prefix);
        this.header = ChunkedAead.header(chunkSize, prefix);
        this.chunk = new byte[chunkSize];
        try {
            this.cipher = Cipher.getInstance("AES/GCM/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IOException("AES/GCM is not available in this JDK", e);
        }
        out.write(header);
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        while (len > 0) {
            if (filled == chunk.length) {
                seal(false); // more data follows, so this chunk is not the last
            }
            int n = Math.min(len, chunk.length - filled);
            System.arraycopy(b, off, chunk, filled, n);
            filled += n;
            off += n;
            len -= n;
        }
    }

    @Override
    public void flush() throws IOException {
        out.flush();
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            seal(true);
            out.flush();
        } finally {
            out.close();
        }
    }

    private void seal(boolean last) throws IOException {
        try {
            cipher.init(
                    Cipher.ENCRYPT_MODE,
                    key.secretKey(),
                    new GCMParameterSpec(ChunkedAead.TAG_BYTES * 8, ChunkedAead.nonce(prefix, index)));
            cipher.updateAAD(ChunkedAead.aad(header, last));
            out.write(cipher.doFinal(chunk, 0, filled));
        } catch (GeneralSecurityException e) {
            throw new IOException("encryption failed at chunk " + index, e);
        }
        index++;
        filled = 0;
    }
}
