package dev.rollback.databases.mongodb;

import com.mongodb.MongoClientSettings;
import com.mongodb.MongoCredential;
import com.mongodb.MongoException;
import com.mongodb.MongoSecurityException;
import com.mongodb.MongoTimeoutException;
import com.mongodb.ServerAddress;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoCursor;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.IndexOptions;
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
import dev.rollback.io.Sha256;
import dev.rollback.spi.DumpSource;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.bson.Document;
import org.bson.RawBsonDocument;

/**
 * MongoDB through the driver: every database but {@code admin}, {@code local} and {@code config} (or the target's
 * scope), each collection's index definitions and documents as raw BSON, in one framed archive stream with a
 * checksummed trailer; restored with batched inserts after dropping what it replaces. Health is {@code ping}.
 *
 * <p>{@code new MongoAdapter().dump(target, out); // users, roles and the admin database are not captured}
 *
 * <p>With the target option {@code tool=mongodump}, dumps use {@code mongodump --archive} where the target's runner
 * runs tools (see {@link MongoTools}); a restore follows the dump's format, so such a dump is restored with
 * {@code mongorestore}.
 */
public final class MongoAdapter implements DatabaseAdapter {
    /** The archive format name. */
    public static final String FORMAT = "rollback-mongodb-v1";

    static final Set<String> SYSTEM = Set.of("admin", "local", "config");
    private static final int COLLECTION = 1;
    private static final int INDEX = 2;
    private static final int DOCUMENT = 3;
    private static final int BATCH = 1000;

    @Override
    public Set<ServiceKind> kinds() {
        return Set.of(ServiceKind.MONGODB);
    }

    @Override
    public DatabaseHealth health(DatabaseTarget target) {
        long start = System.nanoTime();
        try (MongoClient c = client(target)) {
            c.getDatabase("admin").runCommand(new Document("ping", 1));
            String version = String.valueOf(c.getDatabase("admin")
                    .runCommand(new Document("buildInfo", 1))
                    .get("version"));
            return new DatabaseHealth(target.service(), version, Duration.ofNanos(System.nanoTime() - start), 1);
        } catch (MongoException e) {
            throw failure(target, "ping", e);
        }
    }

    @Override
    public DumpResult dump(DatabaseTarget target, OutputStream out) {
        if (MongoTools.asked(target)) {
            return MongoTools.dump(target, out);
        }
        long start = System.nanoTime();
        DumpDigest digest = new DumpDigest(out);
        try (MongoClient c = client(target);
                FramedArchive.Writer w = FramedArchive.writer(digest, FORMAT)) {
            for (String dbName : databases(c, target)) {
                MongoDatabase db = c.getDatabase(dbName);
                for (String coll : db.listCollectionNames().into(new ArrayList<>()).stream()
                        .sorted()
                        .toList()) {
                    w.record(COLLECTION, (dbName + "\0" + coll).getBytes(StandardCharsets.UTF_8));
                    for (Document index : db.getCollection(coll).listIndexes()) {
                        if (!"_id_".equals(index.getString("name"))) {
                            w.record(INDEX, bytes(RawBsonDocument.parse(index.toJson())));
                        }
                    }
                    try (MongoCursor<RawBsonDocument> docs =
                            db.getCollection(coll, RawBsonDocument.class).find().iterator()) {
                        while (docs.hasNext()) {
                            w.record(DOCUMENT, bytes(docs.next()));
                        }
                    }
                }
            }
        } catch (MongoException e) {
            throw failure(target, "dump", e);
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
                "mongodb-driver-sync",
                Duration.ofNanos(System.nanoTime() - start));
    }

