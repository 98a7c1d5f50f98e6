package dev.rollback.databases.mongodb.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import dev.rollback.io.HostPort;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SandboxMongoServerTest {
    private static final InetSocketAddress ANY_PORT = new InetSocketAddress("127.0.0.1", 0);

    @TempDir
    Path data;

    @Test
    void documentsAndUniqueIndexesWrittenBeforeAStopAreThereAfterAStartFromTheSameDirectory() {
        try (SandboxMongoServer s = SandboxMongoServer.start(ANY_PORT, data);
                MongoClient c = client(s)) {
            c.getDatabase("app")
                    .getCollection("users")
                    .insertMany(List.of(
                            new Document("_id", 1).append("name", "ada").append("tags", List.of("a", "b")),
                            new Document("_id", 2).append("name", "grace")));
            c.getDatabase("app")
                    .getCollection("users")
                    .createIndex(
                            Indexes.ascending("name"),
                            new IndexOptions().unique(true).name("name_unique"));
            c.getDatabase("shop").getCollection("items").insertOne(new Document("sku", "x-1"));
        }

        try (SandboxMongoServer s = SandboxMongoServer.start(ANY_PORT, data);
                MongoClient c = client(s)) {
            assertThat(c.listDatabaseNames().into(new ArrayList<>())).contains("app", "shop");
            assertThat(c.getDatabase("app")
                            .getCollection("users")
                            .find()
                            .sort(new Document("_id", 1))
                            .map(d -> d.getString("name"))
                            .into(new ArrayList<>()))
                    .containsExactly("ada", "grace");
            assertThat(c.getDatabase("app")
                            .getCollection("users")
                            .listIndexes()
                            .map(d -> d.getString("name"))
                            .into(new ArrayList<>()))
                    .contains("name_unique");
            assertThat(c.getDatabase("shop").getCollection("items").countDocuments())
                    .isEqualTo(1);
        }
        assertThat(data.resolve(SandboxMongoServer.DATA_FILE)).isRegularFile();
    }

    @Test
    void anAcknowledgedWriteIsInTheFileBeforeTheServerCloses() throws Exception {
        Path copy = Files.createDirectories(data.resolve("copy"));
        try (SandboxMongoServer s = SandboxMongoServer.start(ANY_PORT, data.resolve("live"));
                MongoClient c = client(s)) {
            c.getDatabase("app").getCollection("events").insertOne(new Document("n", 1));
            // what a killed process leaves: the file as it is now, the store never closed
            Files.copy(s.dataFile(), copy.resolve(SandboxMongoServer.DATA_FILE));
        }

        try (SandboxMongoServer s = SandboxMongoServer.start(ANY_PORT, copy);
                MongoClient c = client(s)) {
            assertThat(c.getDatabase("app").getCollection("events").countDocuments())
                    .isEqualTo(1);
        }
    }

    @Test
    void droppedCollectionsAndDatabasesStayDroppedAfterARestart() {
        try (SandboxMongoServer s = SandboxMongoServer.start(ANY_PORT, data);
                MongoClient c = client(s)) {
            c.getDatabase("app").getCollection("keep").insertOne(new Document("k", 1));
            c.getDatabase("app").getCollection("gone").insertOne(new Document("g", 1));
            c.getDatabase("old").getCollection("x").insertOne(new Document("x", 1));
            c.getDatabase("app").getCollection("gone").drop();
            c.getDatabase("old").drop();
        }

        try (SandboxMongoServer s = SandboxMongoServer.start(ANY_PORT, data);
                MongoClient c = client(s)) {
            assertThat(c.listDatabaseNames().into(new ArrayList<>()))
                    .contains("app")
                    .doesNotContain("old");
            assertThat(c.getDatabase("app").listCollectionNames().into(new ArrayList<>()))
                    .containsExactly("keep");
        }
    }

    @Test
    void aSecondServerOnTheSameDirectoryFailsToStartNamingTheFile() {
        try (SandboxMongoServer s = SandboxMongoServer.start(ANY_PORT, data)) {
            assertThatThrownBy(() -> SandboxMongoServer.start(ANY_PORT, data))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("cannot open the data file " + data.resolve(SandboxMongoServer.DATA_FILE));
        }
    }

    @Test
    void aDataFileThatIsNoMvStoreFailsTheStart() throws Exception {
        Files.write(data.resolve(SandboxMongoServer.DATA_FILE), new byte[64 * 1024]);

        assertThatThrownBy(() -> SandboxMongoServer.start(ANY_PORT, data))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("data file");
    }

    @Test
    void aTakenPortFailsTheStartAndLeavesTheDataFileFree() {
        try (SandboxMongoServer first = SandboxMongoServer.start(ANY_PORT, data.resolve("a"))) {
            InetSocketAddress taken =
                    new InetSocketAddress("127.0.0.1", first.address().getPort());

            assertThatThrownBy(() -> SandboxMongoServer.start(taken, data.resolve("b")))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("cannot listen on 127.0.0.1:");
            // the failed start closed its store again: the next one opens it
            try (SandboxMongoServer again = SandboxMongoServer.start(ANY_PORT, data.resolve("b"))) {
                assertThat(again.address().getPort()).isPositive();
            }
        }
    }

    @Test
    void closeTwiceIsHarmless() {
        SandboxMongoServer s = SandboxMongoServer.start(ANY_PORT, data);
        s.close();
        s.close();
    }

    @Test
    void argumentsDefaultToAllAddressesPort27017AndDataDbUnderData() {
        SandboxMongoServer.Arguments a = SandboxMongoServer.Arguments.parse(List.of());

        assertThat(HostPort.format(a.listen())).isEqualTo("0.0.0.0:27017");
        assertThat(a.data()).isEqualTo(Path.of("/data/db"));
    }

    @Test
    void argumentsTakeListenAndData() {
        SandboxMongoServer.Arguments a =
                SandboxMongoServer.Arguments.parse(List.of("--listen", "[::1]:27018", "--data", "/srv/mongo"));

        assertThat(HostPort.format(a.listen())).isEqualTo("[::1]:27018");
        assertThat(a.data()).isEqualTo(Path.of("/srv/mongo"));
    }

    @Test
    void unknownOrIncompleteArgumentsAreRefused() {
        assertThatThrownBy(() -> SandboxMongoServer.Arguments.parse(List.of("--port", "1")))
                .hasMessage("unknown argument '--port'");
        assertThatThrownBy(() -> SandboxMongoServer.Arguments.parse(List.of("--data")))
                .hasMessage("--data needs a value");
        assertThatThrownBy(() -> SandboxMongoServer.Arguments.parse(List.of("--listen", "27017")))
                .hasMessage("--listen wants host:port, got '27017'");
    }

    static MongoClient client(SandboxMongoServer s) {
        return MongoClients.create("mongodb://127.0.0.1:" + s.address().getPort() + "/?serverSelectionTimeoutMS=3000");
    }
}
