package dev.rollback.vault;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A stand-in for a real Vault in tests: exactly the HTTP endpoints rollback-vault calls, with the request and
 * response bodies of Vault's API documentation (developer.hashicorp.com/vault/api-docs: system/seal-status,
 * system/unseal, system/health, secret/kv/kv-v2, system/auth, system/policies, auth/approle), pinned by
 * {@code VaultTestServerContractTest}. Shamir-like seal: {@code threshold} distinct shares of the ones issued unseal
 * it; a wrong share is only detected when the threshold is reached, answered 400 "Unseal failed, invalid key" and
 * the progress reset, as Vault does. Tokens are checked ({@code X-Vault-Token}); a token without access gets 403
 * {@code {"errors":["permission denied"]}}. Not a real Vault: no storage, no real Shamir or cryptography, one mount
 * ({@code secret/}, KV v2), one AppRole mount.
 *
 * <p>{@code try (VaultTestServer vault = VaultTestServer.start()) { vault.put("secret/mysql", Map.of("tls_enabled", "true")); }}
 */
public final class VaultTestServer implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();
    private final HttpServer http;
    private final List<byte[]> shares = new ArrayList<>();
    private final int threshold;
    private final String rootToken = "hvs." + random(18);
    private final Map<String, Set<String>> tokens = new LinkedHashMap<>();
    private final List<byte[]> submitted = new ArrayList<>();
    private final Map<String, List<Version>> kv = new TreeMap<>();
    private final Map<String, String> authMounts = new LinkedHashMap<>(Map.of("token", "token"));
    private final Set<String> policies = new TreeSet<>(Set.of("default", "root"));
    private final Map<String, AppRole> roles = new LinkedHashMap<>();
    private final AtomicInteger unsealCalls = new AtomicInteger();
    private boolean sealed;
    private boolean initialized = true;

    private record Version(Map<String, JsonNode> data, Instant created, Instant[] deleted) {
        Version(Map<String, JsonNode> data, Instant created) {
            this(data, created, new Instant[1]);
        }

        boolean isDeleted() {
            return deleted[0] != null;
        }
    }

    private record AppRole(String roleId, String secretId, Instant created, Duration ttl) {
    }

    private VaultTestServer(int shareCount, int threshold) throws IOException {
        this.threshold = threshold;
        for (int i = 0; i < shareCount; i++) {
            byte[] s = new byte[33];
            RANDOM.nextBytes(s);
            shares.add(s);
        }
        http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        http.createContext("/v1/", this::handle);
        http.start();
    }

    /** DevStack Core's setup: 5 shares, threshold 3, unsealed. */
    public static VaultTestServer start() {
        try {
            return new VaultTestServer(5, 3);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public String address() {
        return "http://127.0.0.1:" + http.getAddress().getPort();
    }

    public String rootToken() {
        return rootToken;
    }

    public int threshold() {
        return threshold;
    }

    /** The unseal shares as {@code unseal_keys_b64}. */
    public List<String> keysBase64() {
        return shares.stream().map(s -> Base64.getEncoder().encodeToString(s)).toList();
    }

    /** A {@code keys.json} as {@code sys/init} answers and DevStack Core stores it. */
    public String keysJson() {
        ObjectNode o = JSON.createObjectNode();
        o.putPOJO("unseal_keys_b64", keysBase64());
        o.putPOJO("unseal_keys_hex", shares.stream().map(s -> HexFormat.of().formatHex(s)).toList());
        o.put("unseal_shares", shares.size());
        o.put("unseal_threshold", threshold);
        o.put("root_token", rootToken);
        return o.toString();
    }

    public synchronized VaultTestServer seal() {
        sealed = true;
        submitted.clear();
        return this;
    }

    public synchronized VaultTestServer uninitialized() {
        initialized = false;
        sealed = true;
        return this;
    }

    public synchronized boolean sealed() {
        return sealed;
    }

    /** How many times {@code sys/unseal} was called with a key. */
    public int unsealCalls() {
        return unsealCalls.get();
    }

    /** A token allowed only under the given path prefixes ({@code secret/data/mysql}). */
    public synchronized String token(String... allowedPrefixes) {
        String t = "hvs." + random(18);
        tokens.put(t, new LinkedHashSet<>(List.of(allowedPrefixes)));
        return t;
    }

    /** Writes a new version of a KV v2 secret ({@code secret/mysql}). */
    public synchronized VaultTestServer put(String path, Map<String, ?> data) {
        Map<String, JsonNode> d = new LinkedHashMap<>();
        data.forEach((k, v) -> d.put(k, JSON.valueToTree(v)));
        kv.computeIfAbsent(kvKey(path), k -> new ArrayList<>()).add(new Version(d, Instant.now()));
        return this;
    }

    /** The latest data of a secret, JSON values as they are stored. */
    public synchronized Map<String, JsonNode> get(String path) {
        List<Version> v = kv.get(kvKey(path));
        return v == null ? Map.of() : v.get(v.size() - 1).data();
    }

    /** Whether the latest version of a secret is soft-deleted ({@code DELETE secret/data/<path>}). */
    public synchronized boolean deleted(String path) {
        List<Version> v = kv.get(kvKey(path));
        return v != null && v.get(v.size() - 1).isDeleted();
    }

    /** Every secret path ({@code secret/mysql}), sorted, deleted ones included (as KV v2 lists them). */
    public synchronized List<String> paths() {
        return kv.keySet().stream().map(k -> "secret/" + k).toList();
    }

    public synchronized int versions(String path) {
        return kv.getOrDefault(kvKey(path), List.of()).size();
    }

    /** Enables AppRole (if needed) with a role, its policy {@code <role>-policy} and a secret-id of the given TTL. */
    public synchronized VaultTestServer appRole(String role, String roleId, String secretId, Instant created,
                                                Duration ttl) {
        authMounts.put("approle", "approle");
        policies.add(role + "-policy");
        roles.put(role, new AppRole(roleId, secretId, created, ttl));
        return this;
    }

    public synchronized Set<String> authMounts() {
        return Set.copyOf(authMounts.keySet());
    }

    public synchronized Set<String> policies() {
        return Set.copyOf(policies);
    }

    private static String kvKey(String path) {
        return path.replaceFirst("^secret/", "");
    }

    private static String random(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String path = ex.getRequestURI().getPath().substring("/v1/".length());
            String query = ex.getRequestURI().getQuery() == null ? "" : ex.getRequestURI().getQuery();
            String method = ex.getRequestMethod();
            if ("GET".equals(method) && query.contains("list=true")) {
                method = "LIST";
            }
            byte[] in = ex.getRequestBody().readAllBytes();
            JsonNode body = in.length == 0 ? JSON.createObjectNode() : JSON.readTree(in);
            Reply r;
            synchronized (this) {
                r = route(method, path, query, body, ex.getRequestHeaders().getFirst("X-Vault-Token"),
                        ex.getRequestHeaders().getFirst("Content-Type"));
            }
            byte[] out = r.body == null ? new byte[0] : r.body.toString().getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", "application/json");
            ex.sendResponseHeaders(r.status, out.length == 0 ? -1 : out.length);
            if (out.length > 0) {
                ex.getResponseBody().write(out);
            }
        }
    }

    private record Reply(int status, JsonNode body) {
    }

    private Reply route(String method, String path, String query, JsonNode body, String token, String type) {
        switch (path) {
            case "sys/seal-status":
                return new Reply(200, sealStatus());
            case "sys/unseal":
                return unseal(body);
            case "sys/health":
                return health();
            default:
                break;
        }
        if (sealed) {
            return error(503, "Vault is sealed");
        }
        if (path.equals("auth/approle/login")) {
            return login(body);
        }
        if (path.equals("sys/capabilities-self") && (method.equals("POST") || method.equals("PUT"))) {
            return capabilities(token, body);
        }
        if (!allowed(token, path)) {
            return error(403, "permission denied");
        }
        if (path.startsWith("secret/")) {
            return kvRoute(method, path, query, body, type);
        }
        if (path.equals("sys/auth") && method.equals("GET")) {
            ObjectNode data = JSON.createObjectNode();
            authMounts.forEach((p, t) -> data.set(p + "/", JSON.createObjectNode().put("accessor", "auth_" + t + "_"
                    + Integer.toHexString(p.hashCode())).put("description", t.equals("token")
                    ? "token based credentials" : "").put("type", t).put("local", false).put("seal_wrap", false)));
            return ok(data);
        }
        if (path.startsWith("sys/auth/") && method.equals("DELETE")) {
            authMounts.remove(path.substring("sys/auth/".length()));
            return new Reply(204, null);
        }
        if (path.equals("sys/policies/acl") && method.equals("LIST")) {
            ArrayNode keys = JSON.createArrayNode();
            policies.stream().filter(p -> !p.equals("root")).forEach(keys::add);
            ObjectNode data = JSON.createObjectNode();
            data.set("keys", keys);
            return ok(data);
        }
        if (path.startsWith("sys/policies/acl/") && method.equals("DELETE")) {
            String name = path.substring("sys/policies/acl/".length());
            if (name.equals("root") || name.equals("default")) {
                return error(400, "cannot delete " + name + " policy");
            }
            policies.remove(name);
            return new Reply(204, null);
        }
        if (path.startsWith("auth/approle/role/")) {
            return appRoleRoute(method, path.substring("auth/approle/role/".length()), body);
        }
        return error(404, "no handler for route \"" + path + "\"");
    }

    /**
     * {@code sys/capabilities-self}: per path the token's capabilities, at the top level as the API documentation
     * shows and under {@code data} as Vault's responses also carry them; {@code capabilities} too for one path.
     * The root token has {@code root}; a token of {@link #token} has create, delete, list, read, update where a
     * prefix matches, else {@code deny}.
     */
    private Reply capabilities(String token, JsonNode body) {
        if (token == null || !token.equals(rootToken) && !tokens.containsKey(token)) {
            return error(403, "permission denied");
        }
        if (!body.path("paths").isArray() || body.path("paths").isEmpty()) {
            return error(400, "missing required parameter paths");
        }
        ObjectNode data = JSON.createObjectNode();
        for (JsonNode p : body.path("paths")) {
            List<String> caps = token.equals(rootToken) ? List.of("root")
                    : allowed(token, p.asText()) ? List.of("create", "delete", "list", "read", "update")
                    : List.of("deny");
            data.set(p.asText(), JSON.valueToTree(caps));
        }
        if (body.path("paths").size() == 1) {
            data.set("capabilities", data.get(body.path("paths").get(0).asText()));
        }
        ObjectNode o = envelope();
        o.set("data", data);
        data.fields().forEachRemaining(f -> o.set(f.getKey(), f.getValue()));
        return new Reply(200, o);
    }

    private boolean allowed(String token, String path) {
        if (token == null) {
            return false;
        }
        if (token.equals(rootToken)) {
            return true;
        }
        return tokens.getOrDefault(token, Set.of()).stream().anyMatch(path::startsWith);
    }

    private ObjectNode sealStatus() {
        ObjectNode o = JSON.createObjectNode().put("type", "shamir").put("initialized", initialized)
                .put("sealed", sealed).put("t", threshold).put("n", shares.size()).put("progress", submitted.size())
                .put("nonce", "").put("version", "1.15.2").put("build_date", "2023-11-06T11:33:28Z")
                .put("migration", false).put("recovery_seal", false).put("storage_type", "file");
        if (!sealed) {
            o.put("cluster_name", "vault-cluster-336172e1").put("cluster_id", "f94053ad-d80e-4270-2006-2efd67d0910a");
        }
        return o;
    }

    private Reply unseal(JsonNode body) {
        if (body.path("reset").asBoolean(false)) {
            submitted.clear();
            return new Reply(200, sealStatus());
        }
        String key = body.path("key").asText("");
        if (key.isEmpty()) {
            return error(400, "'key' must be specified in request body as JSON, or 'reset' set to true");
        }
        unsealCalls.incrementAndGet();
        if (!sealed) {
            return new Reply(200, sealStatus());
        }
        byte[] share = decode(key);
        if (share == null) {
            return error(400, "'key' must be a valid hex or base64 string");
        }
        if (submitted.stream().noneMatch(s -> java.util.Arrays.equals(s, share))) {
            submitted.add(share);
        }
        if (submitted.size() >= threshold) {
            boolean valid = submitted.stream().allMatch(s -> shares.stream().anyMatch(x -> java.util.Arrays.equals(x, s)));
            submitted.clear();
            if (!valid) {
                return error(400, "Unseal failed, invalid key");
            }
            sealed = false;
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

    private Reply health() {
        int code = !initialized ? 501 : sealed ? 503 : 200;
        ObjectNode o = JSON.createObjectNode().put("initialized", initialized).put("sealed", sealed)
                .put("standby", false).put("performance_standby", false)
                .put("replication_performance_mode", "disabled").put("replication_dr_mode", "disabled")
                .put("server_time_utc", Instant.now().getEpochSecond()).put("version", "1.15.2");
        if (!sealed) {
            o.put("cluster_name", "vault-cluster-336172e1").put("cluster_id", "f94053ad-d80e-4270-2006-2efd67d0910a");
        }
        return new Reply(code, o);
    }

    private Reply kvRoute(String method, String path, String query, JsonNode body, String type) {
        String rest = path.substring("secret/".length());
        if (rest.startsWith("metadata/") && method.equals("LIST")) {
            String prefix = rest.substring("metadata/".length());
            Set<String> keys = new TreeSet<>();
            kv.keySet().stream().filter(k -> k.startsWith(prefix)).forEach(k -> {
                String tail = k.substring(prefix.length());
                keys.add(tail.contains("/") ? tail.substring(0, tail.indexOf('/') + 1) : tail);
            });
            if (keys.isEmpty()) {
                return new Reply(404, JSON.createObjectNode().set("errors", JSON.createArrayNode()));
            }
            ObjectNode data = JSON.createObjectNode();
            data.set("keys", JSON.valueToTree(keys));
            return ok(data);
        }
        if (!rest.startsWith("data/")) {
            return error(404, "no handler for route \"" + path + "\"");
        }
        String key = rest.substring("data/".length());
        List<Version> versions = kv.get(key);
        switch (method) {
            case "GET": {
                if (versions == null) {
                    return new Reply(404, JSON.createObjectNode().set("errors", JSON.createArrayNode()));
                }
                int n = versions.size();
                if (query.startsWith("version=") && !query.equals("version=0")) {
                    n = Integer.parseInt(query.substring("version=".length()));
                }
                Version v = versions.get(n - 1);
                ObjectNode data = JSON.createObjectNode();
                data.set("data", v.isDeleted() ? JSON.nullNode() : JSON.valueToTree(v.data()));
                data.set("metadata", versionMetadata(v, n));
                Reply r = ok(data);
                return v.isDeleted() ? new Reply(404, r.body) : r;
            }
            case "DELETE": {
                if (versions != null) {
                    Version last = versions.get(versions.size() - 1);
                    if (!last.isDeleted()) {
                        last.deleted()[0] = Instant.now();
                    }
                }
                return new Reply(204, null);
            }
            case "POST":
            case "PUT":
            case "PATCH": {
                int current = versions == null ? 0 : versions.size();
                if (method.equals("PATCH")) {
                    if (!"application/merge-patch+json".equals(type)) {
                        return error(415, "Unsupported Media Type");
                    }
                    if (versions == null) {
                        return new Reply(404, JSON.createObjectNode().set("errors", JSON.createArrayNode()));
                    }
                }
                if (body.path("options").has("cas") && body.path("options").path("cas").asInt() != current) {
                    return error(400, "check-and-set parameter did not match the current version");
                }
                if (!body.path("data").isObject()) {
                    return error(400, "no data provided");
                }
                Map<String, JsonNode> d = new LinkedHashMap<>();
                if (method.equals("PATCH")) {
                    d.putAll(versions.get(current - 1).data());
                }
                body.path("data").fields().forEachRemaining(f -> d.put(f.getKey(), f.getValue()));
                Version v = new Version(d, Instant.now());
                kv.computeIfAbsent(key, k -> new ArrayList<>()).add(v);
                return ok(versionMetadata(v, current + 1));
            }
            default:
                return error(405, "unsupported operation");
        }
    }

    private static ObjectNode versionMetadata(Version v, int n) {
        ObjectNode m = JSON.createObjectNode().put("created_time", v.created().toString());
        m.putNull("custom_metadata");
        return m.put("deletion_time", v.isDeleted() ? v.deleted()[0].toString() : "").put("destroyed", false)
                .put("version", n);
    }

    private Reply appRoleRoute(String method, String rest, JsonNode body) {
        String role = rest.substring(0, rest.indexOf('/') < 0 ? rest.length() : rest.indexOf('/'));
        AppRole r = roles.get(role);
        if (r == null || !authMounts.containsKey("approle")) {
            return error(400, "invalid role name \"" + role + "\"");
        }
        if (rest.endsWith("/role-id") && method.equals("GET")) {
            return ok(JSON.createObjectNode().put("role_id", r.roleId()));
        }
        if (rest.endsWith("/secret-id/lookup") && (method.equals("POST") || method.equals("PUT"))) {
            if (!r.secretId().equals(body.path("secret_id").asText())) {
                return new Reply(204, null);
            }
            ObjectNode d = JSON.createObjectNode();
            d.set("cidr_list", JSON.createArrayNode());
            d.put("creation_time", r.created().toString());
            d.put("expiration_time", r.ttl().isZero() ? "0001-01-01T00:00:00Z" : r.created().plus(r.ttl()).toString());
            d.put("last_updated_time", r.created().toString());
            d.set("metadata", JSON.createObjectNode());
            d.put("secret_id_accessor", UUID.nameUUIDFromBytes(r.secretId().getBytes(StandardCharsets.UTF_8))
                    .toString());
            d.put("secret_id_num_uses", 0).put("secret_id_ttl", r.ttl().toSeconds());
            d.set("token_bound_cidrs", JSON.createArrayNode());
            return ok(d);
        }
        return error(405, "unsupported operation");
    }

    private Reply login(JsonNode body) {
        if (!authMounts.containsKey("approle")) {
            return error(400, "no handler for route \"auth/approle/login\". route entry not found.");
        }
        for (Map.Entry<String, AppRole> e : roles.entrySet()) {
            AppRole r = e.getValue();
            if (r.roleId().equals(body.path("role_id").asText()) && r.secretId().equals(body.path("secret_id").asText())) {
                String t = token("secret/data/" + e.getKey(), "secret/metadata/" + e.getKey());
                ObjectNode auth = JSON.createObjectNode().put("client_token", t).put("accessor", random(12));
                auth.set("policies", JSON.valueToTree(List.of("default", e.getKey() + "-policy")));
                auth.set("token_policies", JSON.valueToTree(List.of("default", e.getKey() + "-policy")));
                auth.set("metadata", JSON.createObjectNode().put("role_name", e.getKey()));
                auth.put("lease_duration", 3600).put("renewable", true);
                ObjectNode o = envelope();
                o.putNull("data");
                o.set("auth", auth);
                return new Reply(200, o);
            }
        }
        return error(400, "invalid role or secret ID");
    }

    private static ObjectNode envelope() {
        ObjectNode o = JSON.createObjectNode().put("request_id", UUID.randomUUID().toString()).put("lease_id", "")
                .put("renewable", false).put("lease_duration", 0);
        o.putNull("wrap_info");
        o.putNull("warnings");
        o.putNull("auth");
        return o;
    }

    private static Reply ok(JsonNode data) {
        ObjectNode o = envelope();
        o.set("data", data);
        return new Reply(200, o);
    }

    private static Reply error(int status, String message) {
        ObjectNode o = JSON.createObjectNode();
        o.set("errors", JSON.createArrayNode().add(message));
        return new Reply(status, o);
    }

    @Override
    public void close() {
        http.stop(0);
    }
}