    @Override
    public RestoreResult restore(DatabaseTarget target, DumpSource source, RestoreOptions options) {
        // the dump's own format decides: a mongodump archive needs mongorestore whatever the target's tool option
        if (FramedArchive.formatOf(source).filter(MongoTools.FORMAT::equals).isPresent()) {
            return MongoTools.restore(this, target, source, options);
        }
        long start = System.nanoTime();
        Set<String> inDump = new LinkedHashSet<>();
        FramedArchive.verify(target.service(), source, FORMAT, options.expectedSha256());
        try (InputStream in = source.open()) {
            FramedArchive.read(in, FORMAT, (tag, body) -> {
                if (tag == COLLECTION) {
                    inDump.add(new String(body, StandardCharsets.UTF_8));
                }
            });
        } catch (IOException e) {
            throw new RollbackException("service " + target.service() + ": cannot read " + source.describe(), e);
        }
        Optional<Path> safety = SafetyDumps.take(this, target, options, ".mongo");
        List<String> dropped = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        try (MongoClient c = client(target)) {
            Set<String> dumpedDbs = new LinkedHashSet<>();
            inDump.forEach(k -> dumpedDbs.add(k.substring(0, k.indexOf('\0'))));
            List<String> extra = new ArrayList<>();
            for (String db : databases(c, target)) {
                if (!dumpedDbs.contains(db)) {
                    extra.add(db);
                    if (options.dropExtras()) {
                        c.getDatabase(db).drop();
                    }
                } else {
                    for (String coll : c.getDatabase(db).listCollectionNames()) {
                        if (!inDump.contains(db + "\0" + coll)) {
                            extra.add(db + "." + coll);
                            if (options.dropExtras()) {
                                c.getDatabase(db).getCollection(coll).drop();
                            }
                        }
                    }
                }
            }
            if (options.dropExtras()) {
                dropped.addAll(extra);
            } else if (!extra.isEmpty()) {
                warnings.add(RestoreResult.names(
                        "kept database(s) and collection(s) the dump does not have" + " (dropExtra() removes them)",
                        extra,
                        20));
            }
            if (options.clean()) {
                inDump.forEach(k -> c.getDatabase(k.substring(0, k.indexOf('\0')))
                        .getCollection(k.substring(k.indexOf('\0') + 1))
                        .drop());
            }
            apply(c, source);
        } catch (MongoException e) {
            throw new RollbackException(
                    failure(target, "restore", e).getMessage()
                            + safety.map(p -> "; the data" + " before the restore is in " + p.getFileName())
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

    private static void apply(MongoClient c, DumpSource source) {
        List<RawBsonDocument> batch = new ArrayList<>(BATCH);
        @SuppressWarnings("unchecked")
        MongoCollection<RawBsonDocument>[] current = new MongoCollection[1];
        try (InputStream in = source.open()) {
            FramedArchive.read(in, FORMAT, (tag, body) -> {
                if (tag == COLLECTION) {
                    flush(current[0], batch);
                    String k = new String(body, StandardCharsets.UTF_8);
                    MongoDatabase db = c.getDatabase(k.substring(0, k.indexOf('\0')));
                    String coll = k.substring(k.indexOf('\0') + 1);
                    db.createCollection(coll);
                    current[0] = db.getCollection(coll, RawBsonDocument.class);
                } else if (tag == INDEX) {
                    Document index = Document.parse(new RawBsonDocument(body).toJson());
                    current[0].createIndex(
                            index.get("key", Document.class),
                            new IndexOptions()
                                    .name(index.getString("name"))
                                    .unique(Boolean.TRUE.equals(index.getBoolean("unique")))
                                    .sparse(Boolean.TRUE.equals(index.getBoolean("sparse"))));
                } else if (tag == DOCUMENT) {
                    batch.add(new RawBsonDocument(body));
                    if (batch.size() == BATCH) {
                        flush(current[0], batch);
                    }
                }
            });
            flush(current[0], batch);
        } catch (IOException e) {
            throw new RollbackException("restore read failed: " + e.getMessage(), e);
        }
    }

    private static void flush(MongoCollection<RawBsonDocument> coll, List<RawBsonDocument> batch) {
        if (coll != null && !batch.isEmpty()) {
            coll.insertMany(batch);
        }
        batch.clear();
    }

    @Override
    public Fingerprint fingerprint(DatabaseTarget target) {
        Map<String, Fingerprint.Part> parts = new TreeMap<>();
        try (MongoClient c = client(target)) {
            for (String dbName : databases(c, target)) {
                MongoDatabase db = c.getDatabase(dbName);
                for (String coll : db.listCollectionNames()) {
                    var sha = Sha256.digest();
                    long n = 0;
                    try (MongoCursor<RawBsonDocument> docs = db.getCollection(coll, RawBsonDocument.class)
                            .find()
                            .sort(new Document("_id", 1))
                            .iterator()) {
                        while (docs.hasNext()) {
                            sha.update(bytes(docs.next()));
                            n++;
                        }
                    }
                    parts.put(dbName + "." + coll, new Fingerprint.Part(n, Sha256.hex(sha.digest())));
                }
            }
        } catch (MongoException e) {
            throw failure(target, "fingerprint", e);
        }
        return Fingerprint.of(target.service(), parts);
    }

    static List<String> databases(MongoClient c, DatabaseTarget target) {
        return c.listDatabaseNames().into(new ArrayList<>()).stream()
                .filter(d -> !SYSTEM.contains(d))
                .filter(d -> target.scope().isEmpty() || target.scope().contains(d))
                .sorted()
                .toList();
    }

    private static byte[] bytes(RawBsonDocument d) {
        ByteBuffer b = d.getByteBuffer().asNIO();
        byte[] out = new byte[b.remaining()];
        b.get(out);
        return out;
    }

    static MongoClient client(DatabaseTarget target) {
        long ms = target.connectTimeout().toMillis();
        MongoClientSettings.Builder s = MongoClientSettings.builder()
                .applyToClusterSettings(b -> b.hosts(List.of(new ServerAddress(target.host(), target.port())))
                        .serverSelectionTimeout(ms, TimeUnit.MILLISECONDS))
                .applyToSocketSettings(b -> b.connectTimeout((int) ms, TimeUnit.MILLISECONDS))
                .applicationName("rollback");
        if (!target.user().isEmpty() && target.password().isPresent()) {
            s.credential(MongoCredential.createCredential(
                    target.user(), "admin", target.password().get().toCharArray()));
        }
        return MongoClients.create(s.build());
    }

    static RollbackException failure(DatabaseTarget target, String doing, MongoException e) {
        String what;
        if (e instanceof MongoSecurityException) {
            what = "the server refused the login of user '" + target.user() + "'; check secret/" + target.service()
                    + " (user, password). Not retried";
        } else if (e instanceof MongoTimeoutException) {
            what = "the server at " + target.address() + " is not reachable within " + target.connectTimeout()
                    + "; start it or fix host/port";
        } else {
            what = e.getMessage();
        }
        return new RollbackException(
                "service " + target.service() + " (mongodb at " + target.address() + "): " + doing + " failed: " + what,
                e);
    }
}
