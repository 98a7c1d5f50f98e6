package dev.rollback.vault.server;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
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

    /** An AppRole with one secret-id, kept as its SHA-256 and accessor. */
    record AppRole(String roleId, String secretIdSha256, String secretIdAccessor, Instant created,
                   Duration secretIdTtl) {
    }

    /** What {@code sys/init} hands out once: the unseal shares and the root token. */
    record InitKeys(List<byte[]> shares, String rootToken) {
        List<String> base64() {
            return shares.stream().map(s -> Base64.getEncoder().encodeToString(s)).toList();
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
            shareHashes.add(sha256(s));
        }
        this.shares = shareCount;
        this.threshold = threshold;
        this.initialized = true;
        String root = newToken(List.of("root"), List.of(), random);
        return new InitKeys(issued, root);
    }

    boolean isShare(byte[] share) {
        return shareHashes.contains(sha256(share));
    }

    /** Issues a token, keeping its hash. */
    String newToken(List<String> tokenPolicies, List<String> paths, SecureRandom random) {
        String t = "hvs." + random(random, 18);
        tokens.put(sha256(t.getBytes(StandardCharsets.UTF_8)), new Token(List.copyOf(tokenPolicies),
                List.copyOf(paths)));
        modified();
        return t;
    }

    /** The grants of a token given in clear, {@code null} for an unknown or absent one. */
    Token token(String clear) {
        return clear == null ? null : tokens.get(sha256(clear.getBytes(StandardCharsets.UTF_8)));
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

    void putAppRole(String role, String roleId, String secretId, Instant created, Duration ttl) {
        authMounts.put("approle", "approle");
        policies.putIfAbsent(role + "-policy", "");
        String accessor = java.util.UUID.nameUUIDFromBytes(secretId.getBytes(StandardCharsets.UTF_8)).toString();
        roles.put(role, new AppRole(roleId, sha256(secretId.getBytes(StandardCharsets.UTF_8)), accessor, created,
                ttl));
        modified();
    }

    /** Whether the secret-id given in clear is the role's. */
    static boolean isSecretId(AppRole role, String clear) {
        return clear != null && role.secretIdSha256().equals(sha256(clear.getBytes(StandardCharsets.UTF_8)));
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

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    static String random(SecureRandom random, int bytes) {
        byte[] b = new byte[bytes];
        random.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }
}
