package dev.rollback.databases.mongodb.server;

import com.mongodb.MongoClientSettings;
import com.mongodb.MongoException;
import com.mongodb.ServerAddress;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import dev.rollback.io.HostPort;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.bson.Document;
import org.bson.json.JsonParseException;

/**
 * A one-command MongoDB client for {@code docker exec} into the stand-in's container, to seed and change data from
 * tests and to serve as its health check.
 *
 * <p>{@code docker exec mongodb java -cp '/opt/sandbox/lib/*' dev.rollback.databases.mongodb.server.SandboxMongoShell
 * insert app users '{"_id": 1, "name": "ada"}'}
 *
 * <p>Commands: {@code ping}; {@code insert <db> <collection> <json>...} (one document per argument, MongoDB
 * extended JSON); {@code drop <db> <collection>}; {@code count <db> <collection>} (prints the number alone). It
 * connects to {@code 127.0.0.1:27017} unless {@code --server host:port} comes first, without credentials, and gives
 * up after 3 s without a server. It prints one line and exits 0, or prints one line on stderr and exits 1.
 */
public final class SandboxMongoShell {
    /** Default of {@code --server}. */
    public static final String DEFAULT_SERVER = "127.0.0.1:27017";

    private static final int TIMEOUT_MS = 3000;
    private static final String USAGE = "usage: SandboxMongoShell [--server host:port] ping | insert <db> <collection>"
            + " <json>... | drop <db> <collection> | count <db> <collection>";

    private SandboxMongoShell() {}

    /** Runs one command and exits with its status. */
    public static void main(String[] args) {
        QuietLogging.apply();
        System.exit(run(List.of(args), System.out, System.err));
    }

    /**
     * Runs one command, its result line on {@code out}, an error line on {@code err}; returns the exit status.
     *
     * <p>{@code SandboxMongoShell.run(List.of("--server", "127.0.0.1:" + port, "count", "app", "users"), out, err)}
     */
    public static int run(List<String> args, PrintStream out, PrintStream err) {
        InetSocketAddress server;
        List<String> rest;
        try {
            boolean named = !args.isEmpty() && args.get(0).equals("--server");
            if (named && args.size() < 2) {
                throw new IllegalArgumentException("--server needs a value");
            }
            server = HostPort.parse("--server", named ? args.get(1) : DEFAULT_SERVER);
            rest = args.subList(named ? 2 : 0, args.size());
            if (rest.isEmpty()) {
                throw new IllegalArgumentException("no command");
            }
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage() + "; " + USAGE);
            return 1;
        }
        String command = rest.get(0);
        InetSocketAddress to = server;
        List<String> operands = rest.subList(1, rest.size());
        try {
            String result = switch (command) {
                case "ping" ->
                    withClient(to, operands, 0, 0, c -> {
                        c.getDatabase("admin").runCommand(new Document("ping", 1));
                        return "ok " + HostPort.format(to);
                    });
                case "insert" -> {
                    List<Document> docs = new ArrayList<>();
                    for (String json : operands.subList(Math.min(2, operands.size()), operands.size())) {
                        docs.add(Document.parse(json));
                    }
                    yield withClient(to, operands, 3, Integer.MAX_VALUE, c -> {
                        collection(c, operands).insertMany(docs);
                        return "inserted " + docs.size() + " into " + operands.get(0) + "." + operands.get(1);
                    });
                }
                case "drop" ->
                    withClient(to, operands, 2, 2, c -> {
                        collection(c, operands).drop();
                        return "dropped " + operands.get(0) + "." + operands.get(1);
                    });
                case "count" ->
                    withClient(
                            to,
                            operands,
                            2,
                            2,
                            c -> String.valueOf(collection(c, operands).countDocuments()));
                default -> throw new IllegalArgumentException("unknown command '" + command + "'");
            };
            out.println(result);
            return 0;
        } catch (IllegalArgumentException | JsonParseException e) {
            err.println(e.getMessage() + "; " + USAGE);
            return 1;
        } catch (MongoException e) {
            err.println(command + " failed: " + firstLine(e.getMessage()));
            return 1;
        }
    }

    private interface Action {
        String apply(MongoClient client);
    }

    private static String withClient(InetSocketAddress server, List<String> operands, int min, int max, Action a) {
        if (operands.size() < min || operands.size() > max) {
            throw new IllegalArgumentException("wrong number of arguments");
        }
        MongoClientSettings settings = MongoClientSettings.builder()
                .applyToClusterSettings(
                        b -> b.hosts(List.of(new ServerAddress(server.getHostString(), server.getPort())))
                                .serverSelectionTimeout(TIMEOUT_MS, TimeUnit.MILLISECONDS))
                .applyToSocketSettings(
                        b -> b.connectTimeout(TIMEOUT_MS, TimeUnit.MILLISECONDS).readTimeout(30, TimeUnit.SECONDS))
                .applicationName("sandbox-mongo-shell")
                .build();
        try (MongoClient c = MongoClients.create(settings)) {
            return a.apply(c);
        }
    }

    private static MongoCollection<Document> collection(MongoClient c, List<String> operands) {
        return c.getDatabase(operands.get(0)).getCollection(operands.get(1));
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "(no message)";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
