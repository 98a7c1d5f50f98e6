package dev.rollback.vault.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A Vault kept in a data directory: initialized once, sealed at every start, its data there after a restart. */
class VaultApiServerPersistenceTest {
    static final String INIT = "{\"secret_shares\":5,\"secret_threshold\":3}";

    @TempDir
    Path dir;

    final List<String> events = new ArrayList<>();
    VaultApiServer vault;
    VaultHttp http;

    @AfterEach
    void stop() {
        if (vault != null) {
            vault.close();
        }
    }

    void restart() throws Exception {
        if (vault != null) {
            vault.close();
        }
        vault = VaultApiServer.open(
                dir.resolve("data"), new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), events::add);
        http = new VaultHttp(vault.address());
    }

    JsonNode init() throws Exception {
        VaultHttp.Got g = http.call("PUT", "sys/init", null, INIT);
        assertThat(g.status()).isEqualTo(200);
        return g.body();
    }

    void unseal(JsonNode init, int... shares) throws Exception {
        for (int i : shares) {
            assertThat(http.unseal(init.get("keys_base64").get(i).asText()).status())
                    .isEqualTo(200);
        }
    }

    @Test
    void anEmptyDataDirectoryIsAVaultNotInitialized() throws Exception {
        restart();

        VaultHttp.Got health = http.call("GET", "sys/health", null, null);
        JsonNode status = http.call("GET", "sys/seal-status", null, null).body();

        assertThat(health.status()).isEqualTo(501);
        assertThat(health.body().get("initialized").asBoolean()).isFalse();
        assertThat(status.get("initialized").asBoolean()).isFalse();
        assertThat(status.get("sealed").asBoolean()).isTrue();
        assertThat(http.call("GET", "sys/init", null, null)
                        .body()
                        .get("initialized")
                        .asBoolean())
                .isFalse();
        assertThat(http.call("GET", "secret/data/x", "hvs.any", null).status()).isEqualTo(503);
    }

    @Test
    void initAnswersKeysAndRootTokenOnceThen400AndLeavesTheVaultSealed() throws Exception {
        restart();

        JsonNode init = init();
        VaultHttp.Got again = http.call("PUT", "sys/init", null, INIT);
        JsonNode status = http.call("GET", "sys/seal-status", null, null).body();

        assertThat(init.get("keys")).hasSize(5);
        assertThat(init.get("keys_base64")).hasSize(5);
        assertThat(init.get("root_token").asText()).startsWith("hvs.");
        assertThat(again.status()).isEqualTo(400);
        assertThat(again.body().toString()).isEqualTo("{\"errors\":[\"Vault is already initialized\"]}");
        assertThat(status.get("initialized").asBoolean()).isTrue();
        assertThat(status.get("sealed").asBoolean()).isTrue();
        assertThat(status.get("t").asInt()).isEqualTo(3);
        assertThat(status.get("n").asInt()).isEqualTo(5);
        assertThat(http.call("GET", "sys/health", null, null).status()).isEqualTo(503);
        assertThat(events).containsExactly("initialized with 5 key shares and a key threshold of 3: sealed");
    }

    @Test
    void initRefusesASealConfigurationVaultRefuses() throws Exception {
        restart();

        VaultHttp.Got tooHigh = http.call("PUT", "sys/init", null, "{\"secret_shares\":2,\"secret_threshold\":3}");
        VaultHttp.Got none = http.call("PUT", "sys/init", null, "{}");

        assertThat(tooHigh.status()).isEqualTo(400);
        assertThat(tooHigh.error()).isEqualTo("invalid seal configuration: threshold cannot be larger than shares");
        assertThat(none.status()).isEqualTo(400);
        assertThat(vault.initialized()).isFalse();
    }

    @Test
    void initIsKeptAcrossARestartWhichStartsSealed() throws Exception {
        restart();
        init();

        restart();

        assertThat(http.call("GET", "sys/health", null, null).status()).isEqualTo(503);
        assertThat(http.call("PUT", "sys/init", null, INIT).status()).isEqualTo(400);
        assertThat(vault.sealed()).isTrue();
    }

    @Test
    void theSharesOfInitUnsealAfterARestartInHexOrBase64() throws Exception {
        restart();
        JsonNode init = init();
        restart();

        VaultHttp.Got first = http.unseal(init.get("keys").get(4).asText());
        unseal(init, 0, 2);

        assertThat(first.body().get("progress").asInt()).isEqualTo(1);
        assertThat(http.call("GET", "sys/health", null, null).status()).isEqualTo(200);
        assertThat(http.call("GET", "sys/seal-status", null, null)
                        .body()
                        .get("sealed")
                        .asBoolean())
                .isFalse();
        assertThat(events).endsWith("unsealed");
    }

    @Test
    void sharesOfAnotherInitFailAtTheThresholdAndResetTheProgress() throws Exception {
        restart();
        init();
        VaultApiServer other = VaultApiServer.start();
        List<String> foreign = other.keysBase64();
        other.close();

        http.unseal(foreign.get(0));
        http.unseal(foreign.get(1));
        VaultHttp.Got third = http.unseal(foreign.get(2));

        assertThat(third.status()).isEqualTo(400);
        assertThat(third.error()).isEqualTo("Unseal failed, invalid key");
        assertThat(http.call("GET", "sys/seal-status", null, null)
                        .body()
                        .get("progress")
                        .asInt())
                .isZero();
        assertThat(vault.sealed()).isTrue();
    }

    @Test
    void kvVersionsTokensAndDeletionsWrittenBeforeARestartAreThereAfterTheUnseal() throws Exception {
        restart();
        JsonNode init = init();
        unseal(init, 0, 1, 2);
        String root = init.get("root_token").asText();
        http.call("POST", "secret/data/mysql", root, "{\"data\":{\"password\":\"v1\"}}");
        http.call("POST", "secret/data/mysql", root, "{\"data\":{\"password\":\"v2\",\"port\":3306}}");
        http.call("POST", "secret/data/gone", root, "{\"data\":{\"k\":\"v\"}}");
        http.call("DELETE", "secret/data/gone", root, null);
        String limited = vault.token("secret/data/mysql");

        restart();
        VaultHttp.Got sealedRead = http.call("GET", "secret/data/mysql", root, null);
        unseal(init, 3, 1, 4);
        JsonNode latest =
                http.call("GET", "secret/data/mysql", root, null).body().get("data");
        JsonNode v1 = http.call("GET", "secret/data/mysql?version=1", limited, null)
                .body()
                .get("data");

        assertThat(sealedRead.status()).isEqualTo(503);
        assertThat(latest.get("data").get("password").asText()).isEqualTo("v2");
        assertThat(latest.get("data").get("port").asInt()).isEqualTo(3306);
        assertThat(latest.get("metadata").get("version").asInt()).isEqualTo(2);
        assertThat(v1.get("data").get("password").asText()).isEqualTo("v1");
        assertThat(http.call("GET", "secret/data/gone", root, null).status()).isEqualTo(404);
        assertThat(vault.deleted("secret/gone")).isTrue();
        assertThat(http.call("GET", "secret/data/mysql", "hvs.unknown", null).status())
                .isEqualTo(403);
    }

    @Test
    void appRolesPoliciesAndAuthMountsAreKeptAcrossARestart() throws Exception {
        restart();
        JsonNode init = init();
        unseal(init, 0, 1, 2);
        vault.appRole("postgres", "rid", "sid", Instant.parse("2026-01-01T00:00:00Z"), Duration.ofDays(30));
        String root = init.get("root_token").asText();
        http.call("POST", "secret/data/postgres", root, "{\"data\":{\"password\":\"pw\"}}");

        restart();
        unseal(init, 0, 1, 2);
        JsonNode login = http.call("POST", "auth/approle/login", null, "{\"role_id\":\"rid\",\"secret_id\":\"sid\"}")
                .body();
        String roleToken = login.get("auth").get("client_token").asText();
        JsonNode lookup = http.call(
                        "POST", "auth/approle/role/postgres/secret-id/lookup", root, "{\"secret_id\":\"sid\"}")
                .body();

        assertThat(vault.authMounts()).contains("approle", "token");
        assertThat(vault.policies()).contains("postgres-policy", "default");
        assertThat(lookup.get("data").get("secret_id_ttl").asLong()).isEqualTo(30L * 24 * 3600);
        assertThat(lookup.get("data").get("expiration_time").asText()).isEqualTo("2026-01-31T00:00:00Z");
        assertThat(http.call("GET", "secret/data/postgres", roleToken, null)
                        .body()
                        .get("data")
                        .get("data")
                        .get("password")
                        .asText())
                .isEqualTo("pw");

        restart();
        unseal(init, 0, 1, 2);

        assertThat(http.call("GET", "secret/data/postgres", roleToken, null).status())
                .isEqualTo(200);
    }

    @Test
    void sysSealWithTheRootTokenSealsAndSaysSo() throws Exception {
        restart();
        JsonNode init = init();
        unseal(init, 0, 1, 2);

        int denied = http.call("PUT", "sys/seal", vault.token("secret/"), null).status();
        int sealed = http.call("PUT", "sys/seal", init.get("root_token").asText(), null)
                .status();

        assertThat(denied).isEqualTo(403);
        assertThat(sealed).isEqualTo(204);
        assertThat(vault.sealed()).isTrue();
        assertThat(events).endsWith("unsealed", "sealed");
    }

    @Test
    void aPersistentServerDoesNotKeepItsKeysOrRootToken() throws Exception {
        restart();
        init();

        Assertions.assertThatIllegalStateException()
                .isThrownBy(vault::rootToken)
                .withMessageContaining("sys/init handed them out once");
        Assertions.assertThatIllegalStateException().isThrownBy(vault::keysBase64);
    }
}
