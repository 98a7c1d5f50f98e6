package dev.rollback.validation.sandbox;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import dev.rollback.io.HostPort;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The HTTP stand-in of the e2e environment for Forgejo ({@code --kind forgejo}) and for DevStack's reference APIs
 * ({@code --kind api}), on the JDK's HTTP server, its data in a directory (the service's volume).
 *
 * <p>{@code java -cp '/opt/sandbox/lib/*' dev.rollback.validation.sandbox.HttpStandIn --kind forgejo --listen
 * 0.0.0.0:3000 --data /data}
 *
 * <p>{@code --kind} is required; {@code --listen} defaults to {@code 0.0.0.0:3000} for forgejo and
 * {@code 0.0.0.0:8000} for api, {@code --data} to {@code /data}. The routes are in {@link ForgejoRoutes} and
 * {@link ApiRoutes}. On the first start in an empty data directory it writes the state file
 * ({@code state.json}, see {@link StandInState}); the health routes ({@code /api/healthz}, {@code /health/}) read it on
 * every request and answer 503 with the reason when it is missing, unreadable, corrupt or of the other kind, so a
 * damaged volume makes the container unhealthy. Writes go to a temporary file, synced, renamed over the old one. It
 * prints one line when it listens, one when SIGTERM stopped it.
 */
public final class HttpStandIn implements AutoCloseable {
    /** Default of {@code --data}. */
    public static final String DEFAULT_DATA = "/data";

    /** Which server it stands in for. */
    public enum Kind {
        /** Forgejo: {@code /api/healthz}, {@code /api/v1/repos}. */
        FORGEJO(3000),
        /** A DevStack reference API: {@code /health/}, {@code /health/all}, {@code /api/items}. */
        API(8000);

        private final int defaultPort;

        Kind(int defaultPort) {
            this.defaultPort = defaultPort;
        }

        /** Its {@code --kind} value: {@code Kind.API.id() // "api"}. */
        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** The port it listens on unless {@code --listen} says otherwise. */
        public int defaultPort() {
            return defaultPort;
        }

        static Kind of(String id) {
            for (Kind k : values()) {
                if (k.id().equals(id)) {
                    return k;
                }
            }
            throw new IllegalArgumentException("--kind must be forgejo or api, got '" + id + "'");
        }
    }

    private final HttpServer server;
    private final ExecutorService threads;
    private final StandInState state;
    private final CountDownLatch closed = new CountDownLatch(1);

    private HttpStandIn(HttpServer server, ExecutorService threads, StandInState state) {
        this.server = server;
        this.threads = threads;
        this.state = state;
    }

    /**
     * Prepares {@code data} and listens on {@code listen}; port 0 picks a free one.
     *
     * <p>{@code try (var s = HttpStandIn.start(Kind.API, new InetSocketAddress("127.0.0.1", 0), dir)) { ... }}
     *
     * @throws UncheckedIOException when the data directory cannot be made or the address cannot be bound
     */
    public static HttpStandIn start(Kind kind, InetSocketAddress listen, Path data) {
        ObjectMapper json = new ObjectMapper();
        StandInState state = StandInState.open(data, kind.id(), json);
        HttpHandler routes = kind == Kind.FORGEJO ? new ForgejoRoutes(state, json) : new ApiRoutes(state, json);
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(listen.getHostString(), listen.getPort()), 50);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on " + HostPort.format(listen) + ": " + e.getMessage(), e);
        }
        ExecutorService threads = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "http-stand-in");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(threads);
        server.createContext("/", x -> {
            try (x) {
                routes.handle(x);
            } catch (IOException | RuntimeException e) {
                if (x.getResponseCode() == -1) { // nothing sent yet
                    Exchanges.json(x, 500, Map.of("message", "internal error: " + e.getMessage()), json);
                }
            }
        });
        server.start();
        return new HttpStandIn(server, threads, state);
    }

    /** The address it listens on (with the port chosen when 0 was asked). */
    public InetSocketAddress address() {
        return server.getAddress();
    }

    /** The state file that its health reflects. */
    public Path stateFile() {
        return state.file();
    }

    /** Stops listening and closes the connections. Idempotent. */
    @Override
    public void close() {
        synchronized (closed) {
            if (closed.getCount() == 0) {
                return;
            }
            server.stop(0); // on Java 17 any delay is waited in full, busy or not
            threads.shutdownNow();
            closed.countDown();
        }
    }

    /** Blocks until {@link #close()} has run. */
    public void awaitClose() throws InterruptedException {
        closed.await();
    }

    /**
     * Runs the stand-in until SIGTERM or SIGINT: {@code --kind forgejo|api}, {@code --listen host:port},
     * {@code --data dir}. Exits 2 on bad arguments, 1 when it cannot start.
     *
     * <p>{@code HttpStandIn.main(new String[] {"--kind", "api", "--listen", "127.0.0.1:8000", "--data", "/tmp/a"});}
     */
    public static void main(String[] args) throws InterruptedException {
        Arguments a;
        try {
            a = Arguments.parse(List.of(args));
        } catch (IllegalArgumentException e) {
            System.err.println("HttpStandIn: " + e.getMessage());
            System.err.println("usage: HttpStandIn --kind forgejo|api [--listen 0.0.0.0:<3000|8000>] [--data "
                    + DEFAULT_DATA + "]");
            System.exit(2);
            return;
        }
        HttpStandIn s;
        long listening;
        try {
            s = start(a.kind(), a.listen(), a.data());
            listening = System.currentTimeMillis();
        } catch (UncheckedIOException e) {
            System.err.println("HttpStandIn: " + e.getMessage());
            System.exit(1);
            return;
        }
        // since the JVM started, to the millisecond (the process start time from /proc is only to the second)
        long readyMs = listening - ManagementFactory.getRuntimeMXBean().getStartTime();
        PrintStream out = System.out;
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            s.close();
                            out.println("HttpStandIn " + a.kind().id() + " stopped");
                            out.flush();
                        },
                        "http-stand-in-shutdown"));
        String health = s.state.problem().map(p -> "unhealthy: " + p).orElse("healthy");
        out.println("HttpStandIn " + a.kind().id() + " listening on " + HostPort.format(s.address()) + ", data "
                + a.data() + " (" + health + "), ready in " + readyMs + " ms");
        out.flush();
        s.awaitClose();
    }

    /** The command line. */
    record Arguments(Kind kind, InetSocketAddress listen, Path data) {
        static Arguments parse(List<String> args) {
            Kind kind = null;
            InetSocketAddress listen = null;
            Path data = Path.of(DEFAULT_DATA);
            for (int i = 0; i < args.size(); i++) {
                String arg = args.get(i);
                switch (arg) {
                    case "--kind" -> kind = Kind.of(value(args, ++i, arg));
                    case "--listen" -> listen = HostPort.parse(arg, value(args, ++i, arg));
                    case "--data" -> data = Path.of(value(args, ++i, arg));
                    default -> throw new IllegalArgumentException("unknown argument '" + arg + "'");
                }
            }
            if (kind == null) {
                throw new IllegalArgumentException("--kind is required");
            }
            return new Arguments(
                    kind,
                    listen != null ? listen : InetSocketAddress.createUnresolved("0.0.0.0", kind.defaultPort()),
                    data);
        }

        private static String value(List<String> args, int i, String option) {
            if (i >= args.size() || args.get(i).isEmpty()) {
                throw new IllegalArgumentException(option + " needs a value");
            }
            return args.get(i);
        }
    }
}
