package dev.rollback.vault.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line of the server: its arguments, its lines on start and on seal changes, its exit codes. */
class ServerMainTest {
    @TempDir
    Path dir;

    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();
    final ServerMain main = new ServerMain(
            new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));

    @AfterEach
    void stop() {
        main.stop();
    }

    String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void theDefaultsAreAllAddressesOnPort8200AndVaultData() {
        ServerArguments a = ServerArguments.parse();

        assertThat(a.listen()).isEqualTo(new InetSocketAddress("0.0.0.0", 8200));
        assertThat(a.dataDir()).isEqualTo(Path.of("/vault/data"));
        assertThat(a.help()).isFalse();
    }

    @Test
    void listenAndDataAreReadInEitherSpelling() {
        ServerArguments spaced = ServerArguments.parse("--listen", "127.0.0.1:18200", "--data", "/srv/vault");
        ServerArguments joined = ServerArguments.parse("--data=/srv/vault", "--listen=[::1]:8201");

        assertThat(spaced.listen()).isEqualTo(new InetSocketAddress("127.0.0.1", 18200));
        assertThat(spaced.dataDir()).isEqualTo(Path.of("/srv/vault"));
        assertThat(joined.listen().getPort()).isEqualTo(8201);
        assertThat(joined.listen().getAddress().isLoopbackAddress()).isTrue();
    }

    @Test
    void badArgumentsAreRefusedSayingWhat() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> ServerArguments.parse("--port", "8200"))
                .withMessage("unknown argument: --port");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> ServerArguments.parse("--data"))
                .withMessage("--data needs a value");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> ServerArguments.parse("--listen", "8200"))
                .withMessageContaining("host:port");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> ServerArguments.parse("--listen", "0.0.0.0:http"))
                .withMessageContaining("numeric port");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> ServerArguments.parse("--listen", "0.0.0.0:70000"))
                .withMessageContaining("port out of range: 70000");
    }

    @Test
    void badArgumentsExit2WithTheUsageOnStandardErrorAndNothingStarted() {
        int code = main.run("--listen", "0.0.0.0", "--data", dir.toString());

        assertThat(code).isEqualTo(2);
        assertThat(err())
                .contains("--listen wants host:port")
                .contains("usage: java -cp")
                .contains("--data DIR");
        assertThat(out()).isEmpty();
        assertThat(main.server()).isNull();
    }

    @Test
    void helpPrintsTheUsageAndStartsNothing() {
        assertThat(main.run("--help")).isZero();

        assertThat(out())
                .startsWith("usage: java -cp")
                .contains("default 0.0.0.0:8200")
                .contains("default /vault/data");
        assertThat(main.server()).isNull();
    }

    @Test
    void startPrintsOneLineWithTheAddressTheDataAndNotInitialized() {
        int code = main.run(
                "--listen", "127.0.0.1:0", "--data", dir.resolve("data").toString());

        int port = main.server().listenAddress().getPort();
        assertThat(code).isZero();
        assertThat(out())
                .isEqualTo("Vault API server (the rollback SDK's stand-in for Vault) listening on 127.0.0.1:" + port
                        + ", data " + dir.resolve("data") + ": not initialized" + System.lineSeparator());
    }

    @Test
    void sealChangesArePrintedOneLineEachWithoutAKeyOrToken() throws Exception {
        main.run("--listen", "127.0.0.1:0", "--data", dir.toString());
        VaultHttp http = new VaultHttp(main.server().address());
        JsonNode init = http.call("PUT", "sys/init", null, "{\"secret_shares\":3,\"secret_threshold\":2}")
                .body();
        http.unseal(init.get("keys_base64").get(0).asText());
        http.unseal(init.get("keys_base64").get(2).asText());
        main.stop();
        main.run("--listen", "127.0.0.1:0", "--data", dir.toString());

        String[] lines = out().split(System.lineSeparator());
        assertThat(lines).hasSize(5);
        assertThat(lines[1])
                .isEqualTo("Vault API server: initialized with 3 key shares and a key threshold of 2: sealed");
        assertThat(lines[2]).isEqualTo("Vault API server: unsealed");
        assertThat(lines[3]).isEqualTo("Vault API server: stopped");
        assertThat(lines[4]).endsWith(": sealed");
        for (JsonNode k : init.get("keys_base64")) {
            assertThat(out() + err()).doesNotContain(k.asText());
        }
        assertThat(out() + err()).doesNotContain(init.get("root_token").asText());
    }

    @Test
    void anUnreadableStateFileExits1WithTheMessage() throws Exception {
        Files.writeString(dir.resolve("vault-state.json"), "{\"format\":1,");

        int code = main.run("--listen", "127.0.0.1:0", "--data", dir.toString());

        assertThat(code).isEqualTo(1);
        assertThat(err()).contains(dir.resolve("vault-state.json").toString()).contains("left as it is");
        assertThat(main.server()).isNull();
    }

    @Test
    void anAddressInUseExits1() throws Exception {
        try (VaultApiServer taken = VaultApiServer.start()) {
            int code = main.run("--listen", "127.0.0.1:" + taken.listenAddress().getPort(), "--data", dir.toString());

            assertThat(code).isEqualTo(1);
            assertThat(err())
                    .contains(
                            "cannot start on 127.0.0.1:" + taken.listenAddress().getPort());
        }
    }
}
