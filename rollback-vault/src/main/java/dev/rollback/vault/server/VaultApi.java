package dev.rollback.vault.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rollback.io.Sha256;
import java.io.IOException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The server's Vault: routes a request to its endpoint, holds the seal (sealed or not, the unseal progress, which
 * is never stored) and the {@link VaultState}, and saves the state after each request that changed it. The seal,
 * init and health endpoints are here; the other {@code sys/} ones in {@link SysApi}; KV v2, AppRole and tokens in
 * {@link KvV2Api}, {@link AppRoleApi} and {@link TokenApi}. Its methods are synchronized: one request at a time.
 *
 * <p>{@code Reply r = api.handle("GET", "sys/health", Map.of(), body, null, null);}
 */
final class VaultApi {
    static final String VERSION = "1.15.2";
    private static final String CLUSTER_NAME = "vault-cluster-336172e1";
    private static final String CLUSTER_ID = "f94053ad-d80e-4270-2006-2efd67d0910a";
    final SecureRandom random = new SecureRandom();
    private final StateFile file;
    private final Consumer<String> events;
    private final Consumer<VaultState.InitKeys> issued;
    private final List<String> submitted = new ArrayList<>();
    VaultState state;
    boolean sealed;
    int unsealCalls;

    /**
     * @param state the state to serve
     * @param file where to save it after a change, {@code null} to keep it in memory only
     * @param events told one line per change of the seal state ({@code unsealed}); never a key or token
     * @param issued given the keys {@code sys/init} hands out (the in-memory server keeps them for its tests)
     */
    VaultApi(VaultState state, StateFile file, Consumer<String> events, Consumer<VaultState.InitKeys> issued) {
        this.state = state;
        this.file = file;
        this.events = events;
        this.issued = issued;
        this.sealed = true;
    }

    synchronized Reply handle(
            String method, String path, Map<String, String> query, JsonNode body, String token, String contentType) {
        Reply r = route(method, path, query, body, token, contentType);
        try {
            save();
        } catch (IOException e) {
            return Reply.error(500, "failed to persist the state: " + e.getMessage());
        }
        return r;
    }

    /** Writes the state if it changed since it was last written. */
    synchronized void save() throws IOException {
        if (state.takeModified() && file != null) {
            try {
                file.save(state);
            } catch (IOException e) {
                state.modified();
                throw e;
            }
        }
    }

    synchronized void seal() {
        submitted.clear();
        if (!sealed) {
            sealed = true;
            events.accept("sealed");
        }
    }

    synchronized void unsealForTests() {
        submitted.clear();
        sealed = false;
    }

    private Reply route(
            String method, String path, Map<String, String> query, JsonNode body, String token, String type) {
        switch (path) {
            case "sys/seal-status":
                return new Reply(200, sealStatus());
            case "sys/unseal":
                return unseal(body);
            case "sys/health":
                return health();
            case "sys/init":
                return method.equals("GET")
                        ? new Reply(200, VaultApiServer.JSON.createObjectNode().put("initialized", state.initialized))
                        : init(body);
            default:
                break;
        }
        if (sealed) {
            return Reply.error(503, "Vault is sealed");
        }
        if (path.equals("auth/approle/login")) {
            return AppRoleApi.login(state, body, random);
        }
        VaultState.Token grants = state.token(token);
        if (path.equals("sys/capabilities-self") && (method.equals("POST") || method.equals("PUT"))) {
            return SysApi.capabilities(grants, body);
        }
        if (grants == null || !grants.allows(path)) {
            return Reply.error(403, "permission denied");
        }
        if (path.startsWith("secret/")) {
            return KvV2Api.route(state, method, path, query, body, type);
        }
        if (path.startsWith("auth/approle/role/")) {
            return AppRoleApi.route(state, method, path.substring("auth/approle/role/".length()), body, random);
        }
        if (path.equals("auth/token/create") && (method.equals("POST") || method.equals("PUT"))) {
            return TokenApi.create(state, grants, body, random);
        }
        if (path.equals("sys/seal") && (method.equals("PUT") || method.equals("POST"))) {
            seal();
            return Reply.noContent();
        }
        return SysApi.route(state, method, path, body);
    }

