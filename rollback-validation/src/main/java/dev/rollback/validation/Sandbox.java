package dev.rollback.validation;

import dev.rollback.errors.RollbackException;
import dev.rollback.git.CommitInfo;
import dev.rollback.git.GitRepository;
import dev.rollback.io.SecureFiles;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

/**
 * A throwaway environment shaped like DevStack Core: a git repository with a baseline and an improvement commit,
 * a {@code .env}, a Vault key directory, and a {@code rollback.yaml} naming both commits.
 *
 * <p>{@code Sandbox s = Sandbox.create(Files.createTempDirectory("rollback-sandbox")); s.baseline().shortId();}
 *
 * @param dir the project directory
 * @param keyDir its Vault key directory (inside the sandbox, never the user's own)
 * @param baseline the commit a full rollback returns to
 * @param improvement the later commit that "broke" things
 */
public record Sandbox(Path dir, Path keyDir, CommitInfo baseline, CommitInfo improvement) {
    /** Services whose init scripts the sandbox carries. */
    public static final List<String> SERVICES = List.of("postgres", "mysql", "redis");

    private static final SecureRandom RANDOM = new SecureRandom();

    /** Creates the sandbox in {@code dir} (empty or absent). */
    public static Sandbox create(Path dir) {
        try {
            SecureFiles.createPrivateDirectories(dir);
            try (var entries = Files.list(dir)) {
                if (entries.findAny().isPresent()) {
                    throw new RollbackException("sandbox directory " + dir + " is not empty; name a new directory");
                }
            }
            Path keyDir = dir.resolve("vault-keys");
            write(dir.resolve("docker-compose.yml"), resource("docker-compose.yml"));
            write(dir.resolve(".env"), resource("env"));
            write(
                    dir.resolve(".gitignore"),
                    ".env\n.env.rollback-*\nrollback.yaml\nvault-keys/\nbackups/\n.rollback/\n");
            write(dir.resolve("docs/README.md"), "# Sandbox\n\nBaseline documentation.\n");
            for (String s : SERVICES) {
                script(dir.resolve("configs/" + s + "/scripts/init.sh"), resource("init.sh"));
                script(dir.resolve("configs/" + s + "/scripts/init-approle.sh"), resource("init-approle.sh"));
            }
            writeKeys(keyDir);
            CommitInfo baseline;
            CommitInfo improvement;
            try (GitRepository repo = GitRepository.init(dir)) {
                baseline = repo.commitAll("baseline: root-token init scripts");
                for (String s : SERVICES) {
                    script(
                            dir.resolve("configs/" + s + "/scripts/init.sh"),
                            resource("init-approle.sh") + "# improvement: " + s
                                    + " authenticates with AppRole and serves TLS\n");
                }
                write(dir.resolve("docs/SECURITY.md"), "# AppRole and TLS\n\nAdded by the improvement.\n");
                improvement = repo.commitAll("improvement: AppRole authentication and TLS");
            }
            write(
                    dir.resolve("rollback.yaml"),
                    "# made by rollback drill --sandbox\nbaseline_commit: "
                            + baseline.shortId() + "\nreference_commit: " + baseline.shortId() + "\nbranch: main\n"
                            + "vault_key_dir: " + keyDir.toAbsolutePath() + "\n");
            return new Sandbox(dir, keyDir, baseline, improvement);
        } catch (IOException e) {
            throw new RollbackException("cannot create the sandbox in " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Writes a fresh key directory: keys.json (5 shares, threshold 3), root-token, ca/, certs/, approles/. */
    static void writeKeys(Path keyDir) throws IOException {
        SecureFiles.createPrivateDirectories(keyDir);
        StringBuilder b64 = new StringBuilder();
        StringBuilder hex = new StringBuilder();
        for (int i = 0; i < 5; i++) {
            byte[] key = randomBytes(32);
            b64.append(i == 0 ? "" : ",")
                    .append('"')
                    .append(Base64.getEncoder().encodeToString(key))
                    .append('"');
            hex.append(i == 0 ? "" : ",")
                    .append('"')
                    .append(HexFormat.of().formatHex(key))
                    .append('"');
        }
        String token = "hvs." + Base64.getUrlEncoder().withoutPadding().encodeToString(randomBytes(18));
        secret(
                keyDir.resolve("keys.json"),
                "{\"unseal_keys_b64\":[" + b64 + "],\"unseal_keys_hex\":[" + hex
                        + "],\"unseal_shares\":5,\"unseal_threshold\":3,\"recovery_keys_b64\":[],\"recovery_keys_hex\":[],"
                        + "\"root_token\":\"" + token + "\"}\n");
        secret(keyDir.resolve("root-token"), token + "\n");
        for (String f : List.of("ca-chain.pem", "root-ca.pem", "full-chain.pem")) {
            secret(keyDir.resolve("ca/" + f), pem());
        }
        for (String s : SERVICES) {
            secret(keyDir.resolve("certs/" + s + "/cert.pem"), pem());
            secret(keyDir.resolve("certs/" + s + "/key.pem"), pem());
            secret(keyDir.resolve("approles/" + s + "/role-id"), UUID.randomUUID() + "\n");
            secret(keyDir.resolve("approles/" + s + "/secret-id"), UUID.randomUUID() + "\n");
        }
    }

    private static String pem() {
        return "-----BEGIN CERTIFICATE-----\n" + Base64.getMimeEncoder().encodeToString(randomBytes(96))
                + "\n-----END CERTIFICATE-----\n";
    }

    private static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = Sandbox.class.getResourceAsStream("sandbox/" + name)) {
            if (in == null) {
                throw new IOException("sandbox resource " + name + " missing from the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static void write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }

    private static void script(Path file, String text) throws IOException {
        write(file, text);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private static void secret(Path file, String text) throws IOException {
        SecureFiles.createPrivateDirectories(file.getParent());
        Files.writeString(file, text, StandardCharsets.UTF_8);
        SecureFiles.makePrivate(file);
    }
}
