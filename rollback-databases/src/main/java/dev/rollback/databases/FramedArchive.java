package dev.rollback.databases;

import dev.rollback.errors.RollbackException;
import dev.rollback.io.HashingInputStream;
import dev.rollback.io.HashingOutputStream;
import dev.rollback.spi.DumpSource;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
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

    private FramedArchive() {}

    /** Handles one record in {@link #read}. */
    @FunctionalInterface
    public interface RecordHandler {
        void record(int tag, byte[] body) throws IOException;
    }

    public static Writer writer(OutputStream out, String format) throws IOException {
        return new Writer(out, format);
    }

    /** The format name in the archive's header, or empty when the source does not start like a framed archive. */
    public static Optional<String> formatOf(DumpSource source) {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(source.open(), 512))) {
            byte[] magic = in.readNBytes(MAGIC.length);
            return Arrays.equals(magic, MAGIC) ? Optional.of(in.readUTF()) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Reads the whole archive, checking format, framing and trailer; returns the record count. */
    public static long verify(String service, DumpSource source, String format, Optional<String> expectedSha256) {
        return verify(service, source, format, expectedSha256, (tag, body) -> {});
    }

    /**
     * {@link #verify(String, DumpSource, String, Optional)}, handing each record to {@code seen} as it is read (to
     * learn what the dump holds in the same pass); what {@code seen} learns counts only once this returns.
     */
    public static long verify(
            String service, DumpSource source, String format, Optional<String> expectedSha256, RecordHandler seen) {
        // the whole file's digest only when there is a recorded one to compare: the trailer's own digest already
        // proves the records complete, and a second SHA-256 pass is most of a verification's cost
        HashingInputStream whole = null;
        long count;
        try (InputStream in =
                expectedSha256.isPresent() ? (whole = new HashingInputStream(source.open())) : source.open()) {
            count = read(in, format, seen);
        } catch (IOException | RuntimeException e) {
            throw new RollbackException(
                    "service " + service + ": the dump in " + source.describe() + " is not a"
                            + " complete " + format + " archive (" + e.getMessage()
                            + "), so it was cut short or damaged."
                            + " Nothing was changed; restore from a complete backup",
                    e);
        }
        String hex = whole != null ? whole.hex() : "";
        if (expectedSha256.isPresent() && !expectedSha256.get().equalsIgnoreCase(hex)) {
            throw new RollbackException("service " + service + ": the dump in " + source.describe() + " has SHA-256 "
                    + hex + " but the backup recorded " + expectedSha256.get() + ". Nothing was changed; restore from"
                    + " another backup");
        }
        return count;
    }

    /** Reads the archive, handing each record on; fails at the end if the trailer is missing or wrong. */
    public static long read(InputStream raw, String format, RecordHandler handler) throws IOException {
        Reader r = new Reader(raw, format);
        for (int tag; (tag = r.next()) >= 0; ) {
            byte[] body = new byte[r.remaining()];
            r.body(body, 0, body.length);
            handler.record(tag, body);
        }
        return r.count;
    }

    /** Pulls records one at a time: {@link #next()} for the tag, then the body in pieces; -1 at a good trailer. */
    private static final class Reader {
        private final HashingInputStream sha;
        private final DataInputStream in;
        private final byte[] head = new byte[5];
        private long count;
        private int remaining;

        Reader(InputStream raw, String format) throws IOException {
            sha = new HashingInputStream(new BufferedInputStream(raw, 1 << 16));
            in = new DataInputStream(sha);
            byte[] magic = in.readNBytes(MAGIC.length);
            if (!Arrays.equals(magic, MAGIC)) {
                throw new IOException("no archive header");
            }
            String name = in.readUTF();
            if (!name.equals(format)) {
                throw new IOException("format " + name + ", expected " + format);
            }
        }

        /** The next record's tag (its body unread yet), or -1 after checking the trailer. */
        int next() throws IOException {
            byte[] skip = remaining > 0 ? new byte[Math.min(remaining, 1 << 16)] : null;
            while (remaining > 0) {
                body(skip, 0, skip.length); // read, not skip(): the digest must see every byte
            }
            // tag and length read as one array: the digest then sees one update, not five single bytes
            if (in.readNBytes(head, 0, 1) < 1) {
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
                return -1;
            }
            if (in.readNBytes(head, 1, 4) != 4) {
                throw new EOFException("record " + count + " cut short");
            }
            int len = ((head[1] & 0xff) << 24) | ((head[2] & 0xff) << 16) | ((head[3] & 0xff) << 8) | (head[4] & 0xff);
            if (len < 0) {
                throw new IOException("negative record length");
            }
            remaining = len;
            count++;
            return tag;
        }

        int remaining() {
            return remaining;
        }

        /** Reads up to {@code len} bytes of the current body; -1 when it is all read. */
        int body(byte[] b, int off, int len) throws IOException {
            if (remaining == 0) {
                return len == 0 ? 0 : -1;
            }
            int n = in.readNBytes(b, off, Math.min(len, remaining));
            if (n < Math.min(len, remaining)) {
                throw new EOFException("record " + (count - 1) + " cut short");
            }
            remaining -= n;
            return n;
        }
    }

    /**
     * The bodies of the records tagged {@code tag}, one after another, as a stream (what a tool wrapped in the archive
     * wrote); the end of the stream checks the trailer, and a missing or wrong one is an {@link IOException}.
     */
    public static InputStream payload(InputStream raw, String format, int tag) {
        return new PayloadStream(raw, format, tag);
    }

    /** An OutputStream whose bytes become records tagged {@code tag} of at most {@code chunk} bytes each. */
    public static OutputStream recordsOf(Writer writer, int tag, int chunk) {
        return new BufferedOutputStream(
                new OutputStream() {
                    @Override
                    public void write(int b) throws IOException {
                        write(new byte[] {(byte) b}, 0, 1);
                    }

                    @Override
                    public void write(byte[] b, int off, int len) throws IOException {
                        if (len > 0) {
                            writer.record(tag, Arrays.copyOfRange(b, off, off + len));
                        }
                    }
                },
                chunk);
    }

    /** The chosen records' bodies, pulled as they are read. */
    private static final class PayloadStream extends InputStream {
        private final InputStream raw;
        private final String format;
        private final int tag;
        private Reader reader;
        private boolean done;

        PayloadStream(InputStream raw, String format, int tag) {
            this.raw = raw;
            this.format = format;
            this.tag = tag;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            if (reader == null) {
                reader = new Reader(raw, format);
            }
            while (!done) {
                if (reader.remaining() > 0) {
                    return reader.body(b, off, len);
                }
                int t;
                do {
                    t = reader.next();
                } while (t >= 0 && (t != tag || reader.remaining() == 0));
                done = t < 0;
            }
            return -1;
        }

        @Override
        public void close() throws IOException {
            raw.close();
        }
    }

    /** Writes records; {@link #close()} writes the trailer (the caller's stream stays open). */
    public static final class Writer implements AutoCloseable {
        private final HashingOutputStream sha;
        private final DataOutputStream out;
        private long count;

        private Writer(OutputStream target, String format) throws IOException {
            this.sha = new HashingOutputStream(new BufferedOutputStream(new NonClosing(target), 1 << 16));
            this.out = new DataOutputStream(sha);
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

    private static final class NonClosing extends FilterOutputStream {
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
