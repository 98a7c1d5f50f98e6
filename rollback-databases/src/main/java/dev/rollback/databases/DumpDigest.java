package dev.rollback.databases;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Passes a dump through to the caller's stream while counting it, hashing it (SHA-256) and keeping its last bytes,
 * so the end marker can be checked without a second read. Does not close the caller's stream.
 *
 * <p>{@code DumpDigest d = new DumpDigest(out); tool.writeTo(d); d.endsWith("-- Dump completed");}
 */
public final class DumpDigest extends FilterOutputStream {
    private static final int TAIL = 4096;
    private final MessageDigest sha = sha256();
    private final byte[] tail = new byte[TAIL];
    private long count;

    public DumpDigest(OutputStream out) {
        super(out);
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
        sha.update(b, off, len);
        if (len >= TAIL) {
            System.arraycopy(b, off + len - TAIL, tail, 0, TAIL);
        } else {
            System.arraycopy(tail, len, tail, 0, TAIL - len);
            System.arraycopy(b, off, tail, TAIL - len, len);
        }
        count += len;
    }

    @Override
    public void close() throws IOException {
        out.flush();
    }

    public long bytes() {
        return count;
    }

    public String sha256Hex() {
        try {
            return HexFormat.of().formatHex(((MessageDigest) sha.clone()).digest());
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Whether the last 4 KiB written contain {@code marker}. */
    public boolean tailContains(String marker) {
        int n = (int) Math.min(count, TAIL);
        return new String(tail, TAIL - n, n, StandardCharsets.ISO_8859_1).contains(marker);
    }

    /**
     * The last {@code n} non-blank lines among the last 4 KiB written (a line cut by the start of that window is
     * left out unless the whole stream fits in it), oldest first, read as ISO-8859-1.
     */
    public List<String> lastLines(int n) {
        int kept = (int) Math.min(count, TAIL);
        String text = new String(tail, TAIL - kept, kept, StandardCharsets.ISO_8859_1);
        List<String> lines = new ArrayList<>(List.of(text.split("\n", -1)));
        if (count > TAIL && !lines.isEmpty()) {
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

    /** A fresh SHA-256 digest. */
    public static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
