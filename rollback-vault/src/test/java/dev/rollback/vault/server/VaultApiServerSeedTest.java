package dev.rollback.vault.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A persistent server set up over HTTP as an environment's seed does it with the vault CLI (auth enable, policy
 * write, secrets enable, AppRole role and secret-id, token create), and that setup kept across a restart.
 */
class VaultApiServerSeedTest {
    static final String POLICY = "path \"secret/data/app/*\" {\n  capabilities = [\"read\", \"list\"]\n}\n"
            + "path \"secret/metadata/app/*\" { capabilities = [\"list\"] }\n"
            + "path \"secret/data/app/forbidden\" { capabilities = [\"deny\"] }\n";

    @TempDir
    Path dir;

    VaultApiServer vault;
    VaultHttp http;
    JsonNode init;
    String root;

    @BeforeEach
    void initAndUnseal() throws Exception {
        restart();
        init = http.call("PUT", "sys/init", null, "{\"secret_shares\":1,\"secret_threshold\":1}")
                .body();
        root = init.get("root_token").asText();
    }

    @AfterEach
    void stop() {
        vault.close();
    }

    void restart() throws Exception {
        if (vault != null) {
            vault.close();
        }
        vault = VaultApiServer.open(dir, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        http = new VaultHttp(vault.address());
        if (init != null) {
            http.unseal(init.get("keys_base64").get(0).asText());
        }
    }

    void seed() throws Exception {
        http.unseal(init.get("keys_base64").get(0).asText());
        assertThat(http.call("POST", "sys/mounts/secret", root, "{\"type\":\"kv\",\"options\":{\"version\":\"2\"}}")
                        .status())
                .isEqualTo(204);
        assertThat(http.call("POST", "sys/auth/approle", root, "{\"type\":\"approle\"}")
                        .status())
                .isEqualTo(204);
        assertThat(http.call(
                                "PUT",
                                "sys/policies/acl/app-policy",
                                root,
                                VaultApiServer.JSON
                                        .createObjectNode()
                                        .put("policy", POLICY)
                                        .toString())
                        .status())
                .isEqualTo(204);
        assertThat(http.call(
                                "POST",
                                "auth/approle/role/app",
                                root,
                                "{\"token_policies\":\"app-policy\",\"secret_id_ttl\":\"720h\"}")
                        .status())
                .isEqualTo(204);
        http.call("POST", "secret/data/app/db", root, "{\"data\":{\"password\":\"pw\"}}");
        http.call("POST", "secret/data/other", root, "{\"data\":{\"password\":\"no\"}}");
    }

    @Test
    void anAppRoleSetUpOverHttpLogsInWithTheAccessOfItsPolicy() throws Exception {
        seed();
        String roleId = http.call("GET", "auth/approle/role/app/role-id", root, null)
                .body()
                .get("data")
                .get("role_id")
                .asText();
        JsonNode issued = http.call("POST", "auth/approle/role/app/secret-id", root, null)
                .body()
                .get("data");
        String secretId = issued.get("secret_id").asText();

        JsonNode lookup = http.call(
                        "POST", "auth/approle/role/app/secret-id/lookup", root, "{\"secret_id\":\"" + secretId + "\"}")
                .body()
                .get("data");
        JsonNode auth = http.call(
                        "POST",
                        "auth/approle/login",
                        null,
                        "{\"role_id\":\"" + roleId + "\",\"secret_id\":\"" + secretId + "\"}")
                .body()
                .get("auth");
        String token = auth.get("client_token").asText();

        assertThat(issued.get("secret_id_ttl").asLong()).isEqualTo(720L * 3600);
        assertThat(lookup.get("secret_id_accessor").asText())
                .isEqualTo(issued.get("secret_id_accessor").asText());
        assertThat(auth.get("token_policies")).extracting(JsonNode::asText).containsExactly("default", "app-policy");
        assertThat(http.call("GET", "secret/data/app/db", token, null).status()).isEqualTo(200);
        assertThat(http.call("GET", "secret/data/other", token, null).status()).isEqualTo(403);
        assertThat(http.call("GET", "sys/policies/acl/app-policy", root, null)
                        .body()
                        .get("data")
                        .get("policy")
                        .asText())
                .isEqualTo(POLICY);
    }

    @Test
    void theSeedIsKeptAcrossARestartAndItsSecretIdIsNotStoredInClear() throws Exception {
        seed();
        String roleId = http.call("GET", "auth/approle/role/app/role-id", root, null)
                .body()
                .get("data")
                .get("role_id")
                .asText();
        String secretId = http.call("POST", "auth/approle/role/app/secret-id", root, null)
                .body()
                .get("data")
                .get("secret_id")
                .asText();

        restart();
        JsonNode login = http.call(
                        "POST",
                        "auth/approle/login",
                        null,
                        "{\"role_id\":\"" + roleId + "\",\"secret_id\":\"" + secretId + "\"}")
                .body();

        assertThat(login.get("auth").get("client_token").asText()).startsWith("hvs.");
        assertThat(vault.authMounts()).contains("approle");
        assertThat(vault.policies()).contains("app-policy");
        assertThat(Files.readString(dir.resolve("vault-state.json"))).doesNotContain(secretId);
    }

    @Test
    void enablingAnAuthMethodTwiceIsRefusedAsVaultDoes() throws Exception {
        seed();

        VaultHttp.Got again = http.call("POST", "sys/auth/approle", root, "{\"type\":\"approle\"}");

        assertThat(again.status()).isEqualTo(400);
        assertThat(again.error()).isEqualTo("path is already in use at approle/");
    }

    @Test
    void aTokenCreatedWithAPolicyHasItsAccessAndCannotCreateARootToken() throws Exception {
        seed();

        String token = http.call("POST", "auth/token/create", root, "{\"policies\":[\"app-policy\"]}")
                .body()
                .get("auth")
                .get("client_token")
                .asText();
        VaultHttp.Got rootChild = http.call("POST", "auth/token/create", token, "{\"policies\":[\"root\"]}");

        assertThat(http.call("GET", "secret/data/app/db", token, null).status()).isEqualTo(200);
        assertThat(http.call("GET", "secret/data/other", token, null).status()).isEqualTo(403);
        assertThat(rootChild.status()).isIn(400, 403);
    }

    @Test
    void aPolicysPathRulesGrantTheirPrefixesButNotDenyRules() {
        assertThat(PolicyPaths.of(POLICY)).containsExactly("secret/data/app/", "secret/metadata/app/");
        assertThat(PolicyPaths.of("path \"secret/data/exact\" { capabilities = [\"read\"] }"))
                .containsExactly("secret/data/exact");
    }

    @Test
    void secretIdTtlsAreReadAsVaultWritesThem() {
        assertThat(AppRoleApi.duration(VaultApiServer.JSON.valueToTree("1h30m")))
                .isEqualTo(Duration.ofMinutes(90));
        assertThat(AppRoleApi.duration(VaultApiServer.JSON.valueToTree(60))).isEqualTo(Duration.ofMinutes(1));
        assertThat(AppRoleApi.duration(VaultApiServer.JSON.valueToTree("30d"))).isEqualTo(Duration.ofDays(30));
        assertThat(AppRoleApi.duration(VaultApiServer.JSON.valueToTree("soon"))).isNull();
    }
}
