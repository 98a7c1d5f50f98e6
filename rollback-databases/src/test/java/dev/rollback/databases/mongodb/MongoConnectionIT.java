package dev.rollback.databases.mongodb;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import dev.rollback.testing.RequiresMongodb;
import java.util.ArrayList;
import java.util.List;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@RequiresMongodb
class MongoConnectionIT {

    private MongoServer server;
    private MongoClient client;

    @BeforeEach
    void startServer() {
        server = new MongoServer(new MemoryBackend());
        server.bind("127.0.0.1", 0);
        client = MongoClients.create(
                "mongodb://127.0.0.1:" + server.getLocalAddress().getPort());
    }

    @AfterEach
    void stopServer() {
        client.close();
        server.shutdownNow();
    }

    @Test
    void insertedDocumentsAreFoundByFilterInOrder() {
        MongoCollection<Document> services = client.getDatabase("rollback").getCollection("services");
        services.insertMany(List.of(
                new Document("name", "postgres").append("port", 5432).append("critical", true),
                new Document("name", "redis").append("port", 6379).append("critical", false),
                new Document("name", "mysql").append("port", 3306).append("critical", true)));

        List<String> critical = services.find(Filters.eq("critical", true))
                .sort(Sorts.ascending("port"))
                .map(d -> d.getString("name"))
                .into(new ArrayList<>());

        assertThat(critical).containsExactly("mysql", "postgres");
        assertThat(services.countDocuments()).isEqualTo(3);
        Document redis = services.find(Filters.eq("name", "redis")).first();
        assertThat(redis).isNotNull();
        assertThat(redis.getInteger("port")).isEqualTo(6379);
    }
}
