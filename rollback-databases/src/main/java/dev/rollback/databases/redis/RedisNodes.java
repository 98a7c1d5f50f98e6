package dev.rollback.databases.redis;

import dev.rollback.databases.spi.DatabaseTarget;
import dev.rollback.errors.RollbackException;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisAccessControlException;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisDataException;

/**
 * The Redis nodes of a target (its {@code nodes} option, {@code h1:p1,h2:p2}, or its host and port) and
 * connections to them, with PING retried the runbook's way: 3 tries, 2 s apart, only on connection failures.
 *
 * <p>{@code try (Jedis j = RedisNodes.open(target, node)) { j.ping(); }}
 */
final class RedisNodes {
    /** Three tries, 2 s apart, only when the connection fails (never on a refused password). */
    static final RetryConfig PING_RETRY = RetryConfig.custom()
            .maxAttempts(3)
            .waitDuration(Duration.ofSeconds(2))
            .retryExceptions(JedisConnectionException.class)
            .build();

    private RedisNodes() {}

    static List<HostAndPort> nodes(DatabaseTarget target) {
        List<HostAndPort> out = new ArrayList<>();
        String spec = target.option("nodes").orElse(target.address());
        for (String n : spec.split(",")) {
            out.add(HostAndPort.from(n.strip()));
        }
        return out;
    }

    static Jedis open(DatabaseTarget target, HostAndPort node) {
        DefaultJedisClientConfig.Builder cfg = DefaultJedisClientConfig.builder()
                .connectionTimeoutMillis((int) target.connectTimeout().toMillis())
                .socketTimeoutMillis((int)
                        Math.min(Integer.MAX_VALUE, target.operationTimeout().toMillis()))
                .clientName("rollback")
                .autoNegotiateProtocol(false);
        target.password().filter(p -> !p.isEmpty()).ifPresent(cfg::password);
        if (!target.user().isEmpty()) {
            cfg.user(target.user());
        }
        return new Jedis(node, cfg.build());
    }

    /** Whether the node runs in cluster mode ({@code INFO cluster}: {@code cluster_enabled:1}). */
    static boolean clusterEnabled(Jedis j) {
        return j.info("cluster").contains("cluster_enabled:1");
    }

    /** PINGs the node, retried per {@link #PING_RETRY}; returns how many tries it took. */
    static int ping(DatabaseTarget target, HostAndPort node, RetryConfig retry) {
        int[] attempts = {0};
        try {
            Retry.of("redis-ping-" + node, retry).executeRunnable(() -> {
                attempts[0]++;
                try (Jedis j = open(target, node)) {
                    j.ping();
                }
            });
            return attempts[0];
        } catch (RuntimeException e) {
            throw failure(target, node, "PING (" + attempts[0] + " tries)", e);
        }
    }

    static RollbackException failure(DatabaseTarget target, HostAndPort node, String doing, RuntimeException e) {
        String what;
        if (e instanceof JedisAccessControlException
                || (e instanceof JedisDataException
                        && String.valueOf(e.getMessage()).matches("(?s).*(WRONGPASS|NOAUTH|invalid password).*"))) {
            what = "the node refused the password; check secret/" + target.service() + " password. Not retried";
        } else if (e instanceof JedisConnectionException) {
            what = "the node is not reachable (" + e.getMessage() + "); start it or fix host/port";
        } else {
            what = e.getMessage();
        }
        return new RollbackException(
                "service " + target.service() + " (redis node " + node + "): " + doing + " failed: " + what, e);
    }
}
