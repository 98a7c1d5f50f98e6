package dev.rollback.docker;

import dev.rollback.errors.RollbackException;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * Bulk streams to and from the engine over its unix socket with the JDK's own socket channel and 1 MiB buffers:
 * the transport docker-java ships reads a volume archive in ~500-byte pieces (60 MB/s where the engine serves
 * 300+ MB/s). HTTP/1.1, one request per connection, chunked bodies both ways.
 *
 * <p>{@code try (InputStream tar = UnixSocketHttp.of(host).orElseThrow().get("/containers/x/archive?path=%2Fdata")) { }}
 */
final class UnixSocketHttp {
    private static final int BUFFER = 1 << 20;
    private final Path socket;

    private UnixSocketHttp(Path socket) {
        this.socket = socket;
    }

    /** For a {@code unix://} engine address; empty for TCP engines (which use docker-java's transport). */
    static Optional<UnixSocketHttp> of(URI dockerHost) {
        return "unix".equals(dockerHost.getScheme())
                ? Optional.of(new UnixSocketHttp(Path.of(dockerHost.getPath())))
                : Optional.empty();
    }

    /** The body of a GET; an error status becomes a RollbackException with the engine's message. */
    InputStream get(String path) throws IOException {
        SocketChannel ch = SocketChannel.open(UnixDomainSocketAddress.of(socket));
        try {
            OutputStream out = Channels.newOutputStream(ch);
            out.write(head("GET", path, ""));
            out.flush();
            InputStream in = new BufferedInputStream(Channels.newInputStream(ch), BUFFER);
            return body(in, path);
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    /** The answer to a small request: its status and its whole body (a few hundred bytes of JSON). */
    record Answer(int status, String body) {}

    /**
     * A small request with an optional JSON body, answered whole; error statuses are returned, not thrown. For the
     * few calls on a cold start's critical path, where docker-java's first use of a client costs 30-100 ms.
     */
    Answer call(String method, String path, String json) throws IOException {
        try (SocketChannel ch = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
            byte[] body = json == null ? new byte[0] : json.getBytes(StandardCharsets.UTF_8);
            OutputStream out = Channels.newOutputStream(ch);
            out.write(head(
                    method,
                    path,
                    (json == null ? "" : "Content-Type: application/json\r\n") + "Content-Length: " + body.length
                            + "\r\n"));
            out.write(body);
            out.flush();
            InputStream in = new BufferedInputStream(Channels.newInputStream(ch), 8192);
            Framed f = framed(in, path);
            try (InputStream b = f.body()) {
                return new Answer(f.status(), new String(b.readNBytes(1 << 20), StandardCharsets.UTF_8));
            }
        }
    }

    /** PUTs a streamed body (chunked) and checks the answer. */
    void put(String path, String contentType, InputStream body) throws IOException {
        try (SocketChannel ch = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
            OutputStream out = new BufferedOutputStream(Channels.newOutputStream(ch), BUFFER + 64);
            out.write(head("PUT", path, "Content-Type: " + contentType + "\r\nTransfer-Encoding: chunked\r\n"));
            byte[] buf = new byte[BUFFER];
            for (int n; (n = body.readNBytes(buf, 0, buf.length)) > 0; ) {
                out.write((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(buf, 0, n);
                out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
            }
            out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            try (InputStream answer = body(new BufferedInputStream(Channels.newInputStream(ch)), path)) {
                answer.transferTo(OutputStream.nullOutputStream());
            }
        }
    }

    /** A request's line and headers, one request per connection; {@code headers} are whole lines. */
    private static byte[] head(String method, String path, String headers) {
        return (method + " " + path + " HTTP/1.1\r\nHost: docker\r\nConnection: close\r\n" + headers + "\r\n")
                .getBytes(StandardCharsets.US_ASCII);
    }

    private static InputStream body(InputStream in, String path) throws IOException {
        Framed f = framed(in, path);
        if (f.status() / 100 != 2) {
            String msg = new String(f.body().readNBytes(2000), StandardCharsets.UTF_8).strip();
            f.body().close();
            throw new RollbackException(
                    "the engine answered " + f.status() + " to " + path.replaceAll("\\?.*", "") + ": " + msg);
        }
        return f.body();
    }

    /** An answer's status and its body, framed as its headers say. */
    private record Framed(int status, InputStream body) {}

    /** Reads the status line and the headers. */
    private static Framed framed(InputStream in, String path) throws IOException {
        String status = line(in);
        String[] parts = status.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
            throw new IOException("the engine answered no HTTP to " + path + ": " + status);
        }
        int code = Integer.parseInt(parts[1]);
        boolean chunked = false;
        long length = -1;
        for (String h; !(h = line(in)).isEmpty(); ) {
            String lower = h.toLowerCase(Locale.ROOT);
            if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
                chunked = true;
            } else if (lower.startsWith("content-length:")) {
                length = Long.parseLong(h.substring(15).strip());
            }
        }
        return new Framed(code, chunked ? new Chunked(in) : length >= 0 ? new Bounded(in, length) : in);
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream(64);
        for (int c; (c = in.read()) >= 0; ) {
            if (c == '\n') {
                break;
            }
            if (c != '\r') {
                b.write(c);
            }
            if (b.size() > 16 * 1024) {
                throw new IOException("header line too long");
            }
        }
        return b.toString(StandardCharsets.US_ASCII);
    }

    /** A response body over the connection's stream: single-byte reads and close, shared by both framings. */
    private abstract static class Body extends InputStream {
        final InputStream in;

        Body(InputStream in) {
            this.in = in;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }

    /** A chunked transfer-encoded body. */
    private static final class Chunked extends Body {
        private long left;
        private boolean done;

        Chunked(InputStream in) {
            super(in);
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (done) {
                return -1;
            }
            if (left == 0) {
                String size = line(in);
                int semi = size.indexOf(';');
                left = Long.parseLong((semi < 0 ? size : size.substring(0, semi)).strip(), 16);
                if (left == 0) {
                    while (!line(in).isEmpty()) {
                        // trailers
                    }
                    done = true;
                    return -1;
                }
            }
            int n = in.read(b, off, (int) Math.min(len, left));
            if (n < 0) {
                throw new IOException("the engine's stream ended inside a chunk");
            }
            left -= n;
            if (left == 0) {
                line(in);
            }
            return n;
        }
    }

    /** A body of known length. */
    private static final class Bounded extends Body {
        private long left;

        Bounded(InputStream in, long left) {
            super(in);
            this.left = left;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (left == 0) {
                return -1;
            }
            int n = in.read(b, off, (int) Math.min(len, left));
            if (n > 0) {
                left -= n;
            }
            return n;
        }
    }
}
