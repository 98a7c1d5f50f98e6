package dev.rollback.validation.devstack;

import dev.rollback.errors.RollbackException;
import dev.rollback.git.GitRepository;
import dev.rollback.io.SecureFiles;
import java.io.IOException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

/**
 * The runbook's critical case, "all services failing", brought about on a sandbox the way it happens: the data is
 * written to after the backup, the improvement commit lands on the main line (AppRole and TLS init scripts), TLS is
 * switched on in {@code .env} and {@code VAULT_TOKEN} emptied for AppRole auth (no certificate was issued), the key
 * directory is rotated (keys that do not open this Vault, another root token), and every service is recreated: the
 * init scripts crash, and Vault comes up sealed with no key that opens it.
 *
 * <p>{@code Breakage.allServicesFailing(sandbox, services, data);}
 */
public final class Breakage {
    private static final SecureRandom RANDOM = new SecureRandom();

    private Breakage() {}

    /** Changes data, git, {@code .env} and the key directory, then recreates every service. */
    public static void allServicesFailing(DevStackSandbox sandbox, SandboxServices services, SandboxData data) {
        data.change();
        try (GitRepository repo = GitRepository.open(sandbox.home())) {
            repo.hardReset(sandbox.improvement().id());
        }
        for (String flag : List.of(
                "POSTGRES_ENABLE_TLS",
                "MYSQL_ENABLE_TLS",
                "MONGODB_ENABLE_TLS",
                "REDIS_ENABLE_TLS",
                "RABBITMQ_ENABLE_TLS")) {
            sandbox.setEnv(flag, "true");
        }
        sandbox.setEnv("VAULT_TOKEN", "");
        rotateKeys(sandbox);
        services.recreateAll();
    }

    /** New unseal keys and root token in the key directory: none of them opens the running Vault. */
    static void rotateKeys(DevStackSandbox sandbox) {
        StringBuilder b64 = new StringBuilder();
        StringBuilder hex = new StringBuilder();
        for (int i = 0; i < 5; i++) {
            byte[] key = new byte[33];
            RANDOM.nextBytes(key);
            b64.append(i == 0 ? "" : ",")
                    .append('"')
                    .append(Base64.getEncoder().encodeToString(key))
                    .append('"');
            hex.append(i == 0 ? "" : ",")
                    .append('"')
                    .append(HexFormat.of().formatHex(key))
                    .append('"');
        }
        byte[] t = new byte[18];
        RANDOM.nextBytes(t);
        String token = "hvs." + Base64.getUrlEncoder().withoutPadding().encodeToString(t);
        try {
            SecureFiles.writePrivate(
                    sandbox.keyDir().resolve("keys.json"),
                    "{\"unseal_keys_b64\":[" + b64
                            + "],\"unseal_keys_hex\":[" + hex + "],\"unseal_shares\":5,\"unseal_threshold\":3,"
                            + "\"recovery_keys_b64\":[],\"recovery_keys_hex\":[],\"root_token\":\"" + token + "\"}\n");
            SecureFiles.writePrivate(sandbox.keyDir().resolve("root-token"), token + "\n");
        } catch (IOException e) {
            throw new RollbackException("cannot rotate the sandbox's keys: " + e.getMessage(), e);
        }
    }
}
