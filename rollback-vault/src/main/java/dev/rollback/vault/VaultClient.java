package dev.rollback.vault;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.rollback.errors.RollbackException;
import io.github.jopenlibs.vault.EnvironmentLoader;
import io.github.jopenlibs.vault.Vault;
import io.github.jopenlibs.vault.VaultConfig;
import io.github.jopenlibs.vault.response.AuthResponse;
import io.github.jopenlibs.vault.response.HealthResponse;
import io.github.jopenlibs.vault.response.SealResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Vault's operator side on vault-java-driver: seal status and health, unseal from {@code keys.json}, auth methods,
 * ACL policies, AppRole checks; {@link #secrets()} opens the KV v2 store. Every call has the settings' timeout;
 * a refused call is a {@link VaultException} naming the path ({@code 403} reads "token lacks permission for ...").
 *
 * <p>{@code try (VaultClient vault = VaultClient.connect(VaultSettings.from(env))) { vault.unseal(KeyFile.load(env.vaultKeyDir())); }}
 */
public final class VaultClient implements AutoCloseable {
    private static final EnvironmentLoader NO_PROCESS_ENVIRONMENT = new EnvironmentLoader() {
        private static final long serialVersionUID = 1L;

        @Override
        public String loadVariable(String name) {
            return null; // settings decide address and token, not the driver's own look-up
        }
    };

    private final VaultSettings settings;
    private final VaultCalls calls;
    private final Vault anonymous;
    private String token;
    private Vault authenticated;

    private VaultClient(VaultSettings settings) {
        this.settings = settings;
        this.calls = new VaultCalls(settings);
        this.anonymous = driver(null);
    }

    /** A client for these settings; no call is made until one is asked for. */
    public static VaultClient connect(VaultSettings settings) {
        return new VaultClient(settings);
    }

    public VaultSettings settings() {
        return settings;
    }

    /** {@code sys/seal-status} (unauthenticated). */
    public SealStatus status() {
        try {
            SealResponse r = anonymous.seal().sealStatus();
            return sealStatus(VaultCalls.parse(r.getRestResponse().getBody()));
        } catch (io.github.jopenlibs.vault.VaultException e) {
            throw calls.translate("sys/seal-status", e, "reading the seal status");
        }
    }

    /** {@code sys/health} (unauthenticated), read by its status code. */
    public HealthStatus health() {
        try {
            HealthResponse r = anonymous.debug().health();
            return new HealthStatus(
                    r.getRestResponse().getStatus(),
                    Boolean.TRUE.equals(r.getInitialized()),
                    Boolean.TRUE.equals(r.getSealed()),
                    Boolean.TRUE.equals(r.getStandby()),
                    VaultCalls.parse(r.getRestResponse().getBody())
                            .path("version")
                            .asText(""));
        } catch (io.github.jopenlibs.vault.VaultException e) {
            throw calls.translate("sys/health", e, "reading the health");
        }
    }

    /**
     * Unseals with the keys of {@code keys.json}, one share at a time, stopping as soon as Vault reports unsealed.
     * A partial unseal left by someone else is reset first. Keys that do not belong to this Vault end in a
     * {@link VaultException} saying so (Vault resets its progress); no key ever appears in a message.
     */
    public UnsealResult unseal(KeyFile keys) {
        SealStatus before = status();
        if (!before.initialized()) {
            throw new VaultException(
                    "sys/unseal",
                    0,
                    "Vault at " + settings.address() + " is not initialized: "
                            + "there is nothing to unseal; its data volume is empty or lost: restore the Vault volume from "
                            + "the backup set");
        }
        if (!before.sealed()) {
            return new UnsealResult(false, 0, before);
        }
        if (keys.keyCount() < before.threshold()) {
            throw new VaultException(
                    "sys/unseal",
                    0,
                    keys.file() + " holds " + keys.keyCount() + " unseal keys but"
                            + " Vault at " + settings.address() + " needs " + before.threshold() + "; restore the key "
                            + "directory from a backup (rollback vault keys restore <backup>)");
        }
        // through the driver's Rest rather than Seal#unseal: Vault's error text ("Unseal failed, invalid key") is
        // needed to say what went wrong, and Seal drops the answer body on failure
        if (before.progress() > 0) {
            calls.post("sys/unseal", VaultCalls.body("reset", true), null);
        }
        SealStatus now = before;
        int submitted = 0;
        for (String key : keys.keys()) {
            VaultCalls.Answer a = calls.post("sys/unseal", VaultCalls.body("key", key), null);
            submitted++;
            if (a.status() == 400) {
                throw new VaultException(
                        "sys/unseal",
                        400,
                        "the unseal keys in " + keys.file() + " do not match "
                                + "Vault at " + settings.address() + " (Vault said: " + VaultCalls.errors(a.body())
                                + "); Vault reset its unseal progress. The key directory and the Vault data volume must come "
                                + "from the same backup: restore the keys (rollback vault keys restore <backup>) or the Vault "
                                + "volume from the backup set");
            }
            if (a.status() != 200) {
                throw calls.failure("sys/unseal", a.status(), a.body(), "unsealing");
            }
            now = sealStatus(a.body());
            if (!now.sealed()) {
                break;
            }
        }
        return new UnsealResult(true, submitted, now);
    }

    /** The enabled auth methods ({@code sys/auth}). */
    public List<AuthMethod> authMethods() {
        VaultCalls.Answer a = calls.get("sys/auth", token());
        if (a.status() != 200) {
            throw calls.failure("sys/auth", a.status(), a.body(), "listing auth methods");
        }
        JsonNode data = a.body().has("data") ? a.body().path("data") : a.body();
        List<AuthMethod> out = new ArrayList<>();
        data.fields().forEachRemaining(f -> {
            if (f.getValue().isObject() && f.getValue().has("type")) {
                out.add(new AuthMethod(
                        f.getKey().replaceAll("/$", ""),
                        f.getValue().path("type").asText(),
                        f.getValue().path("accessor").asText(""),
                        f.getValue().path("description").asText("")));
            }
        });
        return out;
    }

    /** Disables the auth method at {@code path} ({@code approle}); false when it was not enabled. */
    public boolean disableAuthMethod(String path) {
        if (authMethods().stream().noneMatch(m -> m.path().equals(path))) {
            return false;
        }
        VaultCalls.Answer a = calls.delete("sys/auth/" + path, token());
        if (a.status() != 204 && a.status() != 200) {
            throw calls.failure("sys/auth/" + path, a.status(), a.body(), "disabling auth method " + path);
        }
        return true;
    }

    /** The ACL policy names ({@code sys/policies/acl}). */
    public List<String> policies() {
        VaultCalls.Answer a = calls.get("sys/policies/acl?list=true", token());
        if (a.status() == 404) {
            return List.of();
        }
        if (a.status() != 200) {
            throw calls.failure("sys/policies/acl", a.status(), a.body(), "listing ACL policies");
        }
        JsonNode keys = a.body().path("data").has("keys")
                ? a.body().path("data").path("keys")
                : a.body().path("keys");
        List<String> out = new ArrayList<>();
        keys.forEach(k -> out.add(k.asText()));
        return out;
    }

    /** Deletes the ACL policy {@code name} ({@code postgres-policy}); false when there was none. */
    public boolean deletePolicy(String name) {
        if (!policies().contains(name)) {
            return false;
        }
        VaultCalls.Answer a = calls.delete("sys/policies/acl/" + name, token());
        if (a.status() != 204 && a.status() != 200) {
            throw calls.failure("sys/policies/acl/" + name, a.status(), a.body(), "deleting policy " + name);
        }
        return true;
    }

    /**
     * Checks the AppRole credentials of the key directory ({@code approles/<role>/role-id} and {@code secret-id})
     * against Vault: the role-id must be the role's, and the secret-id must be known; returns its expiry.
     */
    public SecretIdInfo appRole(String role) {
        Path dir = settings.keyDir().resolve("approles").resolve(role);
        String roleId = readSecretFile(dir.resolve("role-id"));
        String secretId = readSecretFile(dir.resolve("secret-id"));
        String rolePath = "auth/approle/role/" + role;
        VaultCalls.Answer r = calls.get(rolePath + "/role-id", token());
        if (r.status() != 200) {
            throw calls.failure(rolePath + "/role-id", r.status(), r.body(), "reading the role-id of " + role);
        }
        if (!roleId.equals(r.body().path("data").path("role_id").asText())) {
            throw new VaultException(
                    rolePath + "/role-id",
                    0,
                    dir.resolve("role-id") + " is not the role-id of "
                            + "AppRole " + role + " in Vault at " + settings.address()
                            + "; the key directory and Vault "
                            + "come from different setups");
        }
        VaultCalls.Answer s =
                calls.post(rolePath + "/secret-id/lookup", VaultCalls.body("secret_id", secretId), token());
        if (s.status() == 204
                || s.status() == 404
                || s.status() == 200 && s.body().path("data").isMissingNode()) {
            throw new VaultException(
                    rolePath + "/secret-id/lookup",
                    s.status(),
                    dir.resolve("secret-id")
                            + " is unknown to Vault (expired or revoked); issue a new one: vault write -f " + rolePath
                            + "/secret-id");
        }
        if (s.status() != 200) {
            throw calls.failure(rolePath + "/secret-id/lookup", s.status(), s.body(), "looking up the secret-id");
        }
        return AppRoles.secretIdInfo(role, s.body().path("data"));
    }

    /**
     * The capabilities of this client's token on each path ({@code sys/capabilities-self}): {@code root},
     * {@code create}, {@code update}, {@code sudo}, {@code deny}...; in the order asked.
     */
    public Map<String, List<String>> capabilities(List<String> paths) {
        if (paths.isEmpty()) {
            return Map.of();
        }
        VaultCalls.Answer a = calls.post("sys/capabilities-self", VaultCalls.body("paths", paths), token());
        if (a.status() != 200) {
            throw calls.failure("sys/capabilities-self", a.status(), a.body(), "checking the token's capabilities");
        }
        JsonNode data = a.body().path("data").isObject() ? a.body().path("data") : a.body();
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (String p : paths) {
            JsonNode caps = data.has(p)
                    ? data.path(p)
                    : paths.size() == 1 ? data.path("capabilities") : MissingNode.getInstance();
            List<String> list = new ArrayList<>();
            caps.forEach(c -> list.add(c.asText()));
            out.put(p, list.isEmpty() ? List.of("deny") : List.copyOf(list));
        }
        return out;
    }

    /**
     * The paths among {@code paths} on which this client's token lacks every one of {@code needed} (a root token has
     * them all); empty when it may do all of it.
     */
    public List<String> lacking(List<String> paths, String... needed) {
        List<String> out = new ArrayList<>();
        capabilities(paths).forEach((p, caps) -> {
            if (!caps.contains("root") && !caps.containsAll(List.of(needed))) {
                out.add(p + " (has " + String.join(", ", caps) + ")");
            }
        });
        return out;
    }

    /** The KV v2 store on this client's token; closing the store closes nothing of this client. */
    public VaultSecretStore secrets() {
        return new VaultSecretStore(this, false);
    }

    /** The token calls use: {@code VAULT_TOKEN}, else {@code root-token}, else an AppRole login. */
    synchronized String token() {
        if (token == null) {
            token = resolveToken();
        }
        return token;
    }

    synchronized Vault authenticated() {
        if (authenticated == null) {
            authenticated = driver(token());
        }
        return authenticated;
    }

    VaultCalls calls() {
        return calls;
    }

    private String resolveToken() {
        if (settings.tokenVariable() != null) {
            return settings.tokenVariable();
        }
        Path rootToken = settings.keyDir().resolve("root-token");
        if (Files.isRegularFile(rootToken)) {
            return readSecretFile(rootToken);
        }
        if (settings.appRole().isPresent()) {
            String role = settings.appRole().get();
            Path dir = settings.keyDir().resolve("approles").resolve(role);
            try {
                AuthResponse r = anonymous
                        .auth()
                        .loginByAppRole(
                                "approle",
                                readSecretFile(dir.resolve("role-id")),
                                readSecretFile(dir.resolve("secret-id")));
                return r.getAuthClientToken();
            } catch (io.github.jopenlibs.vault.VaultException e) {
                throw calls.translate("auth/approle/login", e, "logging in as AppRole " + role);
            }
        }
        throw new VaultException(
                "",
                0,
                "no Vault token: set VAULT_TOKEN, or restore " + rootToken + " (rollback vault keys restore <backup>)");
    }

    private static String readSecretFile(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            throw new RollbackException("cannot read " + file + " ("
                    + e.getClass().getSimpleName() + "); restore the " + "key directory from a backup");
        }
    }

    private Vault driver(String withToken) {
        try {
            VaultConfig cfg = new VaultConfig()
                    .environmentLoader(NO_PROCESS_ENVIRONMENT)
                    .address(settings.address())
                    .token(withToken)
                    .openTimeout(settings.timeoutSeconds())
                    .readTimeout(settings.timeoutSeconds())
                    .engineVersion(2)
                    .build();
            return Vault.create(cfg, 2);
        } catch (io.github.jopenlibs.vault.VaultException e) {
            throw new VaultException(
                    "", 0, "cannot configure the Vault client for " + settings.address() + ": " + e.getMessage());
        }
    }

    static SealStatus sealStatus(JsonNode b) {
        return new SealStatus(
                b.path("initialized").asBoolean(true),
                b.path("sealed").asBoolean(true),
                b.path("t").asInt(),
                b.path("n").asInt(),
                b.path("progress").asInt(),
                b.path("version").asText(""));
    }

    @Override
    public void close() {
        // the driver keeps no connection open between calls
    }

    @Override
    public String toString() {
        return "VaultClient[" + settings + "]";
    }
}