    /** {@code sys/init}: once, with Vault's checks of the seal configuration; the Vault stays sealed. */
    private Reply init(JsonNode body) {
        if (state.initialized) {
            return Reply.error(400, "Vault is already initialized");
        }
        if (body.has("pgp_keys") || body.has("root_token_pgp_key") || body.has("recovery_shares")) {
            return Reply.error(400, "this server supports Shamir shares without PGP keys or recovery keys only");
        }
        int shares = body.path("secret_shares").asInt(0);
        int threshold = body.path("secret_threshold").asInt(0);
        String invalid = shares < 1
                ? "shares must be at least one"
                : threshold < 1
                        ? "threshold must be at least one"
                        : shares > 1 && threshold == 1
                                ? "threshold must be greater than one for multiple shares"
                                : shares > 255
                                        ? "shares must be less than 256"
                                        : threshold > shares ? "threshold cannot be larger than shares" : null;
        if (invalid != null) {
            return Reply.error(400, "invalid seal configuration: " + invalid);
        }
        VaultState fresh = VaultState.empty();
        VaultState.InitKeys keys = fresh.initialize(shares, threshold, random);
        VaultState before = state;
        state = fresh;
        try {
            save();
        } catch (IOException e) {
            state = before;
            return Reply.error(500, "failed to persist the state: " + e.getMessage());
        }
        sealed = true;
        submitted.clear();
        issued.accept(keys);
        events.accept("initialized with " + shares + " key shares and a key threshold of " + threshold + ": sealed");
        ObjectNode o = VaultApiServer.JSON.createObjectNode();
        keys.hex().forEach(o.putArray("keys")::add);
        keys.base64().forEach(o.putArray("keys_base64")::add);
        o.put("root_token", keys.rootToken());
        return new Reply(200, o);
    }

    ObjectNode sealStatus() {
        ObjectNode o = VaultApiServer.JSON
                .createObjectNode()
                .put("type", "shamir")
                .put("initialized", state.initialized)
                .put("sealed", sealed)
                .put("t", state.threshold)
                .put("n", state.shares)
                .put("progress", submitted.size())
                .put("nonce", "")
                .put("version", VERSION)
                .put("build_date", "2023-11-06T11:33:28Z")
                .put("migration", false)
                .put("recovery_seal", false)
                .put("storage_type", "file");
        if (!sealed) {
            o.put("cluster_name", CLUSTER_NAME).put("cluster_id", CLUSTER_ID);
        }
        return o;
    }

    /**
     * {@code sys/unseal}: {@code threshold} distinct shares unseal; a wrong one is found only when the threshold is
     * reached, answered 400 "Unseal failed, invalid key" and the progress reset, as Vault does.
     */
    private Reply unseal(JsonNode body) {
        if (body.path("reset").asBoolean(false)) {
            submitted.clear();
            return new Reply(200, sealStatus());
        }
        String key = body.path("key").asText("");
        if (key.isEmpty()) {
            return Reply.error(400, "'key' must be specified in request body as JSON, or 'reset' set to true");
        }
        unsealCalls++;
        if (!state.initialized) {
            return Reply.error(400, "Vault is not initialized");
        }
        if (!sealed) {
            return new Reply(200, sealStatus());
        }
        byte[] share = decode(key);
        if (share == null) {
            return Reply.error(400, "'key' must be a valid hex or base64 string");
        }
        String hash = Sha256.of(share);
        if (!submitted.contains(hash)) {
            submitted.add(hash);
        }
        if (submitted.size() >= state.threshold) {
            boolean valid = submitted.stream().allMatch(state.shareHashes::contains);
            submitted.clear();
            if (!valid) {
                return Reply.error(400, "Unseal failed, invalid key");
            }
            sealed = false;
            events.accept("unsealed");
        }
        return new Reply(200, sealStatus());
    }

    private static byte[] decode(String key) {
        try {
            return HexFormat.of().parseHex(key);
        } catch (IllegalArgumentException e) {
            try {
                return Base64.getDecoder().decode(key);
            } catch (IllegalArgumentException e2) {
                return null;
            }
        }
    }

    /** {@code sys/health}: 200 active, 503 sealed, 501 not initialized, as Vault's defaults. */
    private Reply health() {
        int code = !state.initialized ? 501 : sealed ? 503 : 200;
        ObjectNode o = VaultApiServer.JSON
                .createObjectNode()
                .put("initialized", state.initialized)
                .put("sealed", sealed)
                .put("standby", false)
                .put("performance_standby", false)
                .put("replication_performance_mode", "disabled")
                .put("replication_dr_mode", "disabled")
                .put("server_time_utc", Instant.now().getEpochSecond())
                .put("version", VERSION);
        if (!sealed) {
            o.put("cluster_name", CLUSTER_NAME).put("cluster_id", CLUSTER_ID);
        }
        return new Reply(code, o);
    }
}
