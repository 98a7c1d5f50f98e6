package dev.rollback.databases.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rollback.databases.spi.DatabaseTarget;
import dev.rollback.databases.spi.DumpResult;
import dev.rollback.databases.spi.Fingerprint;
import dev.rollback.databases.spi.RestoreOptions;
import dev.rollback.databases.spi.RestoreResult;
import dev.rollback.databases.support.RedisClusterNodes;
import dev.rollback.env.ServiceKind;
import dev.rollback.errors.RollbackException;
import dev.rollback.plan.StepContext;
import dev.rollback.spi.DataSnapshot;
import dev.rollback.spi.DumpSource;
import dev.rollback.testing.RequiresRedis;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisCluster;
import redis.clients.jedis.args.ClusterResetType;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.util.JedisClusterCRC16;

/**
 * A real 3-master Redis cluster of the test's own ({@code redis-server --cluster-enabled yes} processes on free
 * ports): formed by the adapter, filled across all slots, dumped from every master, wiped, its metadata lost, re-formed
 * and restored; the fingerprints must match.
 */
@RequiresRedis
class RedisClusterIT {
    private final RedisAdapter adapter = new RedisAdapter();
    private RedisClusterNodes nodes;
    private DatabaseTarget target;

    @TempDir
    Path dir;

    @BeforeEach
    void startNodes() throws Exception {
        nodes = RedisClusterNodes.start(dir.resolve("cluster"), 3);
        target = DatabaseTarget.custom("redis-cluster", ServiceKind.REDIS)
                .host("127.0.0.1")
                .port(nodes.port(0))
                .options(Map.of("nodes", nodes.spec()))
                .connectTimeout(Duration.ofSeconds(2))
                .build();
    }

    @AfterEach
    void stopNodes() {
        nodes.close();
    }

    @Test
    void formsAClusterFromLoneNodesInEqualSlotRanges() {
        assertThat(adapter.clusterState(target).ok()).isFalse();

        RedisClusterForm.Outcome o = adapter.reformCluster(target);

        assertThat(o.changed()).isTrue();
        assertThat(o.state().ok()).isTrue();
        assertThat(o.actions())
                .anyMatch(a -> a.endsWith("CLUSTER ADDSLOTS 0-5460"))
                .anyMatch(a -> a.endsWith("CLUSTER ADDSLOTS 5461-10921"))
                .anyMatch(a -> a.endsWith("CLUSTER ADDSLOTS 10922-16383"));
        for (int i = 0; i < 3; i++) {
            try (Jedis j = nodes.connect(i)) {
                assertThat(j.clusterInfo())
                        .contains(
                                "cluster_state:ok",
                                "cluster_known_nodes:3",
                                "cluster_slots_assigned:16384",
                                "cluster_slots_ok:16384");
            }
        }
        RedisClusterForm.Outcome again = adapter.reformCluster(target);
        assertThat(again.changed()).isFalse();
        assertThat(again.actions()).singleElement().asString().contains("already formed");
    }

