package dev.rollback.databases.mongodb.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SandboxMongoShellTest {
    @TempDir
    Path data;

    private SandboxMongoServer server;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeEach
    void start() {
        server = SandboxMongoServer.start(new InetSocketAddress("127.0.0.1", 0), data);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void pingAnswersOkWithTheServersAddress() {
        assertThat(shell("ping")).isZero();
        assertThat(out()).isEqualTo("ok 127.0.0.1:" + server.address().getPort() + "\n");
    }

    @Test
    void insertedDocumentsAreCountedAndGoneAfterDrop() {
        assertThat(shell("insert", "app", "users", "{\"_id\": 1, \"name\": \"ada\"}", "{\"name\": \"grace\"}"))
                .isZero();
        assertThat(out()).isEqualTo("inserted 2 into app.users\n");

        assertThat(shell("count", "app", "users")).isZero();
        assertThat(out()).isEqualTo("2\n");

        assertThat(shell("drop", "app", "users")).isZero();
        assertThat(out()).isEqualTo("dropped app.users\n");
        assertThat(shell("count", "app", "users")).isZero();
        assertThat(out()).isEqualTo("0\n");
    }

    @Test
    void aDuplicateKeyFailsTheInsertWithOneLineOnStderr() {
        shell("insert", "app", "users", "{\"_id\": 1}");

        assertThat(shell("insert", "app", "users", "{\"_id\": 1}")).isEqualTo(1);
        assertThat(err())
                .startsWith("insert failed: ")
                .contains("duplicate key")
                .containsOnlyOnce("\n");
    }

    @Test
    void invalidJsonFailsWithoutInsertingAnything() {
        assertThat(shell("insert", "app", "users", "{\"ok\": 1}", "{not json")).isEqualTo(1);
        assertThat(err()).contains("usage:");

        shell("count", "app", "users");
        assertThat(out()).isEqualTo("0\n");
    }

    @Test
    void unknownCommandsAndMissingOperandsAreRefusedWithTheUsage() {
        assertThat(shell("find", "app", "users")).isEqualTo(1);
        assertThat(err()).startsWith("unknown command 'find'; usage: ");
        assertThat(shell("count", "app")).isEqualTo(1);
        assertThat(err()).startsWith("wrong number of arguments; usage: ");
        err.reset();
        assertThat(SandboxMongoShell.run(List.of(), print(out), print(err))).isEqualTo(1);
        assertThat(err()).startsWith("no command; usage: ");
    }

    @Test
    void noServerFailsWithinTheTimeout() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        long start = System.nanoTime();

        assertThat(SandboxMongoShell.run(List.of("--server", "127.0.0.1:" + closed, "ping"), print(out), print(err)))
                .isEqualTo(1);
        assertThat(err()).startsWith("ping failed: ");
        assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(6000);
    }

    private int shell(String... args) {
        out.reset();
        err.reset();
        List<String> all = new ArrayList<>(
                List.of("--server", "127.0.0.1:" + server.address().getPort()));
        all.addAll(List.of(args));
        return SandboxMongoShell.run(all, print(out), print(err));
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    private static PrintStream print(ByteArrayOutputStream b) {
        return new PrintStream(b, true, StandardCharsets.UTF_8);
    }
}
