package dev.rollback.databases.rabbitmq;

import static dev.rollback.databases.rabbitmq.RabbitMqApi.seg;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.PossibleAuthenticationFailureException;
import dev.rollback.databases.DumpDigest;
import dev.rollback.databases.FramedArchive;
import dev.rollback.databases.SafetyDumps;
import dev.rollback.databases.spi.DatabaseAdapter;
import dev.rollback.databases.spi.DatabaseHealth;
import dev.rollback.databases.spi.DatabaseTarget;
import dev.rollback.databases.spi.DumpResult;
import dev.rollback.databases.spi.Fingerprint;
import dev.rollback.databases.spi.RestoreOptions;
import dev.rollback.databases.spi.RestoreResult;
import dev.rollback.env.ServiceKind;
import dev.rollback.errors.RollbackException;
import dev.rollback.spi.DumpSource;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;

/**
 * RabbitMQ: the broker's definitions (vhosts, users, permissions, exchanges, queues, bindings, policies, parameters)
 * through the management HTTP API, {@code GET /api/definitions} cut down to the vhosts in scope, restored with
 * {@code POST /api/definitions}; health opens an AMQP connection and a channel.
 *
 * <p>{@code new RabbitMqAdapter().dump(target.withScope(List.of("orders")), out);}
 *
 * <p>The definitions JSON is one record of the {@value #FORMAT} framed archive, whose trailer proves it complete.
 * An import only adds and updates, so {@link RestoreOptions#dropExtras()} deletes what the dump lacks (see
 * {@link RabbitMqExtras}); {@link RestoreOptions#clean()} deletes and recreates queues and exchanges whose
 * properties differ from the dump (the import keeps the old ones: RabbitMQ 3.10 answers 2xx and leaves them as they
 * were), and a merge names them in a warning. The broker's state, which those decisions need, is read while the
 * import runs (what the import adds is in the dump, so it changes none of them); queues and exchanges found
 * changed are then deleted and the definitions imported once more. Messages are not dumped.
 */
public final class RabbitMqAdapter implements DatabaseAdapter {
    /** The archive format name. */
    public static final String FORMAT = "rollback-rabbitmq-v1";

    private static final int DEFINITIONS = 1;

    @Override
    public Set<ServiceKind> kinds() {
        return Set.of(ServiceKind.RABBITMQ);
    }

    /** Opens a connection and a channel to the target's vhost ({@code database}, default {@code /}); never retried. */
    @Override
    public DatabaseHealth health(DatabaseTarget target) {
        long start = System.nanoTime();
        ConnectionFactory f = new ConnectionFactory();
        f.setHost(target.host());
        f.setPort(target.port());
        f.setUsername(target.user());
        f.setPassword(target.password().orElse(""));
        f.setVirtualHost(target.database().orElse("/"));
        int timeout = (int) Math.max(1, target.connectTimeout().toMillis());
        f.setConnectionTimeout(timeout);
        f.setHandshakeTimeout(timeout);
        f.setShutdownTimeout(timeout);
        f.setAutomaticRecoveryEnabled(false);
        f.setTopologyRecoveryEnabled(false);
        try (Connection c = f.newConnection("rollback-health");
                Channel ch = c.createChannel()) {
            Object version = c.getServerProperties().get("version");
            return new DatabaseHealth(
                    target.service(),
                    version == null ? "" : version.toString(),
                    Duration.ofNanos(System.nanoTime() - start),
                    1);
        } catch (PossibleAuthenticationFailureException e) {
            throw new RollbackException(
                    "service " + target.service() + ": RabbitMQ at " + target.address()
                            + " refused the login of user " + target.user()
                            + " (not retried); check the password in secret/"
                            + target.service(),
                    e);
        } catch (IOException | TimeoutException e) {
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            throw new RollbackException(
                    "service " + target.service() + ": RabbitMQ at " + target.address()
                            + " is not reachable after " + took.toMillis() + " ms (" + describe(e)
                            + ", connect timeout "
                            + target.connectTimeout().toMillis() + " ms); start the broker or check host and port",
                    e);
        }
    }

    @Override
    public DumpResult dump(DatabaseTarget target, OutputStream out) {
        long start = System.nanoTime();
        RabbitMqApi api = RabbitMqApi.of(target);
        ObjectNode defs = RabbitMqDefinitions.current(api, target);
        DumpDigest digest = new DumpDigest(out);
        try (FramedArchive.Writer w = FramedArchive.writer(digest, FORMAT)) {
            w.record(
                    DEFINITIONS,
                    RabbitMqApi.JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(defs));
        } catch (IOException e) {
            throw new RollbackException(
                    "service " + target.service() + ": writing the dump failed (" + e.getMessage()
                            + "); it is incomplete, discard it",
                    e);
        }
        return new DumpResult(
                target.service(),
                digest.bytes(),
                digest.sha256Hex(),
                FORMAT,
                "management API /api/definitions (RabbitMQ "
                        + defs.path("rabbitmq_version").asText("?") + ")",
                Duration.ofNanos(System.nanoTime() - start));
    }