    @Test
    void dumpOfAllMastersSurvivesWipeLostMetadataReformAndRestore() throws Exception {
        adapter.reformCluster(target);
        Set<Integer> slots = seed(3000);
        assertThat(slots).hasSizeGreaterThan(2500);
        Fingerprint before = adapter.fingerprint(target);
        assertThat(before.parts().get("keys *").count()).isEqualTo(3003);
        Path dump = dir.resolve("cluster.rdbk");
        DumpResult d;
        try (OutputStream out = Files.newOutputStream(dump)) {
            d = adapter.dump(target, out);
        }

        // wipe every master and lose the metadata: FLUSHALL + CLUSTER RESET HARD on two nodes, a restart without
        // nodes.conf on the third (the runbook's failure)
        for (int i = 0; i < 2; i++) {
            try (Jedis j = nodes.connect(i)) {
                j.flushAll();
                j.clusterReset(ClusterResetType.HARD);
            }
        }
        nodes.restartWithoutMetadata(2);
        RedisClusterState broken = adapter.clusterState(target);
        assertThat(broken.ok()).isFalse();
        assertThat(String.join("\n", broken.problems())).contains("cluster_state");

        assertThatThrownBy(() -> adapter.restore(target, DumpSource.ofFile(dump), RestoreOptions.ofDefaults()))
                .isInstanceOf(RollbackException.class)
                .hasMessageContaining("serves 0 of 16384 slots")
                .hasMessageContaining("re-form the cluster first");

        RedisClusterForm.Outcome o = adapter.reformCluster(target);
        assertThat(o.state().ok()).isTrue();
        RestoreResult r = adapter.restore(
                target,
                DumpSource.ofFile(dump),
                RestoreOptions.ofDefaults()
                        .withExpectedSha256(d.sha256())
                        .withSafetyDumpDirectory(dir.resolve("safety")));

        assertThat(r.bytes()).isEqualTo(d.bytes());
        assertThat(adapter.fingerprint(target)).isEqualTo(before);
        try (JedisCluster c = cluster()) {
            assertThat(c.get("k:{42}:big")).hasSize(100_000);
            assertThat(c.pttl("k:ttl")).isBetween(1L, 600_000L);
        }
    }

    @Test
    void oneNodeThatLostItsMetadataRejoinsAndTakesBackTheSlotsNobodyServes() throws Exception {
        adapter.reformCluster(target);
        seed(300);
        Fingerprint before = adapter.fingerprint(target);
        Path dump = dir.resolve("cluster.rdbk");
        try (OutputStream out = Files.newOutputStream(dump)) {
            adapter.dump(target, out);
        }

        nodes.restartWithoutMetadata(1);
        assertThat(adapter.clusterState(target).ok()).isFalse();

        RedisClusterForm.Outcome o = adapter.reformCluster(target);

        assertThat(o.state().ok()).isTrue();
        assertThat(o.actions())
                .anyMatch(a -> a.contains("CLUSTER FORGET"))
                .anyMatch(a -> a.endsWith("CLUSTER ADDSLOTS 5461-10921"));
        adapter.restore(
                target, DumpSource.ofFile(dump), RestoreOptions.ofDefaults().withoutSafetyDump());
        assertThat(adapter.fingerprint(target)).isEqualTo(before);
    }

    @Test
    void restoreRoutesKeysToTheirNewMastersWhenTheSlotLayoutChanged() throws Exception {
        adapter.reformCluster(target);
        seed(500);
        Fingerprint before = adapter.fingerprint(target);
        Path dump = dir.resolve("cluster.rdbk");
        try (OutputStream out = Files.newOutputStream(dump)) {
            adapter.dump(target, out);
        }
        for (int i = 0; i < 3; i++) {
            try (Jedis j = nodes.connect(i)) {
                j.flushAll();
                j.clusterReset(ClusterResetType.HARD);
            }
        }
        // formed again in the reverse order: node 2 now serves 0-5460, node 0 serves 10922-16383
        List<String> order = new ArrayList<>(List.of(nodes.spec().split(",")));
        Collections.reverse(order);
        adapter.reformCluster(DatabaseTarget.custom("redis-cluster", ServiceKind.REDIS)
                .host("127.0.0.1")
                .port(nodes.port(2))
                .options(Map.of("nodes", String.join(",", order)))
                .build());

        adapter.restore(
                target, DumpSource.ofFile(dump), RestoreOptions.ofDefaults().withoutSafetyDump());

        assertThat(adapter.fingerprint(target)).isEqualTo(before);
        try (Jedis j = nodes.connect(2)) {
            assertThat(j.clusterNodes().lines().filter(l -> l.contains("myself")))
                    .singleElement()
                    .asString()
                    .endsWith(" 0-5460");
        }
    }

