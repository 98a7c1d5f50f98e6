package dev.rollback.vault.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The state file: private, written atomically, holding no share or token in clear, refused and kept if unreadable. */
class VaultApiServerStateFileTest {
    static final InetSocketAddress LOOPBACK = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);

    @TempDir
    Path dir;

    Path data() {
        return dir.resolve("vault").resolve("data");
    }

    Path stateFile() {
        return data().resolve("vault-state.json");
    }

    /** Initializes, unseals, logs in with an AppRole and writes a secret; returns what init answered and the login. */
    List<JsonNode> populate() throws Exception {
        try (VaultApiServer vault = VaultApiServer.open(data(), LOOPBACK)) {
            VaultHttp http = new VaultHttp(vault.address());
            JsonNode init = http.call("PUT", "sys/init", null, "{\"secret_shares\":5,\"secret_threshold\":3}")
                    .body();
            for (int i = 0; i < 3; i++) {
                http.unseal(init.get("keys_base64").get(i).asText());
            }
            http.call("POST", "secret/data/app", init.get("root_token").asText(), "{\"data\":{\"user\":\"app\"}}");
            vault.appRole("app", "role-id-1", "secret-id-never-in-clear", Instant.now(), Duration.ofHours(1));
            JsonNode login = http.call(
                            "POST",
                            "auth/approle/login",
                            null,
                            "{\"role_id\":\"role-id-1\",\"secret_id\":\"secret-id-never-in-clear\"}")
                    .body();
            return List.of(init, login);
        }
    }

    @Test
    void theDataDirectoryIsCreated0700AndTheStateFileIs0600() throws Exception {
        populate();

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data())))
                .isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("vault"))))
                .isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(stateFile())))
                .isEqualTo("rw-------");
        try (var files = Files.list(data())) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("vault-state.json");
        }
    }

    @Test
    void theStateFileHoldsNoShareTokenOrSecretIdInClear() throws Exception {
        List<JsonNode> answers = populate();
        JsonNode init = answers.get(0);
        byte[] file = Files.readAllBytes(stateFile());

        List<String> secrets = new ArrayList<>();
        init.get("keys").forEach(k -> secrets.add(k.asText()));
        init.get("keys_base64").forEach(k -> secrets.add(k.asText()));
        secrets.add(init.get("root_token").asText());
        secrets.add(init.get("root_token").asText().substring("hvs.".length()));
        secrets.add(answers.get(1).get("auth").get("client_token").asText());
        secrets.add("secret-id-never-in-clear");

        String text = new String(file, StandardCharsets.UTF_8);
        assertThat(text).contains("\"user\" : \"app\"").contains("share_sha256");
        for (String s : secrets) {
            assertThat(text).doesNotContain(s);
        }
        for (JsonNode k : init.get("keys_base64")) {
            byte[] raw = Base64.getDecoder().decode(k.asText());
            assertThat(indexOf(file, raw)).as("a share's raw bytes").isEqualTo(-1);
        }
    }

    @Test
    void aTruncatedStateFileIsRefusedWithTheFileAndWhatToDoAndLeftAsItIs() throws Exception {
        populate();
        byte[] whole = Files.readAllBytes(stateFile());
        byte[] truncated = Arrays.copyOf(whole, whole.length / 2);
        Files.write(stateFile(), truncated);

        assertThatThrownBy(() -> VaultApiServer.open(data(), LOOPBACK))
                .isInstanceOf(UnreadableStateException.class)
                .hasMessageContaining(stateFile().toString())
                .hasMessageContaining("cannot be read: it is not complete JSON")
                .hasMessageContaining("left as it is")
                .hasMessageContaining("restore it from a backup, or move it away");
        assertThat(Files.readAllBytes(stateFile())).isEqualTo(truncated);
    }

    @Test
    void anEmptyOrForeignStateFileIsRefusedToo() throws Exception {
        Files.createDirectories(data());
        Files.write(stateFile(), new byte[0]);

        assertThatThrownBy(() -> VaultApiServer.open(data(), LOOPBACK))
                .isInstanceOf(UnreadableStateException.class)
                .hasMessageContaining("it is empty");

        Files.writeString(stateFile(), "{\"format\":1,\"initialized\":true}");
        assertThatThrownBy(() -> VaultApiServer.open(data(), LOOPBACK))
                .isInstanceOf(UnreadableStateException.class)
                .hasMessageContaining("seal is missing or not an object");

        Files.writeString(stateFile(), "{\"format\":7}");
        assertThatThrownBy(() -> VaultApiServer.open(data(), LOOPBACK))
                .isInstanceOf(UnreadableStateException.class)
                .hasMessageContaining("\"format\" is not 1");
        assertThat(Files.readString(stateFile())).isEqualTo("{\"format\":7}");
    }

    @Test
    void aStateFileWithTrailingGarbageIsRefused() throws Exception {
        populate();
        Files.writeString(stateFile(), Files.readString(stateFile()) + "}{");

        assertThatThrownBy(() -> VaultApiServer.open(data(), LOOPBACK)).isInstanceOf(UnreadableStateException.class);
    }

    @Test
    void aLeftoverTemporaryFileOfAnInterruptedWriteIsReplacedAndTheStateKept() throws Exception {
        populate();
        Files.writeString(data().resolve("vault-state.json.tmp"), "half a write");

        try (VaultApiServer vault = VaultApiServer.open(data(), LOOPBACK)) {
            vault.put("secret/more", Map.of("k", "v"));
            assertThat(vault.paths()).containsExactly("secret/app", "secret/more");
        }
        assertThat(data().resolve("vault-state.json.tmp")).doesNotExist();
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
