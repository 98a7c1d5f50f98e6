package dev.rollback.validation.devstack;

import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The credentials a DevStack sandbox keeps in its Vault, made fresh for each sandbox, in DevStack Core's layout:
 * {@code secret/postgres} {user, password, database, tls_enabled}, {@code secret/mysql} {root_password, user,
 * password, database, tls_enabled}, {@code secret/mongodb}, {@code secret/redis-1..3} {password, tls_enabled},
 * {@code secret/rabbitmq} {user, password, vhost, tls_enabled}, {@code secret/forgejo}. Test-only secrets of a
 * throwaway environment; its {@code toString} still never shows them.
 *
 * <p>{@code SandboxSecrets s = SandboxSecrets.generate(); s.secrets().get("postgres").get("password");}
 *
 * @param secrets by KV path under {@code secret/}, the fields of each
 */
public record SandboxSecrets(Map<String, Map<String, String>> secrets) {
    private static final SecureRandom RANDOM = new SecureRandom();

    /** New passwords for every service. */
    public static SandboxSecrets generate() {
        Map<String, Map<String, String>> s = new LinkedHashMap<>();
        s.put(
                "postgres",
                Map.of(
                        "user",
                        "dev_admin",
                        "password",
                        password(),
                        "database",
                        "dev_database",
                        "tls_enabled",
                        "false"));
        s.put(
                "mysql",
                Map.of(
                        "root_password",
                        password(),
                        "user",
                        "dev_admin",
                        "password",
                        password(),
                        "database",
                        "dev_database",
                        "tls_enabled",
                        "false"));
        // the MongoDB stand-in has no authentication: an empty login (see docs/full-rollback.md)
        s.put("mongodb", Map.of("user", "", "password", "", "database", "dev_database", "tls_enabled", "false"));
        String redis = password(); // one cluster, one password: masterauth and redis-cli --cluster need it
        for (String node : DevStackSandbox.REDIS_NODES) {
            s.put(node, Map.of("password", redis, "tls_enabled", "false"));
        }
        s.put(
                "rabbitmq",
                Map.of("user", "dev_admin", "password", password(), "vhost", "dev_vhost", "tls_enabled", "false"));
        s.put(
                "forgejo",
                Map.of(
                        "admin_user",
                        "forgejo_admin",
                        "admin_password",
                        password(),
                        "admin_email",
                        "admin@devstack.local",
                        "tls_enabled",
                        "false"));
        return new SandboxSecrets(Map.copyOf(s));
    }

    /** One field of a secret: {@code field("mysql", "root_password")}. */
    public String field(String path, String name) {
        Map<String, String> fields = secrets.get(path);
        if (fields == null || !fields.containsKey(name)) {
            throw new IllegalArgumentException("the sandbox has no secret/" + path + " field " + name);
        }
        return fields.get(name);
    }

    private static String password() {
        String alphabet = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
        StringBuilder b = new StringBuilder("sb-");
        for (int i = 0; i < 20; i++) {
            b.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
        }
        return b.toString();
    }

    @Override
    public String toString() {
        return "SandboxSecrets" + secrets.keySet();
    }
}
