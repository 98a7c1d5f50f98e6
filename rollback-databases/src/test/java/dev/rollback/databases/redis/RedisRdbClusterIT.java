package dev.rollback.databases.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rollback.databases.backup.EnvironmentTargets;
import dev.rollback.databases.spi.DatabaseTarget;
import dev.rollback.databases.spi.DumpResult;
import dev.rollback.databases.spi.Fingerprint;
import dev.rollback.databases.spi.RestoreOptions;
import dev.rollback.databases.spi.RestoreResult;
import dev.rollback.databases.support.RedisClusterProject;
import dev.rollback.env.Environment;
import dev.rollback.spi.ContainerRuntime;
import dev.rollback.spi.DumpSource;
import dev.rollback.testing.RequiresDocker;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisCluster;

/**
 * The {@code rdb} format on DevStack's shape: a 3-master cluster of containers, each node's snapshot taken over
 * SYNC, and each node restarted in its own container (stop, start) on its restored file, with its
 * {@code nodes.conf} kept, so the cluster comes back formed with the data of the snapshot.
 */
@RequiresDocker
class RedisRdbClusterIT {
    @TempDir
    static Path tmp;

    static RedisClusterProject cluster;
    static Environment env;
    static ContainerRuntime rt;

    @BeforeAll
    static void up() throws Exception {
        cluster = RedisClusterProject.up(tmp, 28, true); // fixed host ports: a restarted container keeps its port
        env = cluster.env();
        rt = cluster.runtime();
    }

    @AfterAll
    static void down() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void everyMasterRestartsInItsContainerOnItsSnapshotAndTheClusterComesBackFormed() throws Exception {
        RedisAdapter adapter = new RedisAdapter();
        DatabaseTarget target = new EnvironmentTargets(env, Optional.of(rt), Optional.empty())
                .target("redis-1")
                .withOption("format", "rdb");
        assertThat(target.option("nodeServices")).contains("redis-1,redis-2,redis-3");
        assertThat(adapter.reformCluster(target).state().ok()).isTrue();
        try (JedisCluster c = cluster(target)) {
            for (int i = 0; i < 1500; i++) {
                c.set("k:" + i, "v" + i);
            }
            c.psetex("k:ttl", 600_000, "expires");
        }
        Fingerprint before = adapter.fingerprint(target);
        Path dump = tmp.resolve("cluster.rdbk");
        DumpResult d;
        try (OutputStream out = Files.newOutputStream(dump)) {
            d = adapter.dump(target, out);
        }
        try (JedisCluster c = cluster(target)) {
            for (int i = 0; i < 500; i++) {
                c.del("k:" + i);
                c.set("new:" + i, "after the snapshot");
            }
        }
        assertThat(adapter.fingerprint(target)).isNotEqualTo(before);

        RestoreResult r = adapter.restore(
                target,
                DumpSource.ofFile(dump),
                RestoreOptions.ofDefaults()
                        .withExpectedSha256(d.sha256())
                        .withSafetyDumpDirectory(tmp.resolve("safety")));

        assertThat(r.warnings()).noneMatch(w -> w.contains("did not report ok"));
        assertThat(adapter.clusterState(target).ok()).isTrue();
        assertThat(adapter.fingerprint(target)).isEqualTo(before);
        try (JedisCluster c = cluster(target)) {
            assertThat(c.get("k:7")).isEqualTo("v7");
            assertThat(c.exists("new:7")).isFalse();
            assertThat(c.pttl("k:ttl")).isPositive();
        }
    }

    private static JedisCluster cluster(DatabaseTarget target) {
        return new JedisCluster(
                Set.of(new HostAndPort(target.host(), target.port())),
                DefaultJedisClientConfig.builder().autoNegotiateProtocol(false).build());
    }
}
