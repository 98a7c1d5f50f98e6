package dev.rollback.vault.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The rollback SDK's stand-in for a Vault server: the HTTP endpoints rollback-vault calls and those an environment's
 * runbook uses to set a Vault up, with the request and response bodies of Vault's API documentation
 * (developer.hashicorp.com/vault/api-docs: system/init, system/seal-status, system/unseal, system/seal,
 * system/health, system/auth, system/policies, system/mounts, system/capabilities-self, secret/kv/kv-v2,
 * auth/approle, auth/token), pinned by {@code VaultApiServerContractTest}. Built on the JDK's HTTP server and Jackson
 * only.
 *
 * <p>Two modes. {@link #start()} serves an in-memory Vault on loopback for tests: initialized with 5 shares and a
 * threshold of 3, unsealed, its keys and root token readable through {@link #keysJson()} and {@link #rootToken()}.
 * {@link #open(Path, InetSocketAddress)} serves a Vault kept in {@code <dataDir>/vault-state.json}, as a real one
 * across restarts: not initialized until {@code sys/init}, which hands out the unseal shares and the root token once;
 * sealed after {@code sys/init} and at every start; unsealed by {@code threshold} distinct shares. The state file
 * (mode 0600, written atomically on every change) holds the seal configuration with the SHA-256 of each share, the
 * tokens as SHA-256 with their policies, KV v2 data with its versions, auth mounts, policies and AppRoles (secret-ids
 * as SHA-256). <b>Unlike a real Vault, this server does not encrypt its storage</b> (Vault encrypts it with the root
 * key the shares reconstruct): KV data lies in the file in clear, and the shares only gate the API.
 *
 * <p>Shamir-like seal: a wrong share is only detected when the threshold is reached, answered 400 "Unseal failed,
 * invalid key" and the progress reset, as Vault does. Tokens are checked ({@code X-Vault-Token}); a token without
 * access gets 403 {@code {"errors":["permission denied"]}}. Not a real Vault: no real Shamir or cryptography, one
 * KV v2 mount ({@code secret/}), one AppRole mount, a token's access the path prefixes of its policies' rules
 * (capabilities not told apart), no token or secret-id expiry.
 *
 * <p>{@code try (VaultApiServer vault = VaultApiServer.start()) { vault.put("secret/mysql", Map.of("k", "v")); }}
 */
public final class VaultApiServer implements AutoCloseable {
    /** The mapper the server reads and writes JSON with: {@code JsonNode b = VaultApiServer.JSON.readTree(body);} */
    public static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer http;
    private final VaultApi api;
    private final boolean inMemory;
    private volatile VaultState.InitKeys keys;
    private boolean closed;

    private VaultApiServer(
            VaultState state,
            StateFile file,
            VaultState.InitKeys keys,
            InetSocketAddress listen,
            Consumer<String> events)
            throws IOException {
        this.inMemory = file == null;
        this.keys = keys;
        this.api = new VaultApi(state, file, events, inMemory ? k -> this.keys = k : k -> {});
        http = HttpServer.create(listen, 0);
        http.createContext("/v1/", this::handle);
        http.start();
    }

    /**
     * An in-memory Vault on loopback, as DevStack Core sets one up: 5 shares, threshold 3, unsealed.
     *
     * <p>{@code try (VaultApiServer vault = VaultApiServer.start()) { client = new VaultClient(vault.address()); }}
     */
    public static VaultApiServer start() {
        VaultState state = VaultState.empty();
        VaultState.InitKeys keys = state.initialize(5, 3, new SecureRandom());
        try {
            VaultApiServer server = new VaultApiServer(
                    state, null, keys, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), line -> {});
            server.api.unsealForTests();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A Vault kept in {@code <dataDir>/vault-state.json}, listening on {@code listen}; sealed, or not initialized if
     * the directory holds no state (it is created, mode 0700, if absent).
     *
     * <p>{@code VaultApiServer vault = VaultApiServer.open(Path.of("/vault/data"), new InetSocketAddress(8200));}
     *
     * @throws UnreadableStateException if the state file is there but cannot be read; it is left as it is
     * @throws IOException if the directory cannot be made or read, or the address cannot be bound
     */
    public static VaultApiServer open(Path dataDir, InetSocketAddress listen) throws IOException {
        return open(dataDir, listen, line -> {});
    }

    /**
     * As {@link #open(Path, InetSocketAddress)}, telling {@code events} one line per change of the seal state
     * ({@code unsealed}, {@code sealed}, {@code initialized with 5 key shares and a key threshold of 3: sealed});
     * never a key or a token.
     *
     * <p>{@code VaultApiServer.open(dir, listen, line -> System.out.println("vault: " + line));}
     */
    public static VaultApiServer open(Path dataDir, InetSocketAddress listen, Consumer<String> events)
            throws IOException {
        StateFile file = new StateFile(dataDir);
        return new VaultApiServer(file.load(), file, null, listen, events);
    }

    /**
     * Runs the server until SIGTERM: {@code --listen HOST:PORT} (default {@code 0.0.0.0:8200}), {@code --data DIR}
     * (default {@code /vault/data}). Prints one line on start and one per change of the seal state; exits 2 with the
     * usage on bad arguments, 1 when the state file cannot be read or the address is taken.
     *
     * <p>{@code java -cp 'lib/*' dev.rollback.vault.server.VaultApiServer --listen 0.0.0.0:8200 --data /vault/data}
     */
    public static void main(String[] args) {
        ServerMain main = new ServerMain(System.out, System.err);
        int code = main.run(args);
        if (code != 0) {
            System.exit(code);
        }
        if (main.server() != null) {
            Runtime.getRuntime().addShutdownHook(new Thread(main::stop, "vault-api-server-stop"));
        }
    }

    /** The base address to call it on, {@code http://127.0.0.1:8200} (loopback when it listens on every address). */
    public String address() {
        InetAddress a = http.getAddress().getAddress();
        String host = a.isAnyLocalAddress()
                ? "127.0.0.1"
                : a instanceof Inet6Address ? "[" + a.getHostAddress() + "]" : a.getHostAddress();
        return "http://" + host + ":" + http.getAddress().getPort();
    }

    /** The address it listens on, {@code 0.0.0.0:8200}, with the port it got when asked for port 0. */
    public InetSocketAddress listenAddress() {
        return http.getAddress();
    }

    /**
     * The root token of an in-memory server, {@code hvs.…}; a persistent one handed it out once, through
     * {@code sys/init}, and throws {@link IllegalStateException}.
     */
    public String rootToken() {
        return issued().rootToken();
    }

    /** How many key shares unseal it, {@code 3}; 0 before {@code sys/init}. */
    public int threshold() {
        synchronized (api) {
            return api.state.threshold;
        }
    }

    /**
     * The unseal shares of an in-memory server as {@code unseal_keys_b64}: {@code vault.keysBase64().get(0)}. A
     * persistent server throws {@link IllegalStateException}.
     */
    public List<String> keysBase64() {
        return issued().base64();
    }

    /**
     * A {@code keys.json} of an in-memory server, as {@code sys/init} answers and DevStack Core stores it:
     * {@code {"unseal_keys_b64":[…],"unseal_keys_hex":[…],"unseal_shares":5,"unseal_threshold":3,"root_token":…}}.
     * A persistent server throws {@link IllegalStateException}.
     */
    public String keysJson() {
        VaultState.InitKeys k = issued();
        ObjectNode o = JSON.createObjectNode();
        o.putPOJO("unseal_keys_b64", k.base64());
        o.putPOJO("unseal_keys_hex", k.hex());
        o.put("unseal_shares", k.shares().size());
        o.put("unseal_threshold", threshold());
        o.put("root_token", k.rootToken());
        return o.toString();
    }

    /** Seals it, as {@code sys/seal} does: {@code vault.seal();} */
    public VaultApiServer seal() {
        api.seal();
        return this;
    }

    /**
     * Makes an in-memory server answer as a Vault never initialized (sealed, {@code sys/health} 501); its data
     * stays. {@code vault.uninitialized();}
     */
    public VaultApiServer uninitialized() {
        if (!inMemory) {
            throw new IllegalStateException("only an in-memory server can be made to look uninitialized");
        }
        synchronized (api) {
            api.state.initialized = false;
            api.seal();
        }
        return this;
    }

    /** Whether it is sealed: {@code assertThat(vault.sealed()).isFalse();} */
    public boolean sealed() {
        synchronized (api) {
            return api.sealed;
        }
    }

    /** Whether {@code sys/init} has run: {@code if (!vault.initialized()) http.put("sys/init", …);} */
    public boolean initialized() {
        synchronized (api) {
            return api.state.initialized;
        }
    }

    /** How many times {@code sys/unseal} was called with a key: {@code assertThat(vault.unsealCalls()).isZero();} */
    public int unsealCalls() {
        synchronized (api) {
            return api.unsealCalls;
        }
    }

    /**
     * A new token (policy {@code default}) allowed only under the given path prefixes:
     * {@code String t = vault.token("secret/data/mysql");}
     */
    public String token(String... allowedPrefixes) {
        synchronized (api) {
            String t = api.state.newToken(List.of("default"), List.of(allowedPrefixes), api.random);
            return saved(t);
        }
    }

    /** Writes a new version of a KV v2 secret: {@code vault.put("secret/mysql", Map.of("user", "app"));} */
    public VaultApiServer put(String path, Map<String, ?> data) {
        ObjectNode d = JSON.createObjectNode();
        data.forEach((k, v) -> d.set(k, JSON.valueToTree(v)));
        synchronized (api) {
            api.state.putKv(kvKey(path), d, Instant.now());
            return saved(this);
        }
    }

    /** The latest data of a secret, JSON values as they are stored: {@code vault.get("secret/mysql").get("user")}. */
    public Map<String, JsonNode> get(String path) {
        synchronized (api) {
            List<VaultState.KvVersion> v = api.state.kv.get(kvKey(path));
            Map<String, JsonNode> out = new LinkedHashMap<>();
            if (v != null) {
                v.get(v.size() - 1).data.deepCopy().properties().forEach(e -> out.put(e.getKey(), e.getValue()));
            }
            return out;
        }
    }

    /** Whether the latest version of a secret is soft-deleted ({@code DELETE secret/data/<path>}). */
    public boolean deleted(String path) {
        synchronized (api) {
            List<VaultState.KvVersion> v = api.state.kv.get(kvKey(path));
            return v != null && v.get(v.size() - 1).isDeleted();
        }
    }

    /** Every secret path ({@code secret/mysql}), sorted, deleted ones included (as KV v2 lists them). */
    public List<String> paths() {
        synchronized (api) {
            return api.state.kv.keySet().stream().map(k -> "secret/" + k).toList();
        }
    }

    /** How many versions a secret has: {@code assertThat(vault.versions("secret/mysql")).isEqualTo(2);} */
    public int versions(String path) {
        synchronized (api) {
            return api.state.kv.getOrDefault(kvKey(path), List.of()).size();
        }
    }

    /**
     * Enables AppRole (if needed) with a role, its policy {@code <role>-policy} and a secret-id of the given TTL:
     * {@code vault.appRole("postgres", "rid", "sid", Instant.now(), Duration.ofDays(30));}
     */
    public VaultApiServer appRole(String role, String roleId, String secretId, Instant created, Duration ttl) {
        synchronized (api) {
            api.state.putAppRole(role, roleId, secretId, created, ttl);
            return saved(this);
        }
    }

    /** The auth mounts' paths: {@code token}, {@code approle}. */
    public Set<String> authMounts() {
        synchronized (api) {
            return Set.copyOf(api.state.authMounts.keySet());
        }
    }

    /** The ACL policies' names: {@code default}, {@code root}, {@code postgres-policy}. */
    public Set<String> policies() {
        synchronized (api) {
            return Set.copyOf(api.state.policies.keySet());
        }
    }

    /**
     * Stops serving, waiting for no request, and writes the state if a change is not written yet:
     * {@code vault.close();}
     */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        http.stop(0);
        try {
            api.save();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private VaultState.InitKeys issued() {
        VaultState.InitKeys k = keys;
        if (k == null) {
            throw new IllegalStateException(
                    inMemory
                            ? "not initialized"
                            : "a persistent server keeps no unseal share or root token: sys/init handed them out once");
        }
        return k;
    }

    private <T> T saved(T result) {
        try {
            api.save();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return result;
    }

    private static String kvKey(String path) {
        return path.replaceFirst("^secret/", "");
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String path = ex.getRequestURI().getPath().substring("/v1/".length());
            Map<String, String> query = query(ex.getRequestURI().getRawQuery());
            String method = ex.getRequestMethod();
            if (method.equals("GET") && "true".equals(query.get("list"))) {
                method = "LIST";
            }
            byte[] in = ex.getRequestBody().readAllBytes();
            Reply r;
            JsonNode body = null;
            try {
                body = in.length == 0 ? JSON.createObjectNode() : JSON.readTree(in);
            } catch (JsonProcessingException e) {
                // answered below
            }
            if (body == null || !body.isObject()) {
                r = Reply.error(400, "failed to parse JSON input: the body is not a JSON object");
            } else {
                try {
                    r = api.handle(
                            method,
                            path,
                            query,
                            body,
                            ex.getRequestHeaders().getFirst("X-Vault-Token"),
                            ex.getRequestHeaders().getFirst("Content-Type"));
                } catch (RuntimeException e) {
                    r = Reply.error(500, "internal error: " + e.getClass().getSimpleName());
                }
            }
            byte[] out = r.body() == null ? new byte[0] : r.body().toString().getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", "application/json");
            ex.sendResponseHeaders(r.status(), out.length == 0 ? -1 : out.length);
            if (out.length > 0) {
                ex.getResponseBody().write(out);
            }
        }
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> q = new HashMap<>();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                q.put(name, eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return q;
    }
}
