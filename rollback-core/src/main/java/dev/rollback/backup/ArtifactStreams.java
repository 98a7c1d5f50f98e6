package dev.rollback.backup;

import com.github.luben.zstd.ZstdInputStream;
import dev.rollback.io.HashingOutputStream;
import dev.rollback.io.SecureFiles;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.function.LongConsumer;

/**
 * One streaming pass per artifact: content → zstd → (AES-256-GCM) → file, with the stored bytes' sha256 and size
 * and the content's sha256 computed on the way; nothing is buffered whole or written twice. And the way back.
 *
 * <p>{@code Written w = ArtifactStreams.write(file, 3, key, out -> Files.copy(env, out));}
 */
final class ArtifactStreams {
    private ArtifactStreams() {}

    /**
     * @param size stored bytes
     * @param sha256 of the stored bytes
     * @param contentSize plain content bytes
     * @param contentSha256 of the plain content, or null when it exceeds {@link #CONTENT_HASH_LIMIT}
     */
    record Written(long size, String sha256, long contentSize, String contentSha256) {}

    /** Content up to this size also gets a sha256 fingerprint; larger content relies on its frames' checksums. */
    static final long CONTENT_HASH_LIMIT = 16L * 1024 * 1024;

    /**
     * Writes a new file (mode 0600, fsynced, its disk writes started as it grows: {@link WriteBehind}) from the
     * producer; {@code key} null means not encrypted. The content goes into zstd frames of 1 MiB compressed on other
     * cores ({@link FramedZstdOutputStream}), each with a checksum of its content (verified on every read).
     */
    static Written write(Path file, int level, BackupKey key, ContentProducer producer, LongConsumer progress)
            throws IOException {
        try (FileChannel ch = FileChannel.open(
                file,
                Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                PosixFilePermissions.asFileAttribute(SecureFiles.FILE_0600))) {
            // closing the layers finishes zstd and the last encrypted chunk; the channel stays open to be fsynced
            WriteBehind toDisk = new WriteBehind(ch);
            OutputStream keepOpen = new FilterOutputStream(Channels.newOutputStream(ch)) {
                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    out.write(b, off, len);
                    toDisk.written(len);
                }

                @Override
                public void close() throws IOException {
                    flush();
                }
            };
            HashingOutputStream stored = new HashingOutputStream(new BufferedOutputStream(keepOpen, 256 * 1024));
            OutputStream layer = key == null ? stored : new EncryptingOutputStream(stored, key);
            OutputStream zstd = new FramedZstdOutputStream(layer, level);
            HashingOutputStream content = new HashingOutputStream(zstd, CONTENT_HASH_LIMIT);
            Counting contentCount = new Counting(content, progress);
            try (OutputStream out = contentCount) {
                producer.writeTo(out);
            }
            toDisk.finish();
            ch.force(true);
            return new Written(stored.bytes(), stored.hex(), contentCount.count, content.hex());
        }
    }

    /** The plain content of a stored artifact. */
    static InputStream open(Path file, boolean encrypted, BackupKey key) throws IOException {
        return open(
                new BufferedInputStream(Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS), 256 * 1024),
                encrypted,
                key);
    }

    /** The plain content of stored bytes read from {@code raw} (closed with the returned stream). */
    static InputStream open(InputStream raw, boolean encrypted, BackupKey key) throws IOException {
        if (encrypted) {
            if (key == null) {
                raw.close();
                throw new IOException("encrypted, and no passphrase was given");
            }
            raw = new DecryptingInputStream(raw, key);
        }
        return new ZstdInputStream(raw);
    }

    private static final class Counting extends FilterOutputStream {
        private static final long REPORT_EVERY = 4L * 1024 * 1024;
        private final LongConsumer progress;
        private long reported;
        long count;

        Counting(OutputStream out, LongConsumer progress) {
            super(out);
            this.progress = progress;
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            count += len;
            if (progress != null && count - reported >= REPORT_EVERY) {
                reported = count;
                progress.accept(count);
            }
        }
    }
}
