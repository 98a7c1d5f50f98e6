package dev.rollback.databases.backup;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rollback.env.Environment;
import dev.rollback.fixtures.ComposeFixture;
import dev.rollback.spi.LiveCheck;
import dev.rollback.spi.LiveChecks;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which live checks a DevStack Core-shaped environment gets from the database module (the compose fixture; nothing is connected). */
class DatabaseLiveChecksTest {
    @TempDir
    Path tmp;

    @Test
    void everyDatabaseGetsAConnectCheckAndTheRedisClusterOneClusterCheck() {
        ComposeFixture fx = ComposeFixture.create(tmp);
        Environment env = Environment.custom(fx.home())
                .withProcessEnvironment(Map.of("HOME", fx.home().toString()))
                .withActiveProfiles(List.of("standard"))
                .build();

        var checks = LiveChecks.of(env);

        assertThat(checks)
                .extracting(LiveCheck::id)
                .containsExactly("db.postgres.connect", "db.mysql.connect", "db.redis-1.connect", "db.redis-1.cluster");
        LiveCheck cluster = checks.get(3);
        assertThat(cluster.services()).containsExactly("redis-1", "redis-2", "redis-3");
        assertThat(cluster.title()).contains("cluster_state:ok");
        assertThat(checks.get(0).services()).containsExactly("postgres");
        assertThat(checks).allSatisfy(c -> assertThat(c.todo()).isNotEmpty());
    }
}