    @Override
    public RestoreResult restore(DatabaseTarget target, DumpSource source, RestoreOptions options) {
        long start = System.nanoTime();
        FramedArchive.verify(target.service(), source, FORMAT, options.expectedSha256());
        ObjectNode dump = RabbitMqDefinitions.scoped(read(target, source), target);
        Optional<Path> safety = SafetyDumps.take(this, target, options, ".rmqdefs");
        RabbitMqApi api = RabbitMqApi.of(target);
        List<String> dropped = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        try {
            byte[] definitions = RabbitMqApi.JSON.writeValueAsBytes(dump);
            Set<String> recreated = new HashSet<>();
            // an import only adds and updates, so what the broker has besides the dump reads the same before, during
            // and after it: the broker's state is read while the import runs
            CompletableFuture<JsonNode> reading = CompletableFuture.supplyAsync(() -> RabbitMqExtras.read(api, target));
            RollbackException refused = null;
            try {
                api.post("/api/definitions", definitions);
            } catch (RollbackException e) {
                refused = e; // a broker that refuses a queue the dump declares with other properties: see below
            }
            JsonNode before = join(reading, refused);
            List<String> changed = changed(RabbitMqDefinitions.scoped(before, target), dump);
            if (refused != null && (changed.isEmpty() || !options.clean())) {
                throw refused;
            }
            if (!options.clean() && !changed.isEmpty()) {
                warnings.add(RestoreResult.names(
                        "kept " + changed.size() + " queue(s) or exchange(s) with properties"
                                + " other than the dump's (a merge does not recreate them; the default clean restore does, and a"
                                + " queue's messages are lost with it)",
                        changed.stream().map(c -> c.replace('\0', '/')).toList(),
                        20));
            } else if (!changed.isEmpty()) {
                // a queue or an exchange the dump has with other properties: the import keeps the old one (or
                // refuses it); deleted and imported again, as the dump has it
                for (String c : changed) {
                    String[] kind = c.split(" ", 2);
                    String[] at = kind[1].split("\0", 2);
                    api.delete("/api/" + kind[0] + "s/" + seg(at[0]) + "/" + seg(at[1]));
                    recreated.add(kind[0] + " " + at[0] + "/" + at[1]);
                }
                api.post("/api/definitions", definitions);
                recreated.stream().sorted().forEach(r -> dropped.add(r + " (recreated with the dump's properties)"));
                recreated.stream()
                        .filter(r -> r.startsWith("queue "))
                        .sorted()
                        .forEach(r -> warnings.add(
                                r + " was recreated with the dump's properties; the messages it held are lost"));
            }
            RabbitMqExtras extras = new RabbitMqExtras(api, target, options.dropExtras());
            List<String> found = extras.drop(dump, before, recreated);
            if (options.dropExtras()) {
                dropped.addAll(found);
                warnings.addAll(extras.kept());
            } else if (!found.isEmpty()) {
                warnings.add(RestoreResult.names(
                        "kept " + found.size() + " object(s) the dump does not have (the"
                                + " definitions import only merges; dropExtra() removes them)",
                        found,
                        20));
            }
        } catch (IOException | RuntimeException e) {
            throw new RollbackException(
                    "service " + target.service() + ": the restore failed part way ("
                            + e.getMessage() + ")"
                            + safety.map(p -> "; the definitions before it are in " + p.getFileName()
                                            + ", restore that to go back")
                                    .orElse(""),
                    e);
        }
        return new RestoreResult(
                target.service(),
                source.length(),
                safety,
                dropped,
                Duration.ofNanos(System.nanoTime() - start),
                warnings);
    }

    @Override
    public Fingerprint fingerprint(DatabaseTarget target) {
        return RabbitMqFingerprint.of(target, RabbitMqDefinitions.current(RabbitMqApi.of(target), target));
    }

    /** The definitions in a verified dump. */
    private static JsonNode read(DatabaseTarget target, DumpSource source) {
        JsonNode[] defs = {null};
        try (InputStream in = source.open()) {
            FramedArchive.read(in, FORMAT, (tag, body) -> {
                if (tag == DEFINITIONS) {
                    defs[0] = RabbitMqApi.JSON.readTree(body);
                }
            });
        } catch (IOException e) {
            throw new RollbackException(
                    "service " + target.service() + ": cannot read " + source.describe() + " (" + e.getMessage()
                            + "); nothing was changed",
                    e);
        }
        if (defs[0] == null || !defs[0].isObject()) {
            throw new RollbackException("service " + target.service() + ": " + source.describe() + " holds no"
                    + " definitions; nothing was changed");
        }
        return defs[0];
    }

    /**
     * The queues and exchanges that exist ({@code now}) with properties other than the dump's, as
     * {@code queue <vhost>\0<name>}, {@code exchange <vhost>\0<name>}.
     */
    private static List<String> changed(JsonNode now, JsonNode dump) {
        List<String> out = new ArrayList<>();
        for (String section : List.of("queues", "exchanges")) {
            Map<String, String> present = new HashMap<>();
            now.path(section)
                    .forEach(i -> present.put(
                            i.path("vhost").asText() + "\0" + i.path("name").asText(),
                            RabbitMqFingerprint.canonical(i)));
            for (JsonNode i : dump.path(section)) {
                String key = i.path("vhost").asText() + "\0" + i.path("name").asText();
                String there = present.get(key);
                if (there != null && !there.equals(RabbitMqFingerprint.canonical(i))) {
                    out.add(section.substring(0, section.length() - 1) + " " + key);
                }
            }
        }
        return out;
    }

    /** The broker's state read beside the import; the import's own failure, if any, is the one reported. */
    private static JsonNode join(CompletableFuture<JsonNode> reading, RollbackException refused) {
        try {
            return reading.join();
        } catch (CompletionException e) {
            if (refused != null) {
                throw refused;
            }
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }

    private static String describe(Exception e) {
        Throwable t = e;
        while (t.getCause() != null && t.getMessage() == null) {
            t = t.getCause();
        }
        return t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
    }
}
