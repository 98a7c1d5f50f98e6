package dev.rollback.databases.redis;

import dev.rollback.databases.spi.DatabaseTarget;
import dev.rollback.io.Sleeper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;

/**
 * What the nodes of a Redis cluster say of it: {@code cluster_state} and slot coverage from {@code CLUSTER INFO}.
 *
 * <p>{@code RedisClusterState s = new RedisAdapter().clusterState(target); if (!s.ok()) log.warn(s.problems());}
 *
 * @param ok every node reports {@code cluster_state:ok} with all 16384 slots assigned and ok
 * @param problems per node, what is wrong, for messages
 */
public record RedisClusterState(boolean ok, List<String> problems) {
    /** Slots in a Redis cluster. */
    public static final int SLOTS = 16384;

    public RedisClusterState {
        problems = List.copyOf(problems);
    }

    static RedisClusterState of(DatabaseTarget target) {
        List<String> problems = new ArrayList<>();
        for (HostAndPort node : RedisNodes.nodes(target)) {
            RedisNodes.ping(target, node, RedisNodes.PING_RETRY);
            try (Jedis j = RedisNodes.open(target, node)) {
                String info = j.clusterInfo();
                if (!info.contains("cluster_state:ok")) {
                    problems.add(node + ": cluster_state:" + field(info, "cluster_state") + " (expected ok); if nodes"
                            + " lost their cluster metadata, re-form the cluster (RedisAdapter.reformCluster)");
                }
                for (String f : List.of("cluster_slots_assigned", "cluster_slots_ok")) {
                    if (!field(info, f).equals(Integer.toString(SLOTS))) {
                        problems.add(node + ": " + f + " " + field(info, f) + " of " + SLOTS);
                    }
                }
            } catch (RuntimeException e) {
                problems.add(node + ": CLUSTER INFO failed: " + e.getMessage());
            }
        }
        return new RedisClusterState(problems.isEmpty(), problems);
    }

    /**
     * Polls {@link #of} every {@code poll} until the cluster is ok and {@code settled} holds too, or {@code timeout}
     * has passed; returns the last state. A node that does not answer, or a check that fails, is a problem in the
     * state, not an error; an interrupt ends the wait with the state so far (the thread stays interrupted).
     */
    static RedisClusterState await(DatabaseTarget target, Duration timeout, Duration poll, BooleanSupplier settled) {
        return await(() -> of(target), timeout, poll, settled, Clock.systemUTC(), Sleeper.SYSTEM);
    }

    /** {@link #await(DatabaseTarget, Duration, Duration, BooleanSupplier)} of {@code probe}'s states, on this time. */
    static RedisClusterState await(
            Supplier<RedisClusterState> probe,
            Duration timeout,
            Duration poll,
            BooleanSupplier settled,
            Clock clock,
            Sleeper sleeper) {
        Instant deadline = clock.instant().plus(timeout);
        while (true) {
            RedisClusterState state;
            boolean done;
            try {
                state = probe.get();
                done = state.ok() && settled.getAsBoolean();
            } catch (RuntimeException e) {
                state = new RedisClusterState(false, List.of(String.valueOf(e.getMessage())));
                done = false;
            }
            if (done || clock.instant().isAfter(deadline)) {
                return state;
            }
            try {
                sleeper.sleep(poll);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return state;
            }
        }
    }

    private static String field(String info, String name) {
        return info.lines()
                .filter(l -> l.startsWith(name + ":"))
                .map(l -> l.substring(name.length() + 1).strip())
                .findFirst()
                .orElse("missing");
    }
}
