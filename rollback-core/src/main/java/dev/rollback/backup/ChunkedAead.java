package dev.rollback.backup;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The encrypted artifact format: a header, then chunks of AES-256-GCM, each authenticated with its index and
 * whether it is the last, so a truncated, reordered or altered file fails to decrypt.
 *
 * <p>{@code header = "RBAE" | version 1 | chunk size (int) | nonce prefix (8 bytes)};
 * chunk i = GCM(key, nonce = prefix | i, aad = header | final flag, plaintext) with a 16-byte tag.
 */
final class ChunkedAead {
    static final byte[] MAGIC = "RBAE".getBytes(StandardCharsets.US_ASCII);
    static final byte VERSION = 1;
    static final int HEADER_LENGTH = 4 + 1 + 4 + 8;
    static final int TAG_BYTES = 16;
    static final int DEFAULT_CHUNK = 64 * 1024;

    private ChunkedAead() {}

    static byte[] header(int chunkSize, byte[] noncePrefix) {
        return ByteBuffer.allocate(HEADER_LENGTH)
                .put(MAGIC)
                .put(VERSION)
                .putInt(chunkSize)
                .put(noncePrefix)
                .array();
    }

    static byte[] nonce(byte[] prefix, long index) {
        if (index > 0xFFFF_FFFFL) {
            throw new IllegalStateException("artifact too large for one nonce space");
        }
        return ByteBuffer.allocate(12).put(prefix).putInt((int) index).array();
    }

    static byte[] aad(byte[] header, boolean last) {
        byte[] aad = new byte[header.length + 1];
        System.arraycopy(header, 0, aad, 0, header.length);
        aad[header.length] = (byte) (last ? 1 : 0);
        return aad;
    }
}
