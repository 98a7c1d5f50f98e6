package dev.rollback.databases;

import dev.rollback.RollbackException;
import dev.rollback.spi.DumpSource;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.DigestInputStream;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Optional;

/**
 * The stream format of the driver-based dumps (Redis, MongoDB): a magic and format name, then records
 * ({@code tag, length, bytes}), then a trailer holding the record count and the SHA-256 of everything before it.
 * A stream cut short has no valid trailer and is refused by {@link #verify} before anything is changed.
 *
 * <p>{@code try (FramedArchive.Writer w = FramedArchive.writer(out, "rollback-redis-v1")) { w.record(1, bytes); }}
 */
public final class FramedArchive {
    private static final byte[] MAGIC = "RBKARCH1".getBytes(StandardCharsets.US_ASCII);
    private static final int TRAILER = 0x7F;

    private FramedArchive() {
    }

    /** Handles one record in {@link #read}. */
    @FunctionalInterface
    public interface RecordHandler {
        void record(int tag, byte[] body) throws IOException;
    }

    public static Writer writer(OutputStream out, String format) throws IOException {
        return new Writer(out, format);
    }

    /** Reads the whole archive, checking format, framing and trailer; returns the record count. */
    public static long verify(String service, DumpSource source, String format, Optional<String> expectedSha256) {
        MessageDigest whole = DumpDigest.sha256();
        long count;
        try (InputStream in = new DigestInputStream(source.open(), whole)) {
            count = read(in, format, (tag, body) -> { });
        } catch (IOException | RuntimeException e) {
            throw new RollbackException("service " + service + ": the dump in " + source.describe() + " is not a"
                + " complete " + format + " archive (" + e.getMessage() + "), so it was cut short or damaged."
                + " Nothing was changed; restore from a complete backup", e);
        }
        String hex = Hashes.hex(whole.digest());
        if (expectedSha256.isPresent() && !expectedSha256.get().equalsIgnoreCase(hex)) {
            throw new RollbackException("service " + service + ": the dump in " + source.describe() + " has SHA-256 "
                + hex + " but the backup recorded " + expectedSha256.get() + ". Nothing was changed; restore from"
                + " another backup");
        }
        return count;
    }

    /** Reads the archive, handing each record on; fails at the end if the trailer is missing or wrong. */
    public static long read(InputStream raw, String format, RecordHandler handler) throws IOException {
        MessageDigest sha = DumpDigest.sha256();
        DataInputStream in = new DataInputStream(new DigestInputStream(new BufferedInputStream(raw, 1 << 16), sha));
        byte[] magic = in.readNBytes(MAGIC.length);
        if (!Arrays.equals(magic, MAGIC)) {
            throw new IOException("no archive header");
        }
        String name = in.readUTF();
        if (!name.equals(format)) {
            throw new IOException("format " + name + ", expected " + format);
        }
        long count = 0;
        byte[] head = new byte[5];
        while (true) {
            // tag and length read as one array: the digest then sees one update, not five single bytes
            int got = in.readNBytes(head, 0, 1);
            if (got < 1) {
                throw new EOFException("no trailer after " + count + " records");
            }
            int tag = head[0] & 0xff;
            if (tag == TRAILER) {
                byte[] expected = sha.digest();
                long recorded = in.readLong();
                byte[] hash = in.readNBytes(32);
                if (hash.length != 32 || !Arrays.equals(hash, expected) || recorded != count) {
                    throw new IOException("trailer does not match the content (" + recorded + " records recorded, "
                        + count + " read)");
                }
                if (in.read() >= 0) {
                    throw new IOException("data after the trailer");
                }
                return count;
            }
            if (in.readNBytes(head, 1, 4) != 4) {
                throw new EOFException("record " + count + " cut short");
            }
            int len = ((head[1] & 0xff) << 24) | ((head[2] & 0xff) << 16) | ((head[3] & 0xff) << 8) | (head[4] & 0xff);
            if (len < 0) {
                throw new IOException("negative record length");
            }
            byte[] body = in.readNBytes(len);
            if (body.length != len) {
                throw new EOFException("record " + count + " cut short");
            }
            handler.record(tag, body);
            count++;
        }
    }

    /** Writes records; {@link #close()} writes the trailer (the caller's stream stays open). */
    public static final class Writer implements AutoCloseable {
        private final MessageDigest sha = DumpDigest.sha256();
        private final DataOutputStream out;
        private long count;

        private Writer(OutputStream target, String format) throws IOException {
            this.out = new DataOutputStream(new DigestOutputStream(new java.io.BufferedOutputStream(
                new NonClosing(target), 1 << 16), sha));
            out.write(MAGIC);
            out.writeUTF(format);
        }

        public void record(int tag, byte[] body) throws IOException {
            if (tag <= 0 || tag >= TRAILER) {
                throw new IllegalArgumentException("tag " + tag);
            }
            out.writeByte(tag);
            out.writeInt(body.length);
            out.write(body);
            count++;
        }

        public long count() {
            return count;
        }

        @Override
        public void close() throws IOException {
            out.writeByte(TRAILER);
            out.flush();
            byte[] hash = sha.digest();
            out.writeLong(count);
            out.write(hash);
            out.flush();
        }
    }

    private static final class NonClosing extends java.io.FilterOutputStream {
        NonClosing(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            out.flush();
        }
    }
}
