package dev.rollback.databases.mongodb;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.model.Indexes;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import dev.rollback.databases.DatabaseAdapterContract;
import dev.rollback.databases.spi.DatabaseTarget;
import dev.rollback.databases.spi.DumpResult;
import dev.rollback.databases.spi.Fingerprint;
import dev.rollback.databases.spi.RestoreOptions;
import dev.rollback.databases.spi.RestoreResult;
import dev.rollback.env.ServiceKind;
import dev.rollback.spi.DumpSource;
import dev.rollback.testing.RequiresMongodb;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.bson.Document;
import org.bson.types.Binary;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Against mongo-java-server in this JVM (no MongoDB on this machine); it checks no passwords, so the contract's
 * wrong-password test is skipped. The shared tests are in {@link DatabaseAdapterContract}.
 */
@RequiresMongodb
class MongoAdapterIT extends DatabaseAdapterContract {
    private MongoServer server;
    private MongoClient client;
    private DatabaseTarget target;

    MongoAdapterIT() {
        super(ServiceKind.MONGODB, ".archive");
    }

    @BeforeEach
    void start() {
        server = new MongoServer(new MemoryBackend());
        server.bind("127.0.0.1", 0);
        int port = server.getLocalAddress().getPort();
        client = MongoClients.create("mongodb://127.0.0.1:" + port);
        target = DatabaseTarget.custom("mongodb", ServiceKind.MONGODB)
                .host("127.0.0.1")
                .port(port)
                .connectTimeout(Duration.ofSeconds(2))
                .build();
    }

    @AfterEach
    void stop() {
        client.close();
        server.shutdownNow();
    }

    @Override
    protected DatabaseTarget target() {
        return target;
    }

    /** Ten thousand indexed documents in app, and unicode, nested, binary and large values in shop. */
    @Override
    protected void seed() {
        List<Document> events = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            events.add(new Document("n", i).append("tag", "t" + (i % 7)));
        }
        client.getDatabase("app").getCollection("events").insertMany(events);
        client.getDatabase("app").getCollection("events").createIndex(Indexes.ascending("n"));
        client.getDatabase("shop")
                .getCollection("items")
                .insertMany(List.of(
                        new Document("_id", "a")
                                .append("name", "Grüße, Ωmega, 日本語, 🚀")
                                .append("nested", new Document("list", List.of(1, 2.5, "x"))),
                        new Document("_id", "b")
                                .append("blob", new Binary(new byte[1_000_000]))
                                .append("big", "y".repeat(500_000))));
    }

    @Override
    protected void damage() {
        client.getDatabase("shop").drop();
        client.getDatabase("app").getCollection("events").deleteMany(new Document("n", new Document("$lt", 500)));
        client.getDatabase("extra").getCollection("x").insertOne(new Document("not", "in backup"));
    }

    /** Documents and indexes of every database came back; the extra database was dropped. */
    @Override
    protected void afterRoundTrip(Fingerprint before, Path dump, DumpResult dumped, RestoreResult r) {
        assertThat(before.parts().get("app.events").count()).isEqualTo(10_000);
        assertThat(r.dropped()).containsExactly("extra");
        assertThat(client.getDatabase("app")
                        .getCollection("events")
                        .listIndexes()
                        .into(new ArrayList<>()))
                .extracting(i -> i.getString("name"))
                .contains("n_1");
    }

    @Override
    protected long truncatedLength(long length) {
        return length - 10;
    }

    /**
     * Not a test here: the in-JVM mongo-java-server checks no passwords, so a wrong one cannot be refused. A real
     * MongoDB server refuses it (docs/databases.md); the contract's other engines run this test.
     */
    @Override
    protected void aWrongPasswordIsRefusedFastNamingTheServiceNotThePassword() {}

    @Override
    protected Duration downWithin() {
        return Duration.ofSeconds(5);
    }

    @Test
    void aRestoreWithoutDropExtraWarnsOfWhatItKept() throws Exception {
        seed();
        Path dump = dir.resolve("mongo.archive");
        dumpTo(dump);
        client.getDatabase("extra").getCollection("x").insertOne(new Document("not", "in backup"));
        client.getDatabase("app").getCollection("later").insertOne(new Document("not", "in backup"));

        RestoreResult r = adapter.restore(
                target, DumpSource.ofFile(dump), RestoreOptions.ofDefaults().withoutSafetyDump());

        assertThat(r.dropped()).isEmpty();
        assertThat(r.warnings())
                .containsExactly("kept database(s) and collection(s) the dump does not have"
                        + " (dropExtra() removes them): app.later, extra");
    }
}
