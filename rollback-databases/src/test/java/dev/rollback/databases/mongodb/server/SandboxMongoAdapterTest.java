package dev.rollback.databases.mongodb.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.MongoCommandException;
import com.mongodb.MongoSecurityException;
import com.mongodb.client.MongoClient;
import dev.rollback.databases.spi.DatabaseAdapter;
import dev.rollback.databases.spi.DatabaseAdapters;
import dev.rollback.databases.spi.DatabaseTarget;
import dev.rollback.databases.spi.DumpResult;
import dev.rollback.databases.spi.Fingerprint;
import dev.rollback.databases.spi.RestoreOptions;
import dev.rollback.env.ServiceKind;
import dev.rollback.errors.RollbackException;
import dev.rollback.spi.DumpSource;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The project's MongoDB adapter against the stand-in, as the e2e environment will use it. */
class SandboxMongoAdapterTest {
    private final DatabaseAdapter adapter = DatabaseAdapters.require(ServiceKind.MONGODB);

    @TempDir
    Path dir;

    @Test
    void aDumpRestoresWhatChangedAndTheRestoredDataOutlivesARestart() throws Exception {
        Path data = dir.resolve("data");
        Path dump = dir.resolve("mongo.archive");
        Fingerprint before;
        DumpResult d;
        try (SandboxMongoServer s = start(data);
                MongoClient c = SandboxMongoServerTest.client(s)) {
            List<Document> events = new ArrayList<>();
            for (int i = 0; i < 2500; i++) {
                events.add(new Document("n", i).append("tag", "t" + (i % 7)));
            }
            c.getDatabase("app").getCollection("events").insertMany(events);
            c.getDatabase("shop").getCollection("items").insertOne(new Document("_id", "a").append("name", "Ωmega"));
            before = adapter.fingerprint(target(s));
            try (OutputStream out = Files.newOutputStream(dump)) {
                d = adapter.dump(target(s), out);
            }
            c.getDatabase("shop").drop();
            c.getDatabase("app").getCollection("events").deleteMany(new Document("n", new Document("$lt", 100)));
            c.getDatabase("extra").getCollection("x").insertOne(new Document("not", "in the dump"));
            assertThat(adapter.fingerprint(target(s))).isNotEqualTo(before);

            var r = adapter.restore(
                    target(s),
                    DumpSource.ofFile(dump),
                    RestoreOptions.ofDefaults().dropExtra().withoutSafetyDump().withExpectedSha256(d.sha256()));

            assertThat(r.dropped()).containsExactly("extra");
            assertThat(adapter.fingerprint(target(s))).isEqualTo(before);
        }

        try (SandboxMongoServer s = start(data)) {
            assertThat(adapter.fingerprint(target(s))).isEqualTo(before);
            assertThat(before.parts().get("app.events").count()).isEqualTo(2500);
            assertThat(adapter.health(target(s)).serverVersion()).isNotBlank();
        }
    }

    @Test
    void aTargetWithCredentialsIsRefusedAsALoginTheServerCannotCheck() {
        try (SandboxMongoServer s = start(dir)) {
            DatabaseTarget withLogin = DatabaseTarget.custom("mongodb", ServiceKind.MONGODB)
                    .host("127.0.0.1")
                    .port(s.address().getPort())
                    .user("root")
                    .password("not-checked")
                    .connectTimeout(Duration.ofSeconds(3))
                    .build();

            assertThatThrownBy(() -> adapter.health(withLogin))
                    .isInstanceOf(RollbackException.class)
                    .hasMessageContaining("the server refused the login of user 'root'")
                    .hasMessageNotContaining("not-checked")
                    .hasCauseInstanceOf(MongoSecurityException.class)
                    .rootCause()
                    .isInstanceOf(MongoCommandException.class)
                    .hasMessageContaining("no such command: 'saslStart'");
        }
    }

    private static SandboxMongoServer start(Path data) {
        return SandboxMongoServer.start(new InetSocketAddress("127.0.0.1", 0), data);
    }

    private static DatabaseTarget target(SandboxMongoServer s) {
        return DatabaseTarget.custom("mongodb", ServiceKind.MONGODB)
                .host("127.0.0.1")
                .port(s.address().getPort())
                .connectTimeout(Duration.ofSeconds(3))
                .build();
    }
}
