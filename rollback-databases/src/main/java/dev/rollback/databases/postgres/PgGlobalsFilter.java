package dev.rollback.databases.postgres;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Drops, from the globals section of a pg_dumpall dump (before the first {@code \connect}), the two lines that
 * would stop an {@code ON_ERROR_STOP} restore: {@code DROP ROLE IF EXISTS <restoring user>;} (the current user
 * cannot be dropped) and {@code CREATE ROLE <restoring user>;} (it exists). pg_dumpall writes them expecting
 * errors to be ignored; its {@code ALTER ROLE} line that follows still restores the role's attributes. Its
 * {@code DROP DATABASE IF EXISTS x;} lines become {@code ... WITH (FORCE);} (PostgreSQL 13 and later): a client that
 * reconnects between the restore closing the sessions and psql dropping the database (PgBouncer's health check, an
 * application's pool) would otherwise stop the restore with "is being accessed by other users".
 * Everything after the globals passes through untouched.
 *
 * <p>{@code InputStream in = new PgGlobalsFilter(source.open(), "postgres");}
 */
final class PgGlobalsFilter extends FilterInputStream {
    /** pg_dumpall's {@code DROP DATABASE IF EXISTS x;} (its {@code --clean} section, before the globals). */
    private static final Pattern DROP_DATABASE = Pattern.compile("DROP DATABASE (?:IF EXISTS )?\\S.*;");

    private final Set<String> dropped;
    private boolean inGlobals = true;
    private byte[] pending = new byte[0];
    private int pendingPos;
    private long removedBytes;

    PgGlobalsFilter(InputStream in, String user) {
        super(new BufferedInputStream(in, 1 << 16));
        String plain = user;
        String quoted = "\"" + user.replace("\"", "\"\"") + "\"";
        this.dropped = Set.of(
                "DROP ROLE IF EXISTS " + plain + ";",
                "DROP ROLE IF EXISTS " + quoted + ";",
                "CREATE ROLE " + plain + ";",
                "CREATE ROLE " + quoted + ";");
    }

    /**
     * How many bytes the filter removes from the dump, less those it adds (reads only its globals section); the
     * filtered length is the dump's length minus this.
     */
    static long removedBytes(InputStream in, String user) throws IOException {
        try (PgGlobalsFilter f = new PgGlobalsFilter(in, user)) {
            while (f.inGlobals && f.fill()) {
                f.pendingPos = f.pending.length;
            }
            return f.removedBytes;
        }
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        while (pendingPos >= pending.length) {
            if (!inGlobals) {
                return in.read(b, off, len);
            }
            if (!fill()) {
                return -1;
            }
        }
        int n = Math.min(len, pending.length - pendingPos);
        System.arraycopy(pending, pendingPos, b, off, n);
        pendingPos += n;
        return n;
    }

    /** Reads the next globals line into {@code pending} (empty when dropped); false at the end of input. */
    private boolean fill() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(256);
        int c;
        while ((c = in.read()) >= 0) {
            line.write(c);
            if (c == '\n') {
                break;
            }
        }
        if (line.size() == 0) {
            return false;
        }
        byte[] bytes = line.toByteArray();
        String text = new String(bytes, StandardCharsets.UTF_8).strip();
        if (text.startsWith("\\connect")) {
            inGlobals = false;
        }
        if (inGlobals && dropped.contains(text)) {
            removedBytes += bytes.length;
            pending = new byte[0];
        } else if (inGlobals && DROP_DATABASE.matcher(text).matches() && !text.endsWith("WITH (FORCE);")) {
            byte[] forced = (text.substring(0, text.length() - 1) + " WITH (FORCE);"
                            + (bytes[bytes.length - 1] == '\n' ? "\n" : ""))
                    .getBytes(StandardCharsets.UTF_8);
            removedBytes -= forced.length - bytes.length;
            pending = forced;
        } else {
            pending = bytes;
        }
        pendingPos = 0;
        return true;
    }
}
