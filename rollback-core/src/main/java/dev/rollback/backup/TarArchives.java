package dev.rollback.backup;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Whether a tar file was written to its end: every entry's header and content are there and the end-of-archive
 * blocks follow. A safety archive cut short by a kill is not, and a volume is only emptied after its safety archive
 * is complete, so an incomplete one means that volume was never replaced.
 *
 * <p>{@code if (TarArchives.isComplete(safety.resolve("volume-pgdata.tar"))) ...}
 */
public final class TarArchives {
    private static final int BLOCK = 512;

    private TarArchives() {}

    /** True when the file is a whole tar archive (headers, contents and the end blocks); false otherwise. */
    public static boolean isComplete(Path tar) throws IOException {
        if (!Files.isRegularFile(tar)) {
            return false;
        }
        try (InputStream in = Files.newInputStream(tar)) {
            byte[] header = new byte[BLOCK];
            while (true) {
                if (in.readNBytes(header, 0, BLOCK) < BLOCK) {
                    return false;
                }
                if (zero(header)) {
                    return in.readNBytes(header, 0, BLOCK) == BLOCK && zero(header);
                }
                long size = size(header);
                long skip = (size + BLOCK - 1) / BLOCK * BLOCK;
                if (size < 0) {
                    return false;
                }
                try {
                    in.skipNBytes(skip);
                } catch (EOFException cut) {
                    return false;
                }
            }
        }
    }

    private static boolean zero(byte[] block) {
        for (byte b : block) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }

    /** The entry's content size: octal digits, or base-256 when the first byte's high bit is set; -1 if unreadable. */
    static long size(byte[] header) {
        if ((header[124] & 0x80) != 0) {
            long v = 0;
            for (int i = 125; i < 136; i++) {
                v = (v << 8) | (header[i] & 0xff);
            }
            return v;
        }
        long v = 0;
        boolean digits = false;
        for (int i = 124; i < 136; i++) {
            int c = header[i];
            if (c >= '0' && c <= '7') {
                v = v * 8 + (c - '0');
                digits = true;
            } else if (c == 0 || c == ' ') {
                if (digits) {
                    break;
                }
            } else {
                return -1;
            }
        }
        return v;
    }
}
