package dev.rollback.databases.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rollback.databases.spi.DatabaseTarget;
import dev.rollback.databases.spi.Fingerprint;
import dev.rollback.env.ServiceKind;
import dev.rollback.errors.RollbackException;
import dev.rollback.spi.DataSnapshot;
import dev.rollback.testing.Component;
import dev.rollback.testing.HostServices;
import dev.rollback.testing.RequiresRedis;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/**
 * {@link RedisAdapter#snapshot} against the host's Redis, scoped to this test's own key prefix: 5,000 keys of every
 * type changed, then reset to the fingerprint they had. A neighbouring prefix outside the scope must stay untouched.
 */
@RequiresRedis
class RedisSnapshotIT {
    private static final int KEYS = 5_000;
    private static final long TTL_MS = 600_000;

    private final String prefix = "rb-snap-it:" + UUID.randomUUID() + ":";
    private final String outside = "rb-snap-it-outside:" + UUID.randomUUID() + ":";
    private final RedisAdapter adapter = new RedisAdapter();
    private DatabaseTarget target;
    private Jedis redis;

    @BeforeEach
    void connect() {
        InetSocketAddress a = HostServices.address(Component.REDIS);
        target = DatabaseTarget.custom("redis-1", ServiceKind.REDIS)
                .host(a.getHostString())
                .port(a.getPort())
                .scope(List.of(prefix + "*"))
                .connectTimeout(Duration.ofSeconds(2))
                .build();
        redis = new Jedis(
                new HostAndPort(a.getHostString(), a.getPort()),
                DefaultJedisClientConfig.builder().autoNegotiateProtocol(false).build());
    }

    @AfterEach
    void deleteOwnKeys() {
        for (String pattern : List.of(prefix + "*", outside + "*")) {
            List<String> own = keys(pattern);
            if (!own.isEmpty()) {
                redis.unlink(own.toArray(new String[0]));
            }
        }
        redis.close();
    }

    @Test
    void resetPutsEveryKeyBackAfterChangesTwice() {
        seed();
        redis.set(outside + "neighbour", "before");
        Fingerprint before = adapter.fingerprint(target);
        assertThat(before.parts().get("keys " + prefix + "*").count()).isEqualTo(KEYS);

        long ttlBeforeSnapshot = redis.pttl(prefix + "ttl");
        try (DataSnapshot snapshot = adapter.snapshot(target)) {
            System.out.println("redis snapshot of " + KEYS + " keys took "
                    + snapshot.took().toMillis() + " ms");
            assertThat(snapshot.service()).isEqualTo("redis-1");
            assertThat(((RedisSnapshot) snapshot).size()).isEqualTo(KEYS);

            change();
            redis.set(outside + "neighbour", "after");
            assertThat(adapter.fingerprint(target)).isNotEqualTo(before);
            Duration first = snapshot.reset();
            System.out.println("redis reset of " + KEYS + " keys took " + first.toMillis() + " ms");

            assertThat(adapter.fingerprint(target).differences(before)).isEmpty();
            assertThat(adapter.fingerprint(target)).isEqualTo(before);
            assertThat(redis.exists(prefix + "new:0")).isFalse();
            assertThat(redis.hget(prefix + "hash:1", "f1")).isEqualTo("v1-1");
            assertThat(redis.pttl(prefix + "ttl"))
                    .as("no longer than at the snapshot")
                    .isBetween(1L, ttlBeforeSnapshot);
            assertThat(redis.get(outside + "neighbour")).as("outside the scope").isEqualTo("after");

            change();
            redis.del(prefix + "ttl");
            Duration second = snapshot.reset();
            System.out.println("redis second reset of " + KEYS + " keys took " + second.toMillis() + " ms");

            assertThat(adapter.fingerprint(target)).isEqualTo(before);
            assertThat(redis.exists(prefix + "new:0")).isFalse();
            assertThat(redis.pttl(prefix + "ttl"))
                    .as("no longer than at the snapshot")
                    .isBetween(1L, ttlBeforeSnapshot);
        }
    }

    @Test
    void aClosedSnapshotRefusesToReset() {
        redis.set(prefix + "a", "1");
        DataSnapshot snapshot = adapter.snapshot(target);
        snapshot.close();
        snapshot.close();

        assertThatThrownBy(snapshot::reset)
                .isInstanceOf(RollbackException.class)
                .hasMessageContaining("redis-1")
                .hasMessageContaining("closed");
        assertThat(redis.get(prefix + "a")).isEqualTo("1");
    }

    @Test
    void aWrongPasswordFailsTheSnapshotNamingTheServiceNotThePassword() {
        String password = "wrong-secret-" + UUID.randomUUID().toString().substring(0, 8);

        assertThatThrownBy(() -> adapter.snapshot(target.withPassword(password)))
                .isInstanceOf(RollbackException.class)
                .hasMessageContaining("service redis-1")
                .hasMessageContaining("password")
                .hasMessageNotContaining(password);
    }

    /** 4,999 keys of five types in turn, and one string with a TTL. */
    private void seed() {
        try (Pipeline p = redis.pipelined()) {
            for (int i = 0; i < KEYS - 1; i++) {
                switch (i % 5) {
                    case 0 -> p.set(prefix + "s:" + i, "value-" + i);
                    case 1 -> p.hset(prefix + "hash:" + i, Map.of("f1", "v1-" + i, "f2", "ünï-" + i));
                    case 2 -> p.rpush(prefix + "list:" + i, "z", "y", "x-" + i, "y");
                    case 3 -> p.sadd(prefix + "set:" + i, "m1", "m2", "m-" + i);
                    default -> p.zadd(prefix + "zset:" + i, Map.of("low", 1.5, "high-" + i, (double) i));
                }
            }
            p.psetex(prefix + "ttl", TTL_MS, "expires");
            p.sync();
        }
    }

    /** Overwrites, deletes, adds keys, changes a hash field and removes the TTL. */
    private void change() {
        redis.set(prefix + "s:0", "overwritten");
        redis.del(prefix + "list:2", prefix + "set:3");
        redis.hset(prefix + "hash:1", "f1", "changed");
        redis.zadd(prefix + "zset:4", 7.0, "low");
        redis.persist(prefix + "ttl");
        for (int i = 0; i < 100; i++) {
            redis.set(prefix + "new:" + i, "added after the snapshot");
        }
    }

    private List<String> keys(String pattern) {
        List<String> out = new ArrayList<>();
        String cursor = ScanParams.SCAN_POINTER_START;
        ScanParams params = new ScanParams().match(pattern).count(1000);
        do {
            ScanResult<String> page = redis.scan(cursor, params);
            out.addAll(page.getResult());
            cursor = page.getCursor();
        } while (!cursor.equals(ScanParams.SCAN_POINTER_START));
        return out;
    }
}
