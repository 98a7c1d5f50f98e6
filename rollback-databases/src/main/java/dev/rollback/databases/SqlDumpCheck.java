package dev.rollback.databases;

import dev.rollback.RollbackException;
import dev.rollback.spi.DumpSource;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
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
 * @param bytes the dump's length
 * @param sha256 its SHA-256
 * @param databases the databases it creates, in order
 */
public record SqlDumpCheck(long bytes, String sha256, Set<String> databases) {

    public static SqlDumpCheck verify(String service, DumpSource source, String endMarker, Pattern createDatabase,
                                      Optional<String> expectedSha256) {
        MessageDigest sha = DumpDigest.sha256();
        Set<String> dbs = new LinkedHashSet<>();
        List<String> lastLines = new ArrayList<>();
        long bytes;
        try (InputStream raw = source.open(); CountingInputStream counted = new CountingInputStream(raw);
             DigestInputStream in = new DigestInputStream(counted, sha);
             BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.ISO_8859_1), 1 << 16)) {
            for (String line; (line = r.readLine()) != null; ) {
                if (line.startsWith("CREATE DATABASE")) {
                    Matcher m = createDatabase.matcher(line);
                    if (m.find()) {
                        dbs.add(unquote(new String(m.group(1).getBytes(StandardCharsets.ISO_8859_1),
                            StandardCharsets.UTF_8)));
                    }
                }
                if (!line.isBlank()) {
                    if (lastLines.size() == 3) {
                        lastLines.remove(0);
                    }
                    lastLines.add(line);
                }
            }
            bytes = counted.count;
        } catch (IOException e) {
            throw new RollbackException("service " + service + ": the dump in " + source.describe()
                + " cannot be read (" + e.getMessage() + "); nothing was changed", e);
        }
        String hex = HexFormat.of().formatHex(sha.digest());
        if (expectedSha256.isPresent() && !expectedSha256.get().equalsIgnoreCase(hex)) {
            throw new RollbackException("service " + service + ": the dump in " + source.describe() + " has SHA-256 "
                + hex + " but the backup recorded " + expectedSha256.get() + "; it is corrupt or not this backup."
                + " Nothing was changed; restore from another backup");
        }
        if (lastLines.stream().noneMatch(l -> l.contains(endMarker))) {
            throw new RollbackException("service " + service + ": the dump in " + source.describe() + " (" + bytes
                + " bytes) does not end with \"" + endMarker + "\", so it was cut short. Nothing was changed;"
                + " restore from a complete backup");
        }
        return new SqlDumpCheck(bytes, hex, dbs);
    }

    private static String unquote(String name) {
        if (name.length() >= 2 && (name.startsWith("\"") || name.startsWith("`"))) {
            char q = name.charAt(0);
            return name.substring(1, name.length() - 1).replace("" + q + q, "" + q);
        }
        return name;
    }

    /** Counts what passes through. */
    static final class CountingInputStream extends java.io.FilterInputStream {
        long count;

        CountingInputStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                count += n;
            }
            return n;
        }
    }

    /** Discards what is written; for dumps whose bytes are not needed. */
    public static OutputStream nullOutput() {
        return OutputStream.nullOutputStream();
    }
}
