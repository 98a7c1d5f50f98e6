package dev.rollback.vault.server;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rollback.io.Sha256;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * What the server keeps, and what {@link StateCodec} writes to its state file: the seal configuration with the
 * SHA-256 of each unseal share, tokens by their SHA-256 with their policies, KV v2 versions, auth mounts, policies
 * and AppRoles. Never a share, a token or an AppRole secret-id in clear. Not thread-safe: the server guards it. A
 * mutation marks it modified, so the server knows to write it.
 *
 * <p>{@code VaultState s = VaultState.empty(); InitKeys k = s.initialize(5, 3, random);}
 */
final class VaultState {
    static final int SHARE_BYTES = 33;

    /** One KV v2 version: its data, when it was written and, once soft-deleted, when. */
    static final class KvVersion {
        final ObjectNode data;
        final Instant created;
        Instant deleted;

        KvVersion(ObjectNode data, Instant created, Instant deleted) {
            this.data = data;
            this.created = created;
            this.deleted = deleted;
        }

        boolean isDeleted() {
            return deleted != null;
        }
    }

    /**
     * A token's grants: its policies, and the path prefixes it may use (this server's stand-in for what the
     * policies would allow). The {@code root} policy allows everything.
     */
    record Token(List<String> policies, List<String> paths) {
        boolean root() {
            return policies.contains("root");
        }

        boolean allows(String path) {
            return root() || paths.stream().anyMatch(path::startsWith);
        }
    }

    /**
     * An AppRole: its role-id, the policies its tokens get (besides {@code default}), the TTL of the secret-ids it
     * issues, and its secret-ids, each kept as its SHA-256.
     */
    record AppRole(String roleId, List<String> policies, Duration secretIdTtl, List<SecretId> secretIds) {
        /** The secret-id given in clear, {@code null} if it is not one of the role's. */
        SecretId secretId(String clear) {
            if (clear == null) {
                return null;
            }
            String hash = Sha256.of(clear);
            return secretIds.stream()
                    .filter(s -> s.sha256().equals(hash))
                    .findFirst()
                    .orElse(null);
        }
    }

    /** One secret-id of an AppRole: its SHA-256, accessor, when it was issued, and its TTL (zero: no expiry). */
    record SecretId(String sha256, String accessor, Instant created, Duration ttl) {
        static SecretId of(String clear, String accessor, Instant created, Duration ttl) {
            return new SecretId(Sha256.of(clear), accessor, created, ttl);
        }
    }

    /** What {@code sys/init} hands out once: the unseal shares and the root token. */
    record InitKeys(List<byte[]> shares, String rootToken) {
        List<String> base64() {
            return shares.stream()
                    .map(s -> Base64.getEncoder().encodeToString(s))
                    .toList();
        }

        List<String> hex() {
            return shares.stream().map(s -> HexFormat.of().formatHex(s)).toList();
        }
    }

    boolean initialized;
    int shares;
    int threshold;
    final List<String> shareHashes = new ArrayList<>();
    final Map<String, Token> tokens = new LinkedHashMap<>();
    final Map<String, List<KvVersion>> kv = new TreeMap<>();
    final Map<String, String> authMounts = new LinkedHashMap<>();
    final Map<String, String> policies = new TreeMap<>();
    final Map<String, AppRole> roles = new LinkedHashMap<>();
    private boolean modified;

    /** An uninitialized Vault: the token auth mount and the {@code default} and {@code root} policies. */
    static VaultState empty() {
        VaultState s = new VaultState();
        s.authMounts.put("token", "token");
        s.policies.put("default", "");
        s.policies.put("root", "");
        return s;
    }

    /** Initializes with fresh random shares and a root token, of which it keeps only the hashes. */
    InitKeys initialize(int shareCount, int threshold, SecureRandom random) {
        List<byte[]> issued = new ArrayList<>();
        shareHashes.clear();
        for (int i = 0; i < shareCount; i++) {
            byte[] s = new byte[SHARE_BYTES];
            random.nextBytes(s);
            issued.add(s);
            shareHashes.add(Sha256.of(s));
        }
        this.shares = shareCount;
        this.threshold = threshold;
        this.initialized = true;
        String root = newToken(List.of("root"), List.of(), random);
        return new InitKeys(issued, root);
    }

    boolean isShare(byte[] share) {
        return shareHashes.contains(Sha256.of(share));
    }

    /** Issues a token, keeping its hash. */
    String newToken(List<String> tokenPolicies, List<String> paths, SecureRandom random) {
        String t = "hvs." + random(random, 18);
        tokens.put(Sha256.of(t), new Token(List.copyOf(tokenPolicies), List.copyOf(paths)));
        modified();
        return t;
    }

    /** The grants of a token given in clear, {@code null} for an unknown or absent one. */
    Token token(String clear) {
        return clear == null ? null : tokens.get(Sha256.of(clear));
    }

    /** Adds a version to a KV v2 secret ({@code mysql} under {@code secret/}); returns its number. */
    int putKv(String key, ObjectNode data, Instant created) {
        List<KvVersion> versions = kv.computeIfAbsent(key, k -> new ArrayList<>());
        versions.add(new KvVersion(data, created, null));
        modified();
        return versions.size();
    }

    /** Soft-deletes the latest version of a secret, if it is not already. */
    void deleteLatest(String key, Instant when) {
        List<KvVersion> versions = kv.get(key);
        if (versions != null && !versions.get(versions.size() - 1).isDeleted()) {
            versions.get(versions.size() - 1).deleted = when;
            modified();
        }
    }

    /** The tests' AppRole: enables AppRole, adds {@code <role>-policy}, and sets the role with one secret-id. */
    void putAppRole(String role, String roleId, String secretId, Instant created, Duration ttl) {
        authMounts.put("approle", "approle");
        policies.putIfAbsent(role + "-policy", "");
        String accessor = UUID.nameUUIDFromBytes(secretId.getBytes(StandardCharsets.UTF_8))
                .toString();
        roles.put(
                role,
                new AppRole(
                        roleId,
                        List.of(role + "-policy"),
                        ttl,
                        new ArrayList<>(List.of(SecretId.of(secretId, accessor, created, ttl)))));
        modified();
    }

    /**
     * The path prefixes a token with these policies may use: the {@code path} rules of their texts
     * ({@link PolicyPaths}); a policy without a text stands for {@code fallback}, the role's own paths.
     */
    List<String> pathsOf(List<String> tokenPolicies, List<String> fallback) {
        List<String> paths = new ArrayList<>();
        for (String p : tokenPolicies) {
            String text = policies.get(p);
            if (text == null || p.equals("default")) {
                continue;
            }
            paths.addAll(text.isBlank() ? fallback : PolicyPaths.of(text));
        }
        return paths.stream().distinct().toList();
    }

    void modified() {
        modified = true;
    }

    /** Whether it changed since the last call, clearing the mark. */
    boolean takeModified() {
        boolean m = modified;
        modified = false;
        return m;
    }

    static String random(SecureRandom random, int bytes) {
        byte[] b = new byte[bytes];
        random.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }
}
