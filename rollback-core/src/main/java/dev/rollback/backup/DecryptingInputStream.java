package dev.rollback.backup;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;

/**
 * Reads the chunked AES-256-GCM format back; every chunk is authenticated before its bytes are handed out, and a
 * missing last chunk (truncation), a moved chunk or a flipped byte ends in {@link ArtifactCorruptException}.
 *
 * <p>{@code try (InputStream in = new DecryptingInputStream(Files.newInputStream(f), key)) { in.transferTo(out); }}
 */
public final class DecryptingInputStream extends InputStream {
    private final InputStream in;
    private final BackupKey key;
    private final byte[] header;
    private final byte[] prefix;
    private final byte[] sealed;
    private final Cipher cipher;
    private byte[] plain = new byte[0];
    private int pos;
    private long index;
    private boolean done;
    private int lookahead = -1;

    public DecryptingInputStream(InputStream in, BackupKey key) throws IOException {
        this.in = in;
        this.key = key;
        this.header = in.readNBytes(ChunkedAead.HEADER_LENGTH);
        if (header.length < ChunkedAead.HEADER_LENGTH || !Arrays.equals(Arrays.copyOf(header, 4), ChunkedAead.MAGIC)) {
            throw new ArtifactCorruptException("not an encrypted artifact (no RBAE header)");
        }
        ByteBuffer h = ByteBuffer.wrap(header, 4, ChunkedAead.HEADER_LENGTH - 4);
        if (h.get() != ChunkedAead.VERSION) {
            throw new ArtifactCorruptException("encrypted with an unknown format version " + header[4]);
        }
        int chunkSize = h.getInt();
        if (chunkSize <= 0 || chunkSize > 16 * 1024 * 1024) {
            throw new ArtifactCorruptException("implausible chunk size " + chunkSize);
        }
        this.prefix = new byte[8];
        h.get(prefix);
        this.sealed = new byte[chunkSize + ChunkedAead.TAG_BYTES];
        try {
            this.cipher = Cipher.getInstance("AES/GCM/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IOException("AES/GCM is not available in this JDK", e);
        }
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        while (pos == plain.length) {
            if (done) {
                return -1;
            }
            nextChunk();
        }
        int n = Math.min(len, plain.length - pos);
        System.arraycopy(plain, pos, b, off, n);
        pos += n;
        return n;
    }

    private void nextChunk() throws IOException {
        int n = 0;
        if (lookahead >= 0) {
            sealed[n++] = (byte) lookahead;
            lookahead = -1;
        }
        n += in.readNBytes(sealed, n, sealed.length - n);
        if (n < ChunkedAead.TAG_BYTES) {
            throw new ArtifactCorruptException("truncated: chunk " + index + " is incomplete");
        }
        boolean last = n < sealed.length || (lookahead = in.read()) < 0;
        try {
            cipher.init(
                    Cipher.DECRYPT_MODE,
                    key.secretKey(),
                    new GCMParameterSpec(ChunkedAead.TAG_BYTES * 8, ChunkedAead.nonce(prefix, index)));
            cipher.updateAAD(ChunkedAead.aad(header, last));
            plain = cipher.doFinal(sealed, 0, n);
        } catch (AEADBadTagException e) {
            throw new ArtifactCorruptException("chunk " + index + " does not authenticate: wrong passphrase, or the "
                    + "file was altered, truncated or reordered");
        } catch (GeneralSecurityException e) {
            throw new IOException("decryption failed at chunk " + index, e);
        }
        pos = 0;
        index++;
        done = last;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
