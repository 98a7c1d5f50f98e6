package dev.rollback.databases.mongodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.model.Indexes;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import dev.rollback.databases.spi.DatabaseAdapter;
import dev.rollback.databases.spi.DatabaseAdapters;
import dev.rollback.databases.spi.DatabaseTarget;
import dev.rollback.databases.spi.DumpResult;
import dev.rollback.databases.spi.Fingerprint;
import dev.rollback.databases.spi.RestoreOptions;
import dev.rollback.databases.spi.RestoreResult;
import dev.rollback.env.ServiceKind;
import dev.rollback.errors.RollbackException;
import dev.rollback.spi.DumpSource;
import dev.rollback.testing.RequiresMongodb;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.bson.Document;
import org.bson.types.Binary;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Against mongo-java-server in this JVM (no MongoDB on this machine). */
@RequiresMongodb
class MongoAdapterIT {
    private final DatabaseAdapter adapter = DatabaseAdapters.require(ServiceKind.MONGODB);
    private MongoServer server;
    private MongoClient client;
    private DatabaseTarget target;

    @TempDir
    Path dir;

    @BeforeEach
    void start() {
        server = new MongoServer(new MemoryBackend());
        server.bind("127.0.0.1", 0);
        int port = server.getLocalAddress().getPort();
        client = MongoClients.create("mongodb://127.0.0.1:" + port);
        target = DatabaseTarget.custom("mongodb", ServiceKind.MONGODB).host("127.0.0.1").port(port)
            .connectTimeout(Duration.ofSeconds(2)).build();
    }

    @AfterEach
    void stop() {
        client.close();
        server.shutdownNow();
    }

    @Test
    void documentsAndIndexesOfEveryDatabaseSurviveDumpDestroyRestore() throws Exception {
        seed();
        Fingerprint before = adapter.fingerprint(target);
        Path dump = dir.resolve("mongo.archive");
        DumpResult d;
        try (OutputStream out = Files.newOutputStream(dump)) {
            d = adapter.dump(target, out);
        }
        client.getDatabase("shop").drop();
        client.getDatabase("app").getCollection("events").deleteMany(new Document("n", new Document("$lt", 500)));
        client.getDatabase("extra").getCollection("x").insertOne(new Document("not", "in backup"));

        RestoreResult r = adapter.restore(target, DumpSource.ofFile(dump), RestoreOptions.ofDefaults().dropExtra()
            .withSafetyDumpDirectory(dir.resolve("safety")).withExpectedSha256(d.sha256()));

        assertThat(adapter.fingerprint(target)).isEqualTo(before);
        assertThat(before.parts().get("app.events").count()).isEqualTo(10_000);
        assertThat(r.dropped()).containsExactly("extra");
        assertThat(client.getDatabase("app").getCollection("events").listIndexes().into(new ArrayList<>()))
            .extracting(i -> i.getString("name")).contains("n_1");
    }

    @Test
    void aRestoreWithoutDropExtraWarnsOfWhatItKept() throws Exception {
        seed();
        Path dump = dir.resolve("mongo.archive");
        try (OutputStream out = Files.newOutputStream(dump)) {
            adapter.dump(target, out);
        }
        client.getDatabase("extra").getCollection("x").insertOne(new Document("not", "in backup"));
        client.getDatabase("app").getCollection("later").insertOne(new Document("not", "in backup"));

        RestoreResult r = adapter.restore(target, DumpSource.ofFile(dump), RestoreOptions.ofDefaults()
            .withoutSafetyDump());

        assertThat(r.dropped()).isEmpty();
        assertThat(r.warnings()).containsExactly("kept database(s) and collection(s) the dump does not have"
            + " (dropExtra() removes them): app.later, extra");
    }

    @Test
    void truncatedArchiveIsRefusedBeforeAnythingIsDropped() throws Exception {
        seed();
        Path dump = dir.resolve("mongo.archive");
        try (OutputStream out = Files.newOutputStream(dump)) {
            adapter.dump(target, out);
        }
        try (RandomAccessFile f = new RandomAccessFile(dump.toFile(), "rw")) {
            f.setLength(f.length() - 10);
        }
        Fingerprint now = adapter.fingerprint(target);

        assertThatThrownBy(() -> adapter.restore(target, DumpSource.ofFile(dump), RestoreOptions.ofDefaults()))
            .isInstanceOf(RollbackException.class).hasMessageContaining("cut short");

        assertThat(adapter.fingerprint(target)).isEqualTo(now);
    }

    @Test
    void serverDownFailsWithinTheConnectTimeout() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        long start = System.nanoTime();

        assertThatThrownBy(() -> adapter.health(target.withPort(closed))).isInstanceOf(RollbackException.class)
            .hasMessageContaining("not reachable");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }

    private void seed() {
        List<Document> events = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            events.add(new Document("n", i).append("tag", "t" + (i % 7)));
        }
        client.getDatabase("app").getCollection("events").insertMany(events);
        client.getDatabase("app").getCollection("events").createIndex(Indexes.ascending("n"));
        client.getDatabase("shop").getCollection("items").insertMany(List.of(
            new Document("_id", "a").append("name", "Grüße, Ωmega, 日本語, 🚀").append("nested",
                new Document("list", List.of(1, 2.5, "x"))),
            new Document("_id", "b").append("blob", new Binary(new byte[1_000_000])).append("big", "y".repeat(500_000))));
    }
}
