package dev.rollback.databases.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rollback.databases.DatabaseAdapterContract;
import dev.rollback.databases.spi.DatabaseTarget;
import dev.rollback.databases.spi.DumpResult;
import dev.rollback.databases.spi.Fingerprint;
import dev.rollback.databases.spi.RestoreOptions;
import dev.rollback.databases.spi.RestoreResult;
import dev.rollback.env.ServiceKind;
import dev.rollback.errors.RollbackException;
import dev.rollback.spi.DumpSource;
import dev.rollback.testing.Component;
import dev.rollback.testing.HostServices;
import dev.rollback.testing.RequiresRedis;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;

/**
 * Against the host's Redis, scoped to this test's own key prefix (other keys are never read or written). The shared
 * tests are in {@link DatabaseAdapterContract}.
 */
@RequiresRedis
class RedisAdapterIT extends DatabaseAdapterContract {
    private final String prefix = "rb-it:" + UUID.randomUUID() + ":";
    private DatabaseTarget target;
    private Jedis redis;

    RedisAdapterIT() {
        super(ServiceKind.REDIS, ".rdbk");
    }

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
        for (String k : redis.keys(prefix + "*")) {
            redis.del(k);
        }
        redis.close();
    }

    @Override
    protected DatabaseTarget target() {
        return target;
    }

    /** Keys of every type, unicode, a large value and a TTL: 5007 keys under the prefix. */
    @Override
    protected void seed() {
        for (int i = 0; i < 5000; i++) {
            redis.set(prefix + "s:" + i, "value-" + i);
        }
        redis.set(prefix + "unicode", "Grüße, Ωmega, 日本語, 🚀");
        redis.set(prefix + "large", "x".repeat(2_000_000));
        redis.hset(prefix + "hash", Map.of("a", "1", "b", "ünï", "c", "3"));
        redis.rpush(prefix + "list", "z", "y", "x", "y");
        redis.sadd(prefix + "set", "m1", "m2", "m3");
        redis.zadd(prefix + "zset", Map.of("low", 1.5, "high", 99.0));
        redis.psetex(prefix + "ttl", 600_000, "expires");
        redis.del(prefix + "unused");
        assertThat(redis.keys(prefix + "*")).hasSize(5_007);
    }

    @Override
    protected void damage() {
        redis.del(prefix + "hash");
        redis.set(prefix + "s:1", "changed");
        redis.set(prefix + "extra", "not in the backup");
    }

    /** Every key came back with its TTL; the existing ones were replaced, and the restore said so. */
    @Override
    protected void afterRoundTrip(Fingerprint before, Path dump, DumpResult dumped, RestoreResult r) {
        assertThat(before.parts().get("keys " + prefix + "*").count()).isEqualTo(5_007);
        assertThat(r.dropped()).containsExactly(prefix + "extra");
        // every key but the deleted hash was there: replaced, and said so
        assertThat(r.warnings())
                .singleElement()
                .asString()
                .startsWith("5006 key(s) of the dump existed and were"
                        + " replaced with the dump's values (the previous values are in redis-1-before-restore-");
        assertThat(redis.pttl(prefix + "ttl")).isBetween(1L, 600_000L);
        assertThat(redis.get(prefix + "unicode")).isEqualTo("Grüße, Ωmega, 日本語, 🚀");
    }

    @Override
    protected void changeAfterDump() {
        redis.set(prefix + "s:1", "after the dump");
    }

    @Override
    protected void afterRefusedRestore() {
        assertThat(redis.get(prefix + "s:1")).isEqualTo("after the dump");
    }

    /** A refused password is not retried. */
    @Override
    protected List<String> loginRefusedMessage() {
        return List.of("(1 tries)");
    }

    @Override
    protected Duration loginRefusedWithin() {
        return Duration.ofSeconds(1);
    }

    /** The host's Redis has no password: the dump's AUTH fails with the server's own words. */
    @Override
    protected List<String> dumpLoginRefusedMessage() {
        return List.of();
    }

    /** A node that is down is pinged three times two seconds apart, then reported. */
    @Override
    protected List<String> downMessage() {
        return List.of("(3 tries)", "not reachable");
    }

    @Override
    protected Duration downAtLeast() {
        return Duration.ofSeconds(4);
    }

    @Override
    protected Duration downWithin() {
        return Duration.ofSeconds(8);
    }

    @Test
    void aMergingRestoreKeepsExistingKeysAndSaysHowMany() throws Exception {
        redis.set(prefix + "a", "1");
        redis.set(prefix + "b", "2");
        Path dump = dir.resolve("redis.rdbk");
        dumpTo(dump);
        redis.set(prefix + "a", "changed");
        redis.del(prefix + "b");

        RestoreResult r = adapter.restore(
                target,
                DumpSource.ofFile(dump),
                RestoreOptions.ofDefaults().merge().withoutSafetyDump());

        assertThat(redis.get(prefix + "a")).isEqualTo("changed");
        assertThat(redis.get(prefix + "b")).isEqualTo("2");
        assertThat(r.warnings()).containsExactly("1 key(s) of the dump existed and were kept as they are (merge)");
        RestoreResult clean = adapter.restore(
                target, DumpSource.ofFile(dump), RestoreOptions.ofDefaults().withoutSafetyDump());
        assertThat(redis.get(prefix + "a")).isEqualTo("1");
        assertThat(clean.warnings())
                .containsExactly("2 key(s) of the dump existed and were replaced with the dump's" + " values");
    }

    @Test
    void standaloneNodeIsNotAHealthyCluster() {
        RedisClusterState s = new RedisAdapter().clusterState(target);

        assertThat(s.ok()).isFalse();
        assertThat(s.problems()).isNotEmpty();
        assertThatThrownBy(() -> new RedisAdapter().reformCluster(target))
                .isInstanceOf(RollbackException.class)
                .hasMessageContaining("does not run in cluster mode");
    }
}
