package dev.rollback.validation.devstack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rollback.errors.RollbackException;
import dev.rollback.io.SecureFiles;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Sets up the sandbox's Vault over its HTTP API, as DevStack Core's {@code vault-init} does: initialise it (5 shares,
 * threshold 3), keep {@code keys.json} and {@code root-token} in the key directory (0600), unseal it, write every
 * service's secret, and give each service an AppRole whose {@code role-id} and {@code secret-id} go to
 * {@code approles/<service>/} (with an empty {@code certs/<service>/} beside: no certificate is issued). Tokens and
 * keys travel in headers and bodies only, never in a process argument or a message.
 *
 * <p>{@code String token = new SandboxVault(address).initialise(keyDir, secrets);}
 */
final class SandboxVault {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> APPROLES =
            List.of("postgres", "mysql", "mongodb", "redis", "rabbitmq", "pgbouncer");
    private final String address;
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .build();
    private String token = "";

    SandboxVault(String address) {
        this.address = address;
    }

    /** Calls made with this token from now on. */
    SandboxVault withToken(String value) {
        this.token = value;
        return this;
    }

    /** Waits until the API answers (any HTTP status) or {@code timeout} passes. */
    void awaitApi(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                call("GET", "sys/seal-status", null);
                return;
            } catch (RollbackException e) {
                if (System.nanoTime() - deadline > 0) {
                    throw new RollbackException(
                            "the sandbox's Vault at " + address + " did not answer within " + timeout.toSeconds()
                                    + " s: " + e.getMessage() + "; see its log: docker logs <prefix>-vault",
                            e);
                }
                sleep(100);
            }
        }
    }

    /** Whether Vault says it is sealed. */
    boolean sealed() {
        return call("GET", "sys/seal-status", null).path("sealed").asBoolean(true);
    }

    /** Initialises Vault and writes the key directory; returns the root token (kept for the next calls). */
    String initialise(Path keyDir) {
        ObjectNode body = JSON.createObjectNode().put("secret_shares", 5).put("secret_threshold", 3);
        JsonNode init = call("PUT", "sys/init", body);
        token = init.path("root_token").asText();
        ObjectNode keys = JSON.createObjectNode();
        keys.set("unseal_keys_b64", init.path("keys_base64"));
        keys.set("unseal_keys_hex", init.path("keys"));
        keys.put("unseal_shares", 5).put("unseal_threshold", 3);
        keys.set("recovery_keys_b64", JSON.createArrayNode());
        keys.set("recovery_keys_hex", JSON.createArrayNode());
        keys.put("root_token", token);
        try {
            SecureFiles.createPrivateDirectories(keyDir);
            secret(keyDir.resolve("keys.json"), keys.toString() + "\n");
            secret(keyDir.resolve("root-token"), token + "\n");
            for (String f : List.of("ca-chain.pem", "root-ca.pem", "full-chain.pem")) {
                secret(
                        keyDir.resolve("ca").resolve(f),
                        "-----BEGIN CERTIFICATE-----\nsandbox CA of " + address + "\n-----END CERTIFICATE-----\n");
            }
        } catch (IOException e) {
            throw new RollbackException(
                    "cannot write the sandbox's key directory " + keyDir + ": " + e.getMessage(), e);
        }
        return token;
    }

    /** Unseals Vault with the first {@code threshold} keys of {@code keys.json}. */
    void unseal(Path keyDir) {
        JsonNode keys;
        try {
            keys = JSON.readTree(Files.readString(keyDir.resolve("keys.json"), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new RollbackException("cannot read " + keyDir.resolve("keys.json") + ": " + e.getMessage(), e);
        }
        for (int i = 0; i < keys.path("unseal_threshold").asInt(3); i++) {
            call(
                    "PUT",
                    "sys/unseal",
                    JSON.createObjectNode()
                            .put("key", keys.path("unseal_keys_b64").get(i).asText()));
        }
        if (sealed()) {
            throw new RollbackException("the sandbox's Vault stays sealed after its keys were given");
        }
    }

    /** Writes every secret ({@code secret/<path>}, KV v2). */
    void writeSecrets(Map<String, Map<String, String>> secrets) {
        secrets.forEach(this::put);
    }

    /** Writes one secret as a new version. */
    void put(String path, Map<String, String> fields) {
        ObjectNode body = JSON.createObjectNode();
        body.set("data", JSON.valueToTree(fields));
        call("POST", "secret/data/" + path, body);
    }

    /** The latest version of a secret's fields, as Vault holds them. */
    JsonNode read(String path) {
        return call("GET", "secret/data/" + path, null).path("data").path("data");
    }

    /** AppRole auth with a role and policy per service; credentials into {@code approles/<service>/}. */
    void setUpAppRoles(Path keyDir) {
        call("POST", "sys/auth/approle", JSON.createObjectNode().put("type", "approle"));
        for (String service : APPROLES) {
            String policy = "path \"secret/data/" + service + "*\" { capabilities = [\"read\"] }";
            call(
                    "PUT",
                    "sys/policies/acl/" + service + "-policy",
                    JSON.createObjectNode().put("policy", policy));
            ObjectNode role = JSON.createObjectNode();
            role.putArray("token_policies").add(service + "-policy");
            call("POST", "auth/approle/role/" + service, role);
            String roleId = call("GET", "auth/approle/role/" + service + "/role-id", null)
                    .path("data")
                    .path("role_id")
                    .asText();
            String secretId = call("POST", "auth/approle/role/" + service + "/secret-id", JSON.createObjectNode())
                    .path("data")
                    .path("secret_id")
                    .asText();
            try {
                secret(keyDir.resolve("approles").resolve(service).resolve("role-id"), roleId + "\n");
                secret(keyDir.resolve("approles").resolve(service).resolve("secret-id"), secretId + "\n");
                SecureFiles.createPrivateDirectories(keyDir.resolve("certs").resolve(service));
            } catch (IOException e) {
                throw new RollbackException("cannot write the AppRole of " + service + ": " + e.getMessage(), e);
            }
        }
    }

    private JsonNode call(String method, String path, JsonNode body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(address + "/v1/" + path))
                .timeout(Duration.ofSeconds(5))
                .header("X-Vault-Token", token);
        b.method(
                method,
                body == null
                        ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body.toString()));
        HttpResponse<String> r;
        try {
            r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new RollbackException("Vault at " + address + ": " + method + " " + path + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RollbackException("interrupted while calling Vault", e);
        }
        if (r.statusCode() / 100 != 2) {
            List<String> errors = new ArrayList<>();
            try {
                JSON.readTree(r.body()).path("errors").forEach(e -> errors.add(e.asText()));
            } catch (IOException ignored) {
                // not JSON: the status says enough
            }
            throw new RollbackException(
                    "Vault at " + address + ": " + method + " " + path + " answered " + r.statusCode() + " " + errors);
        }
        try {
            return r.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(r.body());
        } catch (IOException e) {
            throw new RollbackException("Vault at " + address + ": " + method + " " + path + " gave no JSON", e);
        }
    }

    private static void secret(Path file, String text) throws IOException {
        SecureFiles.writePrivate(file, text);
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RollbackException("interrupted", e);
        }
    }
}
