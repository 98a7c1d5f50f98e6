package dev.rollback.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ComponentProbeTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(1);

    @Test
    void tcpProbeSeesListeningPort() throws IOException {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Reachability r =
                    ComponentProbe.tcp(InetSocketAddress.createUnresolved("127.0.0.1", server.getLocalPort()), TIMEOUT);

            assertThat(r.reachable()).isTrue();
            assertThat(r.address()).isEqualTo("127.0.0.1:" + server.getLocalPort());
        }
    }

    @Test
    void tcpProbeReportsClosedPort() throws IOException {
        int port;
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = server.getLocalPort();
        }

        Reachability r = ComponentProbe.tcp(InetSocketAddress.createUnresolved("127.0.0.1", port), TIMEOUT);

        assertThat(r.reachable()).isFalse();
        assertThat(r.detail()).contains("Connection refused");
    }

    @Test
    void dockerPingReportsMissingSocketFile(@TempDir Path dir) {
        Reachability r = ComponentProbe.dockerPing("unix://" + dir.resolve("docker.sock"), TIMEOUT);

        assertThat(r.reachable()).isFalse();
        assertThat(r.detail()).startsWith("no socket file");
    }

    @Test
    void dockerPingAcceptsEngineAnsweringOk(@TempDir Path dir) throws Exception {
        Path socket = dir.resolve("docker.sock");
        try (ServerSocketChannel server = unixServer(socket)) {
            Thread engine = answerOnce(server, "HTTP/1.0 200 OK\r\nApi-Version: 1.41\r\nContent-Length: 2\r\n\r\nOK");

            Reachability r = ComponentProbe.dockerPing("unix://" + socket, TIMEOUT);

            engine.join(2000);
            assertThat(r.reachable()).isTrue();
        }
    }

    @Test
    void dockerPingRejectsErrorAnswer(@TempDir Path dir) throws Exception {
        Path socket = dir.resolve("docker.sock");
        try (ServerSocketChannel server = unixServer(socket)) {
            Thread engine = answerOnce(server, "HTTP/1.0 500 Internal Server Error\r\n\r\n");

            Reachability r = ComponentProbe.dockerPing("unix://" + socket, TIMEOUT);

            engine.join(2000);
            assertThat(r.reachable()).isFalse();
            assertThat(r.detail()).contains("500");
        }
    }

    @Test
    void dockerPingGivesUpOnSilentEngineWithinTimeout(@TempDir Path dir) throws Exception {
        Path socket = dir.resolve("docker.sock");
        ServerSocketChannel silentEngine = unixServer(socket);
        try {
            long start = System.nanoTime();

            Reachability r = ComponentProbe.dockerPing("unix://" + socket, Duration.ofMillis(300));

            assertThat(r.reachable()).isFalse();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
        } finally {
            silentEngine.close();
        }
    }

    @Test
    void anExecutableIsFoundOnThePathAndAMissingOneIsNamed() {
        assertThat(ComponentProbe.executable("sh").reachable()).isTrue();
        assertThat(ComponentProbe.onPath("sh"))
                .hasValueSatisfying(p -> assertThat(p).isExecutable());
        Reachability missing = ComponentProbe.executable("no-such-tool-rb7");
        assertThat(missing.reachable()).isFalse();
        assertThat(missing.detail()).isEqualTo("not on the PATH");
    }

    @Test
    void inProcessComponentNeedsNoProbe() {
        assertThat(ComponentProbe.probe(Component.MONGODB, TIMEOUT).reachable()).isTrue();
    }

    private static ServerSocketChannel unixServer(Path socket) throws IOException {
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socket));
        return server;
    }

    private static Thread answerOnce(ServerSocketChannel server, String response) {
        Thread t = new Thread(() -> {
            try (SocketChannel client = server.accept()) {
                ByteBuffer request = ByteBuffer.allocate(1024);
                while (!new String(request.array(), 0, request.position(), StandardCharsets.US_ASCII)
                        .contains("\r\n\r\n")) {
                    if (client.read(request) < 0) {
                        return;
                    }
                }
                client.write(ByteBuffer.wrap(response.getBytes(StandardCharsets.US_ASCII)));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        t.start();
        return t;
    }
}