    @Test
    void refusesToReformWhenANodeHoldsKeysOfSlotsItWouldNotServe() throws Exception {
        try (Jedis j = nodes.connect(2)) {
            // give the lone node a slot of node 0's future range, write a key there, drop the slot again
            String key = keyInSlotBelow(5461);
            int slot = JedisClusterCRC16.getSlot(key);
            j.configSet("cluster-require-full-coverage", "no");
            j.clusterAddSlots(slot);
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (true) {
                try {
                    j.set(key, "stranded");
                    break;
                } catch (JedisDataException down) {
                    if (System.nanoTime() > deadline) {
                        throw down;
                    }
                    Thread.sleep(50); // the node updates its cluster state on its next tick
                }
            }
            j.clusterDelSlots(slot);
            j.configSet("cluster-require-full-coverage", "yes");
        }

        assertThatThrownBy(() -> adapter.reformCluster(target))
                .isInstanceOf(RollbackException.class)
                .hasMessageContaining("holds 1 key(s) of slots it would not serve")
                .hasMessageContaining("Nothing was" + " changed");
        try (Jedis j = nodes.connect(0)) {
            assertThat(j.clusterInfo()).contains("cluster_known_nodes:1", "cluster_slots_assigned:0");
        }
    }

    @Test
    void aSnapshotResetsEveryMasterWithKeysRoutedToTheirSlots() {
        adapter.reformCluster(target);
        seed(3000);
        Fingerprint before = adapter.fingerprint(target);

        try (DataSnapshot snapshot = adapter.snapshot(target)) {
            System.out.println("redis cluster snapshot of 3003 keys took "
                    + snapshot.took().toMillis() + " ms");
            try (JedisCluster c = cluster()) {
                c.set("k:1", "overwritten");
                c.del("k:2");
                c.hset("k:{42}:hash", "a", "changed");
                c.persist("k:ttl");
                for (int i = 0; i < 100; i++) {
                    c.set("new:" + i, "added after the snapshot");
                }
            }
            assertThat(adapter.fingerprint(target)).isNotEqualTo(before);

            Duration took = snapshot.reset();
            System.out.println("redis cluster reset of 3003 keys took " + took.toMillis() + " ms");

            assertThat(adapter.fingerprint(target)).isEqualTo(before);
            try (JedisCluster c = cluster()) {
                assertThat(c.exists("new:0")).isFalse();
                assertThat(c.pttl("k:ttl")).isBetween(1L, 600_000L);
            }
        }
    }

    @Test
    void theStepNotesWhatItDidAndDoesNothingOnAFormedCluster() {
        RedisClusterReformStep step = new RedisClusterReformStep(target);
        StepContext ctx = new StepContext(null, "run-1", dir, e -> {}, Clock.systemUTC(), Map.of());
        assertThat(step.preflight(ctx)).isEmpty();

        step.execute(ctx);

        assertThat(adapter.clusterState(target).ok()).isTrue();
        assertThat(step.preflight(ctx)).isEmpty();
        step.execute(ctx);
        assertThat(adapter.reformCluster(target).changed()).isFalse();
    }

    /** Keys over most slots (hash-tagged), of every type, one large value and one with a TTL; returns their slots. */
    private Set<Integer> seed(int count) {
        Set<Integer> slots = new HashSet<>();
        try (JedisCluster c = cluster()) {
            for (int i = 0; i < count; i++) {
                String key = "k:" + i;
                c.set(key, "v" + i);
                slots.add(JedisClusterCRC16.getSlot(key));
            }
            c.set("k:{42}:big", "x".repeat(100_000));
            c.hset("k:{42}:hash", Map.of("a", "1", "ü", "ö"));
            c.psetex("k:ttl", 600_000, "expires");
        }
        return slots;
    }

    private JedisCluster cluster() {
        return new JedisCluster(
                Set.of(new HostAndPort("127.0.0.1", nodes.port(0))),
                DefaultJedisClientConfig.builder().autoNegotiateProtocol(false).build());
    }

    private static String keyInSlotBelow(int limit) {
        for (int i = 0; ; i++) {
            if (JedisClusterCRC16.getSlot("stray:" + i) < limit) {
                return "stray:" + i;
            }
        }
    }
}
