package dev.rollback.databases.mongodb.server;

import de.bwaldvogel.mongo.MongoServer;
import dev.rollback.io.HostPort;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.h2.mvstore.MVStore;

/**
 * The MongoDB stand-in of the e2e environment: mongo-java-server speaking the wire protocol, its data in an H2
 * MVStore file that outlives the process ({@code <data>/mongo.mv}).
 *
 * <p>{@code java -cp '/opt/sandbox/lib/*' dev.rollback.databases.mongodb.server.SandboxMongoServer --listen
 * 0.0.0.0:27017 --data /data/db}
 *
 * <p>Both arguments are optional and default to exactly those values. It prints one line when it listens
 * ({@code SandboxMongoServer listening on 0.0.0.0:27017, data /data/db/mongo.mv, ready in 412 ms}); on SIGTERM
 * (a {@code docker stop}) it stops listening, closes the clients and closes the store, which writes and syncs what
 * is left. Every command's changes are written to the file before its reply (see {@link CommittingH2Backend}), so
 * even a killed process keeps what its clients were told was written. The file is locked while open: a second
 * server on the same directory fails at start.
 *
 * <p>What it is not: there is <b>no authentication</b>. mongo-java-server knows no user and no SASL command; a client
 * that sends credentials (the MongoDB driver with a {@code MongoCredential}, as {@code MongoAdapter} does when its
 * target has a user and a password) fails its handshake with {@code MongoSecurityException} ({@code no such
 * command: 'saslStart'}), which {@code MongoAdapter} reports as the server refusing the login. Clients must connect
 * without credentials. Nor is there an oplog, replica set, transactions or change streams, {@code fsync} per write
 * or journal; secondary indexes other than unique ones are accepted and listed but not used. See
 * docs/databases/mongodb.md.
 */
public final class SandboxMongoServer implements AutoCloseable {
    /** The data file's name inside the data directory. */
    public static final String DATA_FILE = "mongo.mv";
    /** Default of {@code --listen}. */
    public static final String DEFAULT_LISTEN = "0.0.0.0:27017";
    /** Default of {@code --data}. */
    public static final String DEFAULT_DATA = "/data/db";

    private final MongoServer server;
    private final Path dataFile;
    private final CountDownLatch closed = new CountDownLatch(1);

    private SandboxMongoServer(MongoServer server, Path dataFile) {
        this.server = server;
        this.dataFile = dataFile;
    }

    /**
     * Opens (or creates) {@code <dataDir>/mongo.mv} and listens on {@code listen}; port 0 picks a free one.
     *
     * <p>{@code try (var s = SandboxMongoServer.start(new InetSocketAddress("127.0.0.1", 0), dir)) { s.address(); }}
     *
     * @throws IllegalStateException when the data file cannot be opened (locked by another server, not an MVStore
     *     file, unreadable) or the address cannot be bound; the store is closed again then
     */
    public static SandboxMongoServer start(InetSocketAddress listen, Path dataDir) {
        Path file = dataDir.resolve(DATA_FILE);
        MVStore store;
        try {
            Files.createDirectories(dataDir);
            store = new MVStore.Builder().fileName(file.toString()).open();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the data directory " + dataDir, e);
        } catch (RuntimeException e) {
            throw new IllegalStateException("cannot open the data file " + file + ": " + e.getMessage(), e);
        }
        MongoServer server;
        try {
            server = new MongoServer(new CommittingH2Backend(store));
        } catch (RuntimeException e) {
            store.close();
            throw new IllegalStateException("cannot read the data file " + file + ": " + e.getMessage(), e);
        }
        try {
            // one acceptor and two I/O threads: a development stand-in on a small machine
            server.bind(new InetSocketAddress(listen.getHostString(), listen.getPort()), 1, 2);
        } catch (Exception e) { // Netty throws the BindException undeclared, and then bind does not shut down
            server.shutdownNow(); // its threads and the store; a second time is harmless
            throw new IllegalStateException("cannot listen on " + HostPort.format(listen) + ": " + e.getMessage(), e);
        }
        return new SandboxMongoServer(server, file);
    }

    /** The address it listens on (with the port chosen when 0 was asked). */
    public InetSocketAddress address() {
        return server.getLocalAddress();
    }

    /** The MVStore file holding the data. */
    public Path dataFile() {
        return dataFile;
    }

    /** Stops listening, closes the clients and the store (its data then fully on disk). Idempotent. */
    @Override
    public void close() {
        synchronized (closed) {
            if (closed.getCount() == 0) {
                return;
            }
            server.shutdownNow();
            closed.countDown();
        }
    }

    /** Blocks until {@link #close()} has run. */
    public void awaitClose() throws InterruptedException {
        closed.await();
    }

    /**
     * Runs the server until SIGTERM or SIGINT: {@code --listen host:port} (default {@value #DEFAULT_LISTEN}),
     * {@code --data dir} (default {@value #DEFAULT_DATA}). Exits 2 on bad arguments, 1 when it cannot start.
     *
     * <p>{@code SandboxMongoServer.main(new String[] {"--listen", "127.0.0.1:27017", "--data", "/tmp/db"});}
     */
    public static void main(String[] args) throws InterruptedException {
        QuietLogging.apply();
        InetSocketAddress listen;
        Path data;
        try {
            Arguments a = Arguments.parse(List.of(args));
            listen = a.listen();
            data = a.data();
        } catch (IllegalArgumentException e) {
            System.err.println("SandboxMongoServer: " + e.getMessage());
            System.err.println(
                    "usage: SandboxMongoServer [--listen " + DEFAULT_LISTEN + "] [--data " + DEFAULT_DATA + "]");
            System.exit(2);
            return;
        }
        SandboxMongoServer s;
        long listening;
        try {
            s = start(listen, data);
            listening = System.currentTimeMillis();
        } catch (RuntimeException e) {
            System.err.println("SandboxMongoServer: " + e.getMessage());
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
                            out.println("SandboxMongoServer stopped, " + s.dataFile() + " closed");
                            out.flush();
                        },
                        "sandbox-mongo-shutdown"));
        out.println("SandboxMongoServer listening on " + HostPort.format(s.address()) + ", data " + s.dataFile()
                + ", ready in " + readyMs + " ms");
        out.flush();
        s.awaitClose();
    }

    /** The command line. */
    record Arguments(InetSocketAddress listen, Path data) {
        static Arguments parse(List<String> args) {
            InetSocketAddress listen = HostPort.parse("--listen", DEFAULT_LISTEN);
            Path data = Path.of(DEFAULT_DATA);
            for (int i = 0; i < args.size(); i++) {
                String arg = args.get(i);
                switch (arg) {
                    case "--listen" -> listen = HostPort.parse(arg, value(args, ++i, arg));
                    case "--data" -> data = Path.of(value(args, ++i, arg));
                    default -> throw new IllegalArgumentException("unknown argument '" + arg + "'");
                }
            }
            return new Arguments(listen, data);
        }

        private static String value(List<String> args, int i, String option) {
            if (i >= args.size() || args.get(i).isEmpty()) {
                throw new IllegalArgumentException(option + " needs a value");
            }
            return args.get(i);
        }
    }
}
