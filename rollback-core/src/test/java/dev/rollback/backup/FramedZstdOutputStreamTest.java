package dev.rollback.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.luben.zstd.ZstdInputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** zstd in 1 MiB frames compressed on other threads: what goes in comes out, in order, and damage is detected. */
class FramedZstdOutputStreamTest {
    private static final int FRAME = FramedZstdOutputStream.FRAME;

    /** Half random, half repetitive text, so that frames differ in size and in how long they take. */
    private static byte[] mixed(int size, long seed) {
        byte[] data = new byte[size];
        Random r = new Random(seed);
        byte[] line = "INSERT INTO events VALUES (42, 'user logged in', now());\n".getBytes(StandardCharsets.US_ASCII);
        for (int off = 0; off < size; off += 100_000) {
            int n = Math.min(100_000, size - off);
            if ((off / 100_000) % 2 == 0) {
                byte[] rnd = new byte[n];
                r.nextBytes(rnd);
                System.arraycopy(rnd, 0, data, off, n);
            } else {
                for (int i = 0; i < n; i++) {
                    data[off + i] = line[i % line.length];
                }
            }
        }
        return data;
    }

    private static byte[] compress(byte[] data, int writeSize) throws IOException {
        ByteArrayOutputStream stored = new ByteArrayOutputStream();
        try (OutputStream z = new FramedZstdOutputStream(stored, 3)) {
            for (int off = 0; off < data.length; off += writeSize) {
                z.write(data, off, Math.min(writeSize, data.length - off));
            }
        }
        return stored.toByteArray();
    }

    private static byte[] decompress(byte[] stored) throws IOException {
        try (InputStream in = new ZstdInputStream(new ByteArrayInputStream(stored))) {
            return in.readAllBytes();
        }
    }

    /** The zstd frames in the stored bytes, counted by walking their headers' magic numbers. */
    private static int frames(byte[] stored) {
        int count = 0;
        for (int i = 0; i + 4 <= stored.length; i++) {
            if ((stored[i] & 0xff) == 0x28
                    && (stored[i + 1] & 0xff) == 0xb5
                    && (stored[i + 2] & 0xff) == 0x2f
                    && (stored[i + 3] & 0xff) == 0xfd) {
                count++;
            }
        }
        return count;
    }

    @Test
    void contentOfEverySizeAroundAFrameComesBackWhole() throws Exception {
        for (int size : new int[] {0, 1, 4096, FRAME - 1, FRAME, FRAME + 1, 7 * FRAME + 12345}) {
            byte[] data = mixed(size, size);
            for (int writeSize : new int[] {1 << 20, 8191}) {
                assertThat(decompress(compress(data, writeSize)))
                        .as("%d bytes in writes of %d", size, writeSize)
                        .isEqualTo(data);
            }
        }
    }

    @Test
    void eachFullMebibyteIsItsOwnFrameAndEmptyContentIsOneEmptyFrame() throws Exception {
        assertThat(frames(compress(new byte[0], 1))).isEqualTo(1);
        byte[] text = new byte[3 * FRAME + 10]; // compressible, so no frame's bytes happen to hold the magic number
        Arrays.fill(text, (byte) 'a');
        assertThat(frames(compress(text, 100_000))).isEqualTo(4);
    }

    @Test
    void aFlippedByteInAnyFrameFailsItsChecksum() throws Exception {
        byte[] data = mixed(3 * FRAME, 1);
        byte[] stored = compress(data, 1 << 20);
        stored[stored.length - 20] ^= 0x10; // inside the last frame, after the first two were read fine
        assertThatThrownBy(() -> decompress(stored)).isInstanceOf(IOException.class);
    }

    @Test
    void aFailingStreamBelowIsReportedAndWritingAfterCloseIsRefused() throws Exception {
        OutputStream broken = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                throw new IOException("No space left on device");
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                throw new IOException("No space left on device");
            }
        };
        FramedZstdOutputStream z = new FramedZstdOutputStream(broken, 3);
        byte[] data = mixed(6 * FRAME, 2);
        assertThatThrownBy(() -> z.write(data)).isInstanceOf(IOException.class).hasMessageContaining("No space left");
        assertThatThrownBy(() -> z.write(1)).isInstanceOf(IOException.class).hasMessageContaining("earlier write");
        assertThatThrownBy(z::close).isInstanceOf(IOException.class).hasMessageContaining("No space left");
        assertThatThrownBy(() -> z.write(1)).isInstanceOf(IOException.class);
    }
}
