package dev.rollback.databases.redis;

import dev.rollback.databases.spi.DatabaseTarget;
import dev.rollback.errors.RollbackException;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import redis.clients.jedis.HostAndPort;

/**
 * A snapshot of one node as an RDB, taken the way a replica (and {@code redis-cli --rdb}) takes it: on a plain
 * connection, {@code AUTH} when the target has a password, {@code REPLCONF rdb-only 1} (Redis 7: keep no
 * replication backlog for this connection; older servers refuse it, which is fine), then {@code SYNC}. The node
 * forks and saves (as {@code BGSAVE} does), answers {@code $<length>} and sends the file, which is streamed on as it
 * arrives. A point-in-time copy of everything the node holds, made by the server's own code. {@code diskless}
 * announces {@code REPLCONF capa eof} and {@code rdb-only} first, so a node with {@code repl-diskless-sync} streams
 * the snapshot from its fork without writing it ({@code $EOF:<mark>}, the bytes, the mark); worth it only when its
 * {@code repl-diskless-sync-delay} is 0, as it otherwise waits that long (5 s by default) for more replicas.
 *
 * <p>{@code try (RedisRdbSync s = RedisRdbSync.open(target, node, false)) { s.copyTo(out); }}
 */
final class RedisRdbSync implements AutoCloseable {
    private final Socket socket;
    private final InputStream in;
    private final DatabaseTarget target;
    private final HostAndPort node;
    private static final int MARK = 40;
    /** Bytes of the RDB that follow, or -1 when the node streams it diskless, ended by {@link #mark}. */
    private final long length;

    private final byte[] mark;

    private RedisRdbSync(
            Socket socket, InputStream in, DatabaseTarget target, HostAndPort node, long length, byte[] mark) {
        this.mark = mark;
        this.socket = socket;
        this.in = in;
        this.target = target;
        this.node = node;
        this.length = length;
    }

    /** Connects, asks for the snapshot and reads up to its length; the bytes are then read with {@link #copyTo}. */
    static RedisRdbSync open(DatabaseTarget target, HostAndPort node, boolean diskless) {
        Socket s = new Socket();
        try {
            s.connect(new InetSocketAddress(node.getHost(), node.getPort()), (int)
                    target.connectTimeout().toMillis());
            s.setSoTimeout(
                    (int) Math.min(Integer.MAX_VALUE, target.operationTimeout().toMillis()));
            InputStream in = new BufferedInputStream(s.getInputStream(), 1 << 16);
            OutputStream out = s.getOutputStream();
            if (target.password().filter(p -> !p.isEmpty()).isPresent()) {
                String password = target.password().get();
                send(
                        out,
                        target.user().isEmpty()
                                ? new String[] {"AUTH", password}
                                : new String[] {"AUTH", target.user(), password});
                String reply = line(in);
                if (!reply.startsWith("+")) {
                    throw new RollbackException("service " + target.service() + " (redis node " + node + "): the"
                            + " node refused the password for the RDB snapshot (" + reply.split(" ", 2)[0] + "); check "
                            + "secret/" + target.service() + " password. Not retried");
                }
            }
            if (diskless) {
                send(out, "REPLCONF", "capa", "eof");
                line(in);
                send(out, "REPLCONF", "rdb-only", "1");
                line(in); // +OK on Redis 7, an error before: both mean go on
            }
            send(out, "SYNC");
            String header;
            do {
                header = line(in); // a node still saving sends empty keep-alive lines
            } while (header.isEmpty());
            if (header.startsWith("$EOF:") && header.length() == 5 + MARK) {
                return new RedisRdbSync(
                        s, in, target, node, -1, header.substring(5).getBytes(StandardCharsets.ISO_8859_1));
            }
            if (!header.startsWith("$")) {
                throw new RollbackException("service " + target.service() + " (redis node " + node + "): SYNC"
                        + " answered '" + header + "' instead of an RDB; the login needs the SYNC and REPLCONF"
                        + " commands (ACL +sync +replconf), or use the keys format (option format=keys)");
            }
            long length = Long.parseLong(header.substring(1).strip());
            return new RedisRdbSync(s, in, target, node, length, null);
        } catch (IOException | NumberFormatException e) {
            close(s);
            throw new RollbackException(
                    "service " + target.service() + " (redis node " + node + "): taking an RDB" + " snapshot failed ("
                            + e.getMessage() + "); check the node is up and has room to save",
                    e);
        } catch (RuntimeException e) {
            close(s);
            throw e;
        }
    }

    /** Copies the RDB to {@code out} and returns its length; a connection that ends before the RDB does is an error. */
    long copyTo(OutputStream out) throws IOException {
        if (mark != null) {
            return copyToMark(out);
        }
        byte[] buf = new byte[1 << 16];
        long left = length;
        while (left > 0) {
            int n = in.read(buf, 0, (int) Math.min(buf.length, left));
            if (n < 0) {
                throw new IOException("service " + target.service() + " (redis node " + node + "): the RDB snapshot"
                        + " ended after " + (length - left) + " of " + length + " bytes");
            }
            out.write(buf, 0, n);
            left -= n;
        }
        return length;
    }

    /** The diskless form: bytes up to the 40-byte mark the node sent in its header and sends again at the end. */
    private long copyToMark(OutputStream out) throws IOException {
        byte[] buf = new byte[MARK + (1 << 16)];
        int held = 0; // the last bytes read, which may be the start of the mark
        long written = 0;
        while (true) {
            int n = in.read(buf, held, buf.length - held);
            if (n < 0) {
                throw new IOException("service " + target.service() + " (redis node " + node + "): the RDB stream"
                        + " ended after " + written + " bytes without its end mark");
            }
            int end = held + n;
            int at = indexOf(buf, end, mark);
            if (at >= 0) {
                out.write(buf, 0, at);
                return written + at;
            }
            int keep = Math.min(MARK - 1, end);
            out.write(buf, 0, end - keep);
            written += end - keep;
            System.arraycopy(buf, end - keep, buf, 0, keep);
            held = keep;
        }
    }

    private static int indexOf(byte[] b, int end, byte[] m) {
        outer:
        for (int i = 0; i + m.length <= end; i++) {
            for (int k = 0; k < m.length; k++) {
                if (b[i + k] != m[k]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    @Override
    public void close() {
        close(socket);
    }

    private static void close(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // a snapshot connection the node drops anyway
        }
    }

    private static void send(OutputStream out, String... args) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.write(("*" + args.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
        for (String a : args) {
            byte[] v = a.getBytes(StandardCharsets.UTF_8);
            b.write(("$" + v.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
            b.write(v);
            b.write("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        out.write(b.toByteArray());
        out.flush();
    }

    /** One reply line without its CRLF ({@code \n} alone is the keep-alive a saving node sends). */
    private static String line(InputStream in) throws IOException {
        StringBuilder s = new StringBuilder();
        for (int c; (c = in.read()) >= 0; ) {
            if (c == '\n') {
                int len = s.length();
                return len > 0 && s.charAt(len - 1) == '\r' ? s.substring(0, len - 1) : s.toString();
            }
            s.append((char) c);
            if (s.length() > 4096) {
                throw new IOException("reply line too long");
            }
        }
        throw new IOException("the node closed the connection");
    }
}
