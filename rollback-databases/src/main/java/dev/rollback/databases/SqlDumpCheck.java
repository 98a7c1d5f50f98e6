package dev.rollback.databases;

import dev.rollback.errors.RollbackException;
import dev.rollback.spi.DumpSource;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a SQL dump once, before anything is changed: checks its checksum and the tool's end marker and collects
 * the databases it creates. A dump cut short lacks the marker and is refused.
 *
 * <p>{@code SqlDumpCheck c = SqlDumpCheck.verify("postgres", source, MARKER, CREATE_DB, expectedSha);}
 *
 * <p>The pass works on bytes, never decoding the dump to text: SHA-256 (the JDK's intrinsic, about 1 GB/s with the
 * CPU's SHA extensions) and a scan for lines that start with {@code CREATE DATABASE}; only those lines and the
 * last 4 KiB are decoded. The restore that follows reads the file again, from the page cache.
 *
 * @param bytes the dump's length
 * @param sha256 its SHA-256
 * @param databases the databases it creates, in order
 */
public record SqlDumpCheck(long bytes, String sha256, Set<String> databases) {
    private static final byte[] CREATE = "CREATE DATABASE".getBytes(StandardCharsets.US_ASCII);
    private static final int BUFFER = 1 << 17;

    public static SqlDumpCheck verify(
            String service,
            DumpSource source,
            String endMarker,
            Pattern createDatabase,
            Optional<String> expectedSha256) {
        DumpDigest digest = new DumpDigest(OutputStream.nullOutputStream());
        LineStarts lines = new LineStarts(createDatabase);
        try (InputStream in = source.open()) {
            byte[] buf = new byte[BUFFER];
            for (int n; (n = in.read(buf)) >= 0; ) {
                digest.write(buf, 0, n);
                lines.feed(buf, n);
            }
        } catch (IOException e) {
            throw new RollbackException(
                    "service " + service + ": the dump in " + source.describe() + " cannot be read (" + e.getMessage()
                            + "); nothing was changed",
                    e);
        }
        String hex = digest.sha256Hex();
        if (expectedSha256.isPresent() && !expectedSha256.get().equalsIgnoreCase(hex)) {
            throw new RollbackException("service " + service + ": the dump in " + source.describe() + " has SHA-256 "
                    + hex + " but the backup recorded " + expectedSha256.get() + "; it is corrupt or not this backup."
                    + " Nothing was changed; restore from another backup");
        }
        List<String> last = digest.lastLines(3);
        if (last.stream().noneMatch(l -> l.contains(endMarker))) {
            throw new RollbackException("service " + service + ": the dump in " + source.describe() + " ("
                    + digest.bytes() + " bytes) does not end with \"" + endMarker
                    + "\", so it was cut short. Nothing was"
                    + " changed; restore from a complete backup");
        }
        return new SqlDumpCheck(digest.bytes(), hex, lines.databases);
    }

    private static String unquote(String name) {
        if (name.length() >= 2 && (name.startsWith("\"") || name.startsWith("`"))) {
            char q = name.charAt(0);
            return name.substring(1, name.length() - 1).replace("" + q + q, "" + q);
        }
        return name;
    }

    /** Finds the lines that start with {@code CREATE DATABASE}, across buffer boundaries, without decoding others. */
    static final class LineStarts {
        private static final int SKIPPING = -1;
        private final Pattern createDatabase;
        private final Set<String> databases = new LinkedHashSet<>();
        /** How much of CREATE matched at the current line's start; -1 inside a line that does not start with it. */
        private int matched;

        private ByteArrayOutputStream line;

        LineStarts(Pattern createDatabase) {
            this.createDatabase = createDatabase;
        }

        void feed(byte[] b, int len) {
            int i = 0;
            while (i < len) {
                if (matched == SKIPPING) {
                    i = next(b, i, len);
                    if (i < 0) {
                        return;
                    }
                    matched = 0;
                } else if (matched < CREATE.length) {
                    byte c = b[i++];
                    if (c == CREATE[matched]) {
                        if (++matched == CREATE.length) {
                            line = new ByteArrayOutputStream(128);
                            line.write(CREATE, 0, CREATE.length);
                        }
                    } else {
                        matched = c == '\n' ? 0 : SKIPPING;
                    }
                } else {
                    int end = next(b, i, len);
                    int stop = end < 0 ? len : end - 1;
                    if (line.size() < 64 * 1024) {
                        line.write(b, i, Math.min(stop - i, 64 * 1024));
                    }
                    if (end < 0) {
                        return;
                    }
                    found(line.toString(StandardCharsets.ISO_8859_1));
                    i = end;
                    matched = 0;
                }
            }
        }

        /** The index after the next newline at or after {@code from}, or -1. */
        private static int next(byte[] b, int from, int len) {
            for (int i = from; i < len; i++) {
                if (b[i] == '\n') {
                    return i + 1;
                }
            }
            return -1;
        }

        private void found(String text) {
            Matcher m = createDatabase.matcher(text);
            if (m.find()) {
                databases.add(
                        unquote(new String(m.group(1).getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8)));
            }
        }
    }

    /** Discards what is written; for dumps whose bytes are not needed. */
    public static OutputStream nullOutput() {
        return OutputStream.nullOutputStream();
    }
}
