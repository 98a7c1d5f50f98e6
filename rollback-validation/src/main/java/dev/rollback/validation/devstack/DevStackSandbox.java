package dev.rollback.validation.devstack;

import dev.rollback.env.Environment;
import dev.rollback.errors.RollbackException;
import dev.rollback.git.CommitInfo;
import dev.rollback.git.GitRepository;
import dev.rollback.io.SecureFiles;
import dev.rollback.spi.ContainerRuntime;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A throwaway environment shaped like DevStack Core, of real containers on the local images: Vault (the SDK's Vault
 * API server: sealed after every start), PostgreSQL with PgBouncer, MySQL (MariaDB 10.11), MongoDB (the
 * mongo-java-server stand-in), a 3-node Redis cluster with passwords, RabbitMQ with management, Forgejo and one
 * reference API (HTTP stand-ins). Its files: DevStack Core's compose layout ({@code minimal}, {@code standard},
 * {@code reference} profiles; some services publish no port), root-token init scripts that read their credentials
 * from Vault, DevStack Core's {@code .gitignore}, a git history baseline → improvement (AppRole and TLS init
 * scripts that crash without certificates), and a key directory of its own (never the user's
 * {@code ~/.config/vault}).
 *
 * <p>{@code try (DevStackSandbox s = DevStackSandbox.create(dir, "main")) { s.services(rt).start(); }}
 *
 * <p>Layout under {@code root}: {@code devstack-core-<id>/} the project (its directory name is the compose project
 * name), {@code home/.config/vault/} the key directory, {@code lib/} the stand-ins' class path mounted into their
 * containers.
 */
public final class DevStackSandbox {
    /** The Redis cluster's nodes. */
    public static final List<String> REDIS_NODES = List.of("redis-1", "redis-2", "redis-3");
    /** The services whose init scripts the improvement moves to AppRole and TLS. */
    public static final List<String> INIT_SERVICES = List.of("postgres", "mysql", "mongodb", "redis", "rabbitmq");
    /** The improvement's branch, as the runbook names it. */
    public static final String IMPROVEMENT_BRANCH = "phase-0-4-improvements";

    private static final String RESOURCES = "/dev/rollback/validation/devstack/";
    private static final List<String> FILES = List.of(
            "docker-compose.yml",
            "scripts/lib/vault.sh",
            "configs/postgres/scripts/init.sh",
            "configs/pgbouncer/scripts/init.sh",
            "configs/mysql/scripts/init.sh",
            "configs/mongodb/scripts/init.sh",
            "configs/redis/scripts/init.sh",
            "configs/rabbitmq/scripts/init.sh",
            "configs/postgres/performance/tuning.conf");
    private final Path root;
    private final Path home;
    private final String branch;
    private final CommitInfo baseline;
    private final CommitInfo improvement;
    private final SandboxSecrets secrets;
    private final String prefix;

    private DevStackSandbox(
            Path root,
            Path home,
            String branch,
            CommitInfo baseline,
            CommitInfo improvement,
            SandboxSecrets secrets,
            String prefix) {
        this.root = root;
        this.home = home;
        this.branch = branch;
        this.baseline = baseline;
        this.improvement = improvement;
        this.secrets = secrets;
        this.prefix = prefix;
    }

