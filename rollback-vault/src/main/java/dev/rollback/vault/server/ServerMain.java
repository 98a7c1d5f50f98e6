package dev.rollback.vault.server;

import dev.rollback.io.HostPort;
import java.io.IOException;
import java.io.PrintStream;

/**
 * What {@link VaultApiServer#main} does, with its output streams given so it can be tested: parses the arguments,
 * opens the server and prints one line on start and one per change of the seal state, never a key or a token.
 *
 * <p>{@code ServerMain m = new ServerMain(System.out, System.err); int code = m.run(args);}
 */
final class ServerMain {
    static final String NAME = "Vault API server";
    private final PrintStream out;
    private final PrintStream err;
    private VaultApiServer server;

    ServerMain(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    /**
     * Starts the server and returns 0 while it runs (or 0 after printing the usage for {@code --help}); 2 for bad
     * arguments, with the usage on the error stream; 1 when the server cannot start (an unreadable state file, the
     * address in use), saying why.
     */
    int run(String... args) {
        ServerArguments a;
        try {
            a = ServerArguments.parse(args);
        } catch (IllegalArgumentException e) {
            err.println(NAME + ": " + e.getMessage());
            err.println(ServerArguments.USAGE);
            return 2;
        }
        if (a.help()) {
            out.println(ServerArguments.USAGE);
            return 0;
        }
        try {
            server = VaultApiServer.open(a.dataDir(), a.listen(), line -> out.println(NAME + ": " + line));
        } catch (UnreadableStateException e) {
            err.println(NAME + ": " + e.getMessage());
            return 1;
        } catch (IOException e) {
            err.println(
                    NAME + ": cannot start on " + HostPort.format(a.listen()) + " with data " + a.dataDir() + ": " + e);
            return 1;
        }
        out.println(NAME + " (the rollback SDK's stand-in for Vault) listening on "
                + HostPort.format(server.listenAddress()) + ", data " + a.dataDir() + ": "
                + (server.initialized() ? "sealed" : "not initialized"));
        return 0;
    }

    /** The server {@link #run} started, {@code null} if none. */
    VaultApiServer server() {
        return server;
    }

    /** Closes the server, saying so. */
    void stop() {
        if (server != null) {
            server.close();
            server = null;
            out.println(NAME + ": stopped");
        }
    }
}
