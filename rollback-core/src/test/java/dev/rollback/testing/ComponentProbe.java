package dev.rollback.testing;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.URI;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * Finds out quickly whether a component answers: a TCP connect for the host services, {@code GET /_ping}
 * for the Docker engine.
 *
 * <p>{@code ComponentProbe.probe(Component.DOCKER, Duration.ofSeconds(1)).reachable()}
 */
public final class ComponentProbe {
    private ComponentProbe() {}

    /** Probes a component at the address {@link HostServices} gives for it. */
    public static Reachability probe(Component component, Duration timeout) {
        if (component.inProcess()) {
            return Reachability.up("in-process");
        }
        if (component == Component.DOCKER) {
            return dockerPing(HostServices.dockerHost(), timeout);
        }
        if (component == Component.CHROMIUM) {
            return executable("chromium");
        }
        return tcp(HostServices.address(component), timeout);
    }

    /** Whether {@code name} is an executable file in a directory of the PATH. */
    public static Reachability executable(String name) {
        return onPath(name)
                .map(p -> Reachability.up(p.toString()))
                .orElseGet(() -> Reachability.down(name, "not on the PATH"));
    }

    /** The executable {@code name} in the first directory of the PATH that has it. */
    public static Optional<Path> onPath(String name) {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(File.pathSeparator)) {
            Path candidate = dir.isEmpty() ? null : Path.of(dir, name);
            if (candidate != null && Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** Whether a TCP connection to {@code address} opens within {@code timeout}. */
    public static Reachability tcp(InetSocketAddress address, Duration timeout) {
        String where = address.getHostString() + ":" + address.getPort();
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(address.getHostString(), address.getPort()), (int) timeout.toMillis());
            return Reachability.up(where);
        } catch (IOException e) {
            return Reachability.down(where, e.toString());
        }
    }

    /**
     * Whether a Docker engine answers {@code GET /_ping} with {@code 200 OK} within {@code timeout};
     * {@code dockerHost} is {@code unix:///path} or {@code tcp://host:port}.
     */
    public static Reachability dockerPing(String dockerHost, Duration timeout) {
        SocketAddress address;
        URI uri = URI.create(dockerHost);
        if ("unix".equals(uri.getScheme())) {
            Path socket = Path.of(uri.getPath());
            if (!Files.exists(socket)) {
                return Reachability.down(dockerHost, "no socket file " + socket);
            }
            address = UnixDomainSocketAddress.of(socket);
        } else if ("tcp".equals(uri.getScheme()) || "http".equals(uri.getScheme())) {
            address = new InetSocketAddress(uri.getHost(), uri.getPort() < 0 ? 2375 : uri.getPort());
        } else {
            return Reachability.down(dockerHost, "unsupported scheme (use unix:// or tcp://)");
        }
        try {
            String response = httpGet(address, "/_ping", timeout);
            return response.startsWith("HTTP/1.") && response.contains(" 200 ")
                    ? Reachability.up(dockerHost)
                    : Reachability.down(dockerHost, "unexpected answer: " + firstLine(response));
        } catch (IOException e) {
            return Reachability.down(dockerHost, e.toString());
        }
    }

    /** A bounded HTTP/1.0 GET over a unix or TCP socket; returns the whole response. */
    static String httpGet(SocketAddress address, String path, Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (SocketChannel channel = address instanceof UnixDomainSocketAddress
                        ? SocketChannel.open(StandardProtocolFamily.UNIX)
                        : SocketChannel.open();
                Selector selector = Selector.open()) {
            channel.configureBlocking(false);
            SelectionKey key = channel.register(selector, SelectionKey.OP_CONNECT);
            if (!channel.connect(address)) {
                await(selector, deadline);
                channel.finishConnect();
            }
            ByteBuffer request = ByteBuffer.wrap(
                    ("GET " + path + " HTTP/1.0\r\nHost: docker\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            key.interestOps(SelectionKey.OP_WRITE);
            while (request.hasRemaining()) {
                await(selector, deadline);
                channel.write(request);
            }
            key.interestOps(SelectionKey.OP_READ);
            StringBuilder response = new StringBuilder();
            ByteBuffer buffer = ByteBuffer.allocate(1024);
            while (response.length() < 64 * 1024) {
                await(selector, deadline);
                int n = channel.read(buffer);
                if (n < 0) {
                    break;
                }
                response.append(new String(buffer.array(), 0, buffer.position(), StandardCharsets.ISO_8859_1));
                buffer.clear();
            }
            return response.toString();
        }
    }

    private static void await(Selector selector, long deadline) throws IOException {
        long millis = (deadline - System.nanoTime()) / 1_000_000;
        if (millis <= 0 || selector.select(millis) == 0) {
            throw new IOException("no answer within the timeout");
        }
        selector.selectedKeys().clear();
    }

    private static String firstLine(String response) {
        int end = response.indexOf('\r');
        return end < 0 ? response : response.substring(0, end);
    }
}