    /**
     * Writes the project into {@code root} (empty or absent) on branch {@code branch} ({@code main}, or
     * {@code master} as older projects have it): the baseline commit checked out, the improvement on
     * {@link #IMPROVEMENT_BRANCH}; starts nothing.
     */
    public static DevStackSandbox create(Path root, String branch) {
        String id = Integer.toHexString(ThreadLocalRandom.current().nextInt(0x10000, 0xfffff));
        Path dir = root.toAbsolutePath().normalize();
        Path home = dir.resolve("devstack-core-" + id);
        try {
            SecureFiles.createPrivateDirectories(dir);
            for (String f : FILES) {
                write(home.resolve(f), resource(f), f.endsWith(".sh"));
            }
            write(home.resolve(".gitignore"), resource("gitignore"), false);
            write(home.resolve("docs/README.md"), "# DevStack Core sandbox\n\nBaseline documentation.\n", false);
            write(home.resolve("tests/test-rollback.sh"), "#!/bin/sh\n# baseline rollback test\nexit 0\n", true);
            int net = ThreadLocalRandom.current().nextInt(20, 250);
            Path keyDir = dir.resolve("home/.config/vault");
            SecureFiles.createPrivateDirectories(keyDir);
            write(
                    home.resolve(".env"),
                    resource("env")
                            .replace("@SANDBOX_NET@", "10." + net)
                            .replace("@CONTAINER_PREFIX@", "dev-" + id)
                            .replace("@VAULT_HOST_PORT@", Integer.toString(freePort()))
                            .replace("@SANDBOX_HOME@", dir.resolve("home").toString())
                            .replace("@SANDBOX_LIB@", dir.resolve("lib").toString()),
                    false);
            SecureFiles.makePrivate(home.resolve(".env"));
            CommitInfo baseline;
            CommitInfo improvement;
            try (GitRepository repo = GitRepository.init(home, branch)) {
                baseline = repo.commitAll("docs: baseline of the DevStack Core sandbox (root-token init scripts)");
                Improvement.apply(home);
                improvement = repo.commitAll("feat: phase 0-4 improvements (AppRole authentication, TLS, tuning)");
                repo.createBranch(IMPROVEMENT_BRANCH, improvement.id());
                repo.hardReset(baseline.id());
            }
            // the tool's own settings; untracked, as in a project that has not committed them
            write(
                    home.resolve("rollback.yaml"),
                    "# made by the rollback SDK's DevStack sandbox\nvault_key_dir: " + keyDir + "\nreference_commit: "
                            + baseline.shortId() + "\n",
                    false);
            return new DevStackSandbox(
                    dir, home, branch, baseline, improvement, SandboxSecrets.generate(), "dev-" + id);
        } catch (IOException e) {
            throw new RollbackException("cannot create the DevStack sandbox in " + dir + ": " + e.getMessage(), e);
        }
    }

    /** The project directory ({@code devstack-core-<id>}). */
    public Path home() {
        return home;
    }

    /** The sandbox's root folder (project, key directory, class path). */
    public Path root() {
        return root;
    }

    /** Its Vault key directory (inside the sandbox). */
    public Path keyDir() {
        return root.resolve("home/.config/vault");
    }

    /** Where the stand-ins' class path is materialized for their containers. */
    public Path lib() {
        return root.resolve("lib");
    }

    /** The branch the project's main line is on. */
    public String branch() {
        return branch;
    }

    public CommitInfo baseline() {
        return baseline;
    }

    public CommitInfo improvement() {
        return improvement;
    }

    /** The credentials its Vault holds (made for this sandbox). */
    public SandboxSecrets secrets() {
        return secrets;
    }

    /** A service's container name ({@code dev-<id>-postgres}). */
    public String container(String service) {
        return prefix + "-" + service;
    }

    /** The environment as the SDK reads it now (the real process environment, the sandbox's key directory). */
    public Environment environment() {
        return Environment.load(home);
    }

    /** Reads a project file. */
    public String read(String relative) {
        try {
            return Files.readString(home.resolve(relative), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new RollbackException("cannot read " + relative + " of the sandbox: " + e.getMessage(), e);
        }
    }

    /** Writes a project file (kept 0600 when it is {@code .env}). */
    public void write(String relative, String text) {
        try {
            write(home.resolve(relative), text, false);
            if (relative.equals(".env")) {
                SecureFiles.makePrivate(home.resolve(relative));
            }
        } catch (IOException e) {
            throw new RollbackException("cannot write " + relative + " of the sandbox: " + e.getMessage(), e);
        }
    }

    /** Sets {@code key=value} in {@code .env}, replacing the line or adding one. */
    public void setEnv(String key, String value) {
        StringBuilder out = new StringBuilder();
        boolean found = false;
        for (String line : read(".env").split("\n", -1)) {
            if (line.startsWith(key + "=")) {
                out.append(key).append('=').append(value);
                found = true;
            } else {
                out.append(line);
            }
            out.append('\n');
        }
        String text = out.substring(0, out.length() - 1);
        write(".env", found ? text : text + key + "=" + value + "\n");
    }

    /** A value of {@code .env}. */
    public String env(String key) {
        return read(".env")
                .lines()
                .filter(l -> l.startsWith(key + "="))
                .map(l -> l.substring(key.length() + 1))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException(".env has no " + key));
    }

    /** The containers' services: start, stop, health, exec, as the sandbox needs them. */
    public SandboxServices services(ContainerRuntime runtime) {
        return new SandboxServices(this, runtime);
    }

    static String resource(String name) throws IOException {
        try (InputStream in = DevStackSandbox.class.getResourceAsStream(RESOURCES + name)) {
            if (in == null) {
                throw new IOException("sandbox resource " + name + " missing from the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    static void write(Path file, String text, boolean executable) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text, StandardCharsets.UTF_8);
        if (executable) {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
