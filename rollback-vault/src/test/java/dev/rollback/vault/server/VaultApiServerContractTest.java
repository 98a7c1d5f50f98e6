package dev.rollback.vault.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Pins the test server to the request and response shapes of Vault's API documentation, over plain HTTP (no
 * driver), so the client tests run against what a real Vault answers.
 */
class VaultApiServerContractTest {
    final VaultApiServer vault = VaultApiServer.start();
    final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void stop() {
        vault.close();
    }

    record Got(int status, JsonNode body) {}

    Got call(String method, String path, String token, String body, String type) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(vault.address() + "/v1/" + path))
                .timeout(Duration.ofSeconds(5))
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            b.header("X-Vault-Token", token);
        }
        if (type != null) {
            b.header("Content-Type", type);
        }
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        return new Got(r.statusCode(), r.body().isEmpty() ? null : VaultApiServer.JSON.readTree(r.body()));
    }

    @Test
    void sealStatusHasTheDocumentedFields() throws Exception {
        JsonNode b = call("GET", "sys/seal-status", null, null, null).body();

        assertThat(b.fieldNames())
                .toIterable()
                .contains(
                        "type",
                        "initialized",
                        "sealed",
                        "t",
                        "n",
                        "progress",
                        "nonce",
                        "version",
                        "migration",
                        "recovery_seal",
                        "storage_type");
        assertThat(b.get("t").asInt()).isEqualTo(3);
        assertThat(b.get("n").asInt()).isEqualTo(5);
    }

    @Test
    void unsealCountsProgressUntilTheThresholdOfCorrectShares() throws Exception {
        vault.seal();
        var keys = vault.keysBase64();

        JsonNode first = call("POST", "sys/unseal", null, "{\"key\":\"" + keys.get(0) + "\"}", null)
                .body();
        JsonNode again = call("POST", "sys/unseal", null, "{\"key\":\"" + keys.get(0) + "\"}", null)
                .body();
        call("PUT", "sys/unseal", null, "{\"key\":\"" + keys.get(3) + "\"}", null);
        JsonNode done = call("PUT", "sys/unseal", null, "{\"key\":\"" + keys.get(4) + "\"}", null)
                .body();

        assertThat(first.get("sealed").asBoolean()).isTrue();
        assertThat(first.get("progress").asInt()).isEqualTo(1);
        assertThat(again.get("progress").asInt()).isEqualTo(1);
        assertThat(done.get("sealed").asBoolean()).isFalse();
        assertThat(done.get("progress").asInt()).isZero();
        assertThat(done.has("cluster_name")).isTrue();
    }

    @Test
    void wrongShareFailsAtTheThresholdWith400AndResetsProgress() throws Exception {
        vault.seal();
        var keys = vault.keysBase64();
        String wrong = Base64.getEncoder().encodeToString(new byte[33]);

        call("POST", "sys/unseal", null, "{\"key\":\"" + keys.get(0) + "\"}", null);
        Got mid = call("POST", "sys/unseal", null, "{\"key\":\"" + wrong + "\"}", null);
        Got end = call("POST", "sys/unseal", null, "{\"key\":\"" + keys.get(1) + "\"}", null);
        Got bad = call("POST", "sys/unseal", null, "{\"key\":\"not base64 at all!\"}", null);

        assertThat(mid.status()).isEqualTo(200);
        assertThat(end.status()).isEqualTo(400);
        assertThat(end.body().get("errors").get(0).asText()).isEqualTo("Unseal failed, invalid key");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(call("GET", "sys/seal-status", null, null, null)
                        .body()
                        .get("progress")
                        .asInt())
                .isZero();
    }

    @Test
    void healthAnswersWithTheDocumentedStatusCodes() throws Exception {
        Got active = call("GET", "sys/health", null, null, null);
        vault.seal();
        Got sealed = call("GET", "sys/health", null, null, null);
        vault.uninitialized();
        Got uninit = call("GET", "sys/health", null, null, null);

        assertThat(active.status()).isEqualTo(200);
        assertThat(active.body().fieldNames())
                .toIterable()
                .contains(
                        "initialized",
                        "sealed",
                        "standby",
                        "performance_standby",
                        "replication_performance_mode",
                        "replication_dr_mode",
                        "server_time_utc",
                        "version");
        assertThat(sealed.status()).isEqualTo(503);
        assertThat(uninit.status()).isEqualTo(501);
    }

    @Test
    void kvV2ReadWriteListAndPatchHaveTheDocumentedShapes() throws Exception {
        String t = vault.rootToken();
        Got write = call(
                "POST",
                "secret/data/mysql",
                t,
                "{\"options\":{\"cas\":0},\"data\":{\"user\":\"dev\"," + "\"tls_enabled\":\"true\"}}",
                null);
        Got casMismatch = call("POST", "secret/data/mysql", t, "{\"options\":{\"cas\":0},\"data\":{}}", null);
        Got patch = call(
                "PATCH",
                "secret/data/mysql",
                t,
                "{\"data\":{\"tls_enabled\":\"false\"}}",
                "application/merge-patch+json");
        Got read = call("GET", "secret/data/mysql", t, null, null);
        Got v1 = call("GET", "secret/data/mysql?version=1", t, null, null);
        Got list = call("LIST", "secret/metadata/", t, null, null);
        Got missing = call("GET", "secret/data/nope", t, null, null);

        assertThat(write.body().get("data").fieldNames())
                .toIterable()
                .contains("created_time", "custom_metadata", "deletion_time", "destroyed", "version");
        assertThat(casMismatch.status()).isEqualTo(400);
        assertThat(casMismatch.body().get("errors").get(0).asText()).contains("check-and-set");
        assertThat(patch.body().get("data").get("version").asInt()).isEqualTo(2);
        assertThat(read.body().get("data").get("data").get("user").asText()).isEqualTo("dev");
        assertThat(read.body().get("data").get("data").get("tls_enabled").asText())
                .isEqualTo("false");
        assertThat(read.body().get("data").get("metadata").get("version").asInt())
                .isEqualTo(2);
        assertThat(v1.body().get("data").get("data").get("tls_enabled").asText())
                .isEqualTo("true");
        assertThat(list.body().get("data").get("keys").get(0).asText()).isEqualTo("mysql");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.body().get("errors")).isEmpty();
    }

    @Test
    void aTokenWithoutAccessGets403PermissionDenied() throws Exception {
        vault.put("secret/mysql", Map.of("password", "pw"));
        String limited = vault.token("secret/data/postgres");

        Got none = call("GET", "secret/data/mysql", null, null, null);
        Got denied = call("GET", "secret/data/mysql", limited, null, null);

        assertThat(none.status()).isEqualTo(403);
        assertThat(denied.status()).isEqualTo(403);
        assertThat(denied.body().get("errors").get(0).asText()).isEqualTo("permission denied");
    }

    @Test
    void sysAuthAndPoliciesListAndDelete() throws Exception {
        String t = vault.rootToken();
        vault.appRole("postgres", "rid", "sid", Instant.now(), Duration.ofDays(30));

        JsonNode auth = call("GET", "sys/auth", t, null, null).body();
        JsonNode pol = call("LIST", "sys/policies/acl", t, null, null).body();
        int disable = call("DELETE", "sys/auth/approle", t, null, null).status();
        int delete = call("DELETE", "sys/policies/acl/postgres-policy", t, null, null)
                .status();

        assertThat(auth.get("data").get("approle/").get("type").asText()).isEqualTo("approle");
        assertThat(auth.get("data").get("token/").fieldNames())
                .toIterable()
                .contains("accessor", "description", "type", "local", "seal_wrap");
        assertThat(pol.get("data").get("keys")).extracting(JsonNode::asText).contains("postgres-policy");
        assertThat(disable).isEqualTo(204);
        assertThat(delete).isEqualTo(204);
        assertThat(vault.authMounts()).doesNotContain("approle");
    }

    @Test
    void appRoleRoleIdSecretIdLookupAndLogin() throws Exception {
        String t = vault.rootToken();
        vault.appRole("postgres", "rid", "sid", Instant.parse("2026-01-01T00:00:00Z"), Duration.ofDays(30));

        JsonNode roleId =
                call("GET", "auth/approle/role/postgres/role-id", t, null, null).body();
        JsonNode lookup = call(
                        "POST", "auth/approle/role/postgres/secret-id/lookup", t, "{\"secret_id\":\"sid\"}", null)
                .body();
        JsonNode login = call("POST", "auth/approle/login", null, "{\"role_id\":\"rid\",\"secret_id\":\"sid\"}", null)
                .body();
        Got badLogin = call("POST", "auth/approle/login", null, "{\"role_id\":\"rid\",\"secret_id\":\"x\"}", null);

        assertThat(roleId.get("data").get("role_id").asText()).isEqualTo("rid");
        assertThat(lookup.get("data").fieldNames())
                .toIterable()
                .contains(
                        "cidr_list",
                        "creation_time",
                        "expiration_time",
                        "last_updated_time",
                        "metadata",
                        "secret_id_accessor",
                        "secret_id_num_uses",
                        "secret_id_ttl",
                        "token_bound_cidrs");
        assertThat(lookup.get("data").get("secret_id_ttl").asLong())
                .isEqualTo(Duration.ofDays(30).toSeconds());
        assertThat(login.get("auth").fieldNames())
                .toIterable()
                .contains(
                        "client_token",
                        "accessor",
                        "policies",
                        "token_policies",
                        "metadata",
                        "lease_duration",
                        "renewable");
        assertThat(badLogin.status()).isEqualTo(400);
    }

    @Test
    void capabilitiesSelfAnswersPerPathAndTheSinglePathField() throws Exception {
        String limited = vault.token("secret/data/postgres");

        JsonNode root = call(
                        "POST", "sys/capabilities-self", vault.rootToken(), "{\"paths\":[\"sys/auth/approle\"]}", null)
                .body();
        JsonNode two = call(
                        "POST",
                        "sys/capabilities-self",
                        limited,
                        "{\"paths\":[\"secret/data/postgres\",\"sys/auth/approle\"]}",
                        null)
                .body();
        int stranger = call("POST", "sys/capabilities-self", "hvs.unknown", "{\"paths\":[\"secret/data/x\"]}", null)
                .status();

        assertThat(root.get("capabilities")).extracting(JsonNode::asText).containsExactly("root");
        assertThat(root.get("sys/auth/approle")).extracting(JsonNode::asText).containsExactly("root");
        assertThat(two.get("secret/data/postgres")).extracting(JsonNode::asText).contains("create", "update");
        assertThat(two.get("sys/auth/approle")).extracting(JsonNode::asText).containsExactly("deny");
        assertThat(two.has("capabilities")).isFalse();
        assertThat(two.get("data").get("sys/auth/approle"))
                .extracting(JsonNode::asText)
                .containsExactly("deny");
        assertThat(stranger).isEqualTo(403);
    }

    @Test
    void kvDeleteSoftDeletesTheLatestVersionWhichListStillShows() throws Exception {
        String t = vault.rootToken();
        vault.put("secret/forgejo", Map.of("admin_password", "pw"));

        int deleted = call("DELETE", "secret/data/forgejo", t, null, null).status();
        Got read = call("GET", "secret/data/forgejo", t, null, null);
        JsonNode list = call("LIST", "secret/metadata/", t, null, null).body();
        call("POST", "secret/data/forgejo", t, "{\"data\":{\"admin_password\":\"pw2\"}}", null);
        JsonNode again = call("GET", "secret/data/forgejo", t, null, null).body();

        assertThat(deleted).isEqualTo(204);
        assertThat(read.status()).isEqualTo(404);
        assertThat(read.body().get("data").get("data").isNull()).isTrue();
        assertThat(read.body().get("data").get("metadata").get("deletion_time").asText())
                .isNotEmpty();
        assertThat(list.get("data").get("keys")).extracting(JsonNode::asText).contains("forgejo");
        assertThat(again.get("data").get("metadata").get("version").asInt()).isEqualTo(2);
        assertThat(again.get("data").get("data").get("admin_password").asText()).isEqualTo("pw2");
    }
}
