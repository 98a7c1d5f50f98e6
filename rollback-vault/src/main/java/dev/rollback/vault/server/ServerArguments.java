package dev.rollback.vault.server;

import dev.rollback.io.HostPort;
import java.net.InetSocketAddress;
import java.nio.file.Path;

/**
 * The command line of {@link VaultApiServer#main}: {@code --listen HOST:PORT} (default {@value #DEFAULT_LISTEN})
 * and {@code --data DIR} (default {@value #DEFAULT_DATA}), each also as {@code --listen=HOST:PORT}; {@code --help}.
 *
 * <p>{@code ServerArguments a = ServerArguments.parse("--listen", "127.0.0.1:8200", "--data", "/tmp/vault");}
 *
 * @param listen the address to listen on
 * @param dataDir the directory of the state file
 * @param help whether only the usage was asked for
 */
record ServerArguments(InetSocketAddress listen, Path dataDir, boolean help) {
    static final String DEFAULT_LISTEN = "0.0.0.0:8200";
    static final String DEFAULT_DATA = "/vault/data";
    static final String USAGE = String.join(
            System.lineSeparator(),
            "usage: java -cp <rollback-vault and Jackson jars> dev.rollback.vault.server.VaultApiServer"
                    + " [--listen HOST:PORT] [--data DIR]",
            "  --listen HOST:PORT  address to serve Vault's HTTP API on (default " + DEFAULT_LISTEN + ")",
            "  --data DIR          directory of the state file " + StateFile.NAME + ", created 0700 if absent"
                    + " (default " + DEFAULT_DATA + ")",
            "  --help              this text");

    /** Parses the arguments; {@link IllegalArgumentException} saying what is wrong with them. */
    static ServerArguments parse(String... args) {
        String listen = DEFAULT_LISTEN;
        String data = DEFAULT_DATA;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            String name = a.contains("=") ? a.substring(0, a.indexOf('=')) : a;
            if (name.equals("--help") || name.equals("-h")) {
                return new ServerArguments(address(listen), Path.of(data), true);
            }
            if (!name.equals("--listen") && !name.equals("--data")) {
                throw new IllegalArgumentException("unknown argument: " + a);
            }
            String value;
            if (a.contains("=")) {
                value = a.substring(a.indexOf('=') + 1);
            } else if (i + 1 < args.length) {
                value = args[++i];
            } else {
                throw new IllegalArgumentException(name + " needs a value");
            }
            if (value.isBlank()) {
                throw new IllegalArgumentException(name + " needs a value");
            }
            if (name.equals("--listen")) {
                listen = value;
            } else {
                data = value;
            }
        }
        return new ServerArguments(address(listen), Path.of(data), false);
    }

    /** {@code 0.0.0.0:8200}, {@code localhost:8200}, {@code [::1]:8200}. */
    static InetSocketAddress address(String hostPort) {
        InetSocketAddress parsed = HostPort.parse("--listen", hostPort);
        InetSocketAddress address = new InetSocketAddress(parsed.getHostString(), parsed.getPort());
        if (address.isUnresolved()) {
            throw new IllegalArgumentException("--listen: unknown host " + parsed.getHostString());
        }
        return address;
    }
}
