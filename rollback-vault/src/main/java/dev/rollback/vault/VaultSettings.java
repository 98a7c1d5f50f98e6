package dev.rollback.vault;

import dev.rollback.env.Environment;
import dev.rollback.errors.UsageException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Where Vault is and how to authenticate: address, per-call timeout, key directory, and the token source
 * ({@code VAULT_TOKEN}, else the key directory's {@code root-token}, else an AppRole login). Immutable; its
 * {@link #toString()} never shows a token.
 *
 * <p>{@code VaultSettings s = VaultSettings.from(env).withTimeout(Duration.ofSeconds(2));}
 */
public final class VaultSettings {
    /** The address used when {@code VAULT_ADDR} is not set. */
    public static final String DEFAULT_ADDRESS = "http://localhost:8200";
    /** The per-call timeout used unless one is given. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

    private final String address;
    private final Duration timeout;
    private final Path keyDir;
    private final String token;
    private final String appRole;

    private VaultSettings(String address, Duration timeout, Path keyDir, String token, String appRole) {
        this.address = validAddress(address);
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new UsageException("vault timeout: must be positive, got " + timeout);
        }
        this.timeout = timeout;
        this.keyDir = Objects.requireNonNull(keyDir, "keyDir");
        this.token = token == null || token.isBlank() ? null : token.trim();
        this.appRole = appRole;
    }

    /**
     * The settings of an environment: {@code VAULT_ADDR} and {@code VAULT_TOKEN} from its variables (the process
     * environment over {@code .env}), its Vault key directory, the default timeout.
     */
    public static VaultSettings from(Environment env) {
        VaultSettings s = of(env.variables(), env.vaultKeyDir());
        return s.withAddress(fromThisHost(s.address(), env));
    }

    /**
     * DevStack Core's {@code .env} sets {@code VAULT_ADDR=http://vault:8200} for its containers; from this host the
     * compose service name does not resolve, and Vault is where it publishes its port. So an address whose host is a
     * service (or container) name of the environment that this host cannot resolve becomes the host port the
     * service's {@code ports:} publish that port on ({@code "127.0.0.1:18200:8200"}), else {@code localhost} with the
     * same port, as the project's own docs tell operators to export.
     */
    static String fromThisHost(String address, Environment env) {
        URI uri;
        try {
            uri = URI.create(address);
        } catch (IllegalArgumentException e) {
            return address;
        }
        String host = uri.getHost();
        if (host == null
                || env.catalog().services().stream()
                        .noneMatch(
                                d -> d.name().equals(host) || d.containerName().equals(host))) {
            return address;
        }
        try {
            InetAddress.getByName(host);
            return address;
        } catch (UnknownHostException e) {
            int port = uri.getPort() < 0 ? 8200 : uri.getPort();
            String published = env.catalog().services().stream()
                    .filter(d -> d.name().equals(host) || d.containerName().equals(host))
                    .findFirst()
                    .flatMap(d -> publishedOn(d.ports(), port))
                    .orElse("localhost:" + port);
            return uri.getScheme() + "://" + published + (uri.getRawPath() == null ? "" : uri.getRawPath());
        }
    }

    /**
     * Where a compose {@code ports:} list publishes {@code containerPort} on this host, as {@code host:port}: the
     * host port of {@code "8200:8200"}, {@code "127.0.0.1:18200:8200"} or {@code "18200:8200/tcp"}; empty when it
     * is not published at a fixed port.
     */
    static Optional<String> publishedOn(List<String> ports, int containerPort) {
        for (String p : ports) {
            String spec = p.endsWith("/tcp") ? p.substring(0, p.length() - 4) : p;
            String[] parts = spec.split(":");
            if (parts.length < 2 || !parts[parts.length - 1].equals(Integer.toString(containerPort))) {
                continue;
            }
            String hostPort = parts[parts.length - 2];
            if (!hostPort.matches("\\d+")) {
                continue;
            }
            String ip = parts.length >= 3 ? parts[parts.length - 3] : "";
            boolean any = ip.isEmpty() || ip.equals("0.0.0.0") || ip.equals("::") || ip.equals("[::]");
            return Optional.of((any ? "localhost" : ip) + ":" + hostPort);
        }
        return Optional.empty();
    }

    /** The settings from variables ({@code VAULT_ADDR}, {@code VAULT_TOKEN}) and a key directory. */
    public static VaultSettings of(Map<String, String> variables, Path keyDir) {
        String addr = variables.get("VAULT_ADDR");
        return new VaultSettings(
                addr == null || addr.isBlank() ? DEFAULT_ADDRESS : addr.trim(),
                DEFAULT_TIMEOUT,
                keyDir,
                variables.get("VAULT_TOKEN"),
                null);
    }

    public VaultSettings withAddress(String address) {
        return new VaultSettings(address, timeout, keyDir, token, appRole);
    }

    /** The timeout of every single call (connect and read). */
    public VaultSettings withTimeout(Duration timeout) {
        return new VaultSettings(address, timeout, keyDir, token, appRole);
    }

    public VaultSettings withKeyDir(Path keyDir) {
        return new VaultSettings(address, timeout, keyDir, token, appRole);
    }

    /** Ignores {@code VAULT_TOKEN}: the token comes from the key directory ({@code root-token} or the AppRole). */
    public VaultSettings withoutTokenVariable() {
        return new VaultSettings(address, timeout, keyDir, null, appRole);
    }

    /**
     * Logs in with {@code approles/<role>/{role-id,secret-id}} of the key directory when neither {@code VAULT_TOKEN}
     * nor {@code root-token} is there.
     */
    public VaultSettings withAppRole(String role) {
        return new VaultSettings(address, timeout, keyDir, token, role);
    }

    public String address() {
        return address;
    }

    public Duration timeout() {
        return timeout;
    }

    public Path keyDir() {
        return keyDir;
    }

    public Optional<String> appRole() {
        return Optional.ofNullable(appRole);
    }

    /** Whether a token was given through {@code VAULT_TOKEN} (the token itself is not exposed). */
    public boolean hasTokenVariable() {
        return token != null;
    }

    String tokenVariable() {
        return token;
    }

    /** The timeout in whole seconds, rounded up (what the driver takes), at least 1. */
    int timeoutSeconds() {
        long s = (timeout.toMillis() + 999) / 1000;
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, s));
    }

    private static String validAddress(String address) {
        if (address == null || address.isBlank()) {
            throw new UsageException("vault address: empty; set VAULT_ADDR (default " + DEFAULT_ADDRESS + ")");
        }
        String a = address.trim();
        while (a.endsWith("/")) {
            a = a.substring(0, a.length() - 1);
        }
        try {
            URI u = URI.create(a);
            if (!"http".equals(u.getScheme()) && !"https".equals(u.getScheme()) || u.getHost() == null) {
                throw new IllegalArgumentException("not http(s)");
            }
        } catch (IllegalArgumentException e) {
            throw new UsageException("vault address: '" + address + "' is not an http(s) URL like " + DEFAULT_ADDRESS);
        }
        return a;
    }

    @Override
    public String toString() {
        return "VaultSettings[" + address + ", timeout " + timeout + ", keys " + keyDir + ", token from "
                + (token != null ? "VAULT_TOKEN" : appRole != null ? "root-token or AppRole " + appRole : "root-token")
                + "]";
    }
}
