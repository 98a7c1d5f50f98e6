package dev.rollback.databases;

import dev.rollback.io.HashingOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Passes a dump through to the caller's stream while counting it, hashing it (SHA-256) and keeping its last bytes,
 * so the end marker can be checked without a second read. Does not close the caller's stream.
 *
 * <p>{@code DumpDigest d = new DumpDigest(out); tool.writeTo(d); d.endsWith("-- Dump completed");}
 */
public final class DumpDigest extends HashingOutputStream {
    private static final int TAIL = 4096;
    private final byte[] tail = new byte[TAIL];

    public DumpDigest(OutputStream out) {
        super(out);
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        super.write(b, off, len);
        if (len >= TAIL) {
            System.arraycopy(b, off + len - TAIL, tail, 0, TAIL);
        } else {
            System.arraycopy(tail, len, tail, 0, TAIL - len);
            System.arraycopy(b, off, tail, TAIL - len, len);
        }
    }

    @Override
    public void close() throws IOException {
        out.flush();
    }

    public String sha256Hex() {
        return hex();
    }

    /** Whether the last 4 KiB written contain {@code marker}. */
    public boolean tailContains(String marker) {
        int n = (int) Math.min(bytes(), TAIL);
        return new String(tail, TAIL - n, n, StandardCharsets.ISO_8859_1).contains(marker);
    }

    /**
     * The last {@code n} non-blank lines among the last 4 KiB written (a line cut by the start of that window is
     * left out unless the whole stream fits in it), oldest first, read as ISO-8859-1.
     */
    public List<String> lastLines(int n) {
        int kept = (int) Math.min(bytes(), TAIL);
        String text = new String(tail, TAIL - kept, kept, StandardCharsets.ISO_8859_1);
        List<String> lines = new ArrayList<>(List.of(text.split("\n", -1)));
        if (bytes() > TAIL && !lines.isEmpty()) {
            lines.remove(0);
        }
        List<String> out = new ArrayList<>();
        for (int i = lines.size() - 1; i >= 0 && out.size() < n; i--) {
            if (!lines.get(i).isBlank()) {
                out.add(0, lines.get(i));
            }
        }
        return out;
    }
}
