package dev.rollback.databases.redis;

import dev.rollback.databases.spi.DatabaseTarget;
import dev.rollback.errors.RollbackException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.util.JedisClusterCRC16;

/**
 * Which of the target's nodes serves each of the 16384 slots of a cluster, from {@code CLUSTER SLOTS}, with the
 * masters matched to the target's node addresses by node id (a node may announce an address this host cannot
 * reach, such as a container's). Lets a restore send each key straight to its master, in pipelines.
 *
 * <p>{@code RedisSlots.of(target).map(s -> s.nodeFor(key)).orElse(node)}
 */
final class RedisSlots {
    private final HostAndPort[] owners;

    private RedisSlots(HostAndPort[] owners) {
        this.owners = owners;
    }

    /**
     * The slot map when the target's nodes run in cluster mode, empty when they do not; a cluster that does not
     * serve every slot is refused.
     */
    static Optional<RedisSlots> of(DatabaseTarget target) {
        List<HostAndPort> nodes = RedisNodes.nodes(target);
        Map<String, HostAndPort> byId = new HashMap<>();
        for (HostAndPort node : nodes) {
            try (Jedis j = RedisNodes.open(target, node)) {
                if (!RedisNodes.clusterEnabled(j)) {
                    return Optional.empty();
                }
                byId.put(j.clusterMyId(), node);
            } catch (RuntimeException e) {
                throw RedisNodes.failure(target, node, "CLUSTER MYID", e);
            }
        }
        HostAndPort[] owners = new HostAndPort[RedisClusterState.SLOTS];
        try (Jedis j = RedisNodes.open(target, nodes.get(0))) {
            for (Object range : j.clusterSlots()) {
                List<?> r = (List<?>) range;
                int from = ((Long) r.get(0)).intValue();
                int to = ((Long) r.get(1)).intValue();
                List<?> master = (List<?>) r.get(2);
                String host = text(master.get(0));
                int port = ((Long) master.get(1)).intValue();
                String id = master.size() > 2 ? text(master.get(2)) : "";
                HostAndPort owner = byId.getOrDefault(id, new HostAndPort(host, port));
                for (int s = from; s <= to; s++) {
                    owners[s] = owner;
                }
            }
        } catch (RuntimeException e) {
            throw RedisNodes.failure(target, nodes.get(0), "CLUSTER SLOTS", e);
        }
        int unserved = 0;
        for (HostAndPort o : owners) {
            if (o == null) {
                unserved++;
            }
        }
        if (unserved > 0) {
            throw new RollbackException("service " + target.service() + ": the cluster serves "
                    + (RedisClusterState.SLOTS - unserved) + " of " + RedisClusterState.SLOTS + " slots, so keys cannot"
                    + " be restored to their masters. Nothing was changed; re-form the cluster first"
                    + " (RedisAdapter.reformCluster, the redis-cluster-reform step)");
        }
        return Optional.of(new RedisSlots(owners));
    }

    HostAndPort nodeFor(byte[] key) {
        return owners[JedisClusterCRC16.getSlot(key)];
    }

    private static String text(Object o) {
        return o instanceof byte[] b ? new String(b, StandardCharsets.UTF_8) : String.valueOf(o);
    }
}
