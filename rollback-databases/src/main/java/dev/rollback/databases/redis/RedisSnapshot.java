package dev.rollback.databases.redis;

import dev.rollback.databases.spi.DatabaseTarget;
import dev.rollback.errors.RollbackException;
import dev.rollback.spi.DataSnapshot;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.exceptions.JedisMovedDataException;
import redis.clients.jedis.params.RestoreParams;

/**
 * The keys of a Redis target's scope held in this process: each key's {@code DUMP} bytes and its {@code PTTL}, read
 * with {@code SCAN} and pipelined from every master. {@link #reset()} deletes the keys of the scope that exist now
 * ({@code FLUSHDB} for an unscoped standalone node, else {@code SCAN} and pipelined {@code UNLINK}) and puts every
 * snapshot key back with {@code RESTORE ... REPLACE}, pipelined, each to the node serving its slot in a cluster. A
 * key that had a TTL gets the TTL it had at the snapshot, never a longer one.
 *
 * <p>{@code try (DataSnapshot s = RedisSnapshot.take(target, adapter)) { test(); s.reset(); }}
 *
 * <p>Like a dump, the keys are read page by page, so the snapshot of a node being written to is not a point in time
 * across keys; a test takes it while nothing else writes.
 */
final class RedisSnapshot implements DataSnapshot {
    private static final int BATCH = 1000;
    private static final long BATCH_BYTES = 8L << 20;
    private static final RestoreParams REPLACE = RestoreParams.restoreParams().replace();

    private final DatabaseTarget target;
    private final RedisAdapter adapter;
    private final Duration took;
    private Map<HostAndPort, List<Key>> keys;

    private RedisSnapshot(
            DatabaseTarget target, RedisAdapter adapter, Map<HostAndPort, List<Key>> keys, Duration took) {
        this.target = target;
        this.adapter = adapter;
        this.keys = keys;
        this.took = took;
    }

    /** Reads every key of the target's scope from each master: SCAN, then PTTL and DUMP per page in one pipeline. */
    static RedisSnapshot take(DatabaseTarget target, RedisAdapter adapter) {
        long start = System.nanoTime();
        Map<HostAndPort, List<Key>> keys = new LinkedHashMap<>();
        for (HostAndPort node : adapter.masters(target)) {
            List<Key> held = new ArrayList<>();
            try (Jedis j = RedisNodes.open(target, node)) {
                RedisAdapter.forEachKeyPage(j, target, page -> {
                    List<Response<Long>> ttls = new ArrayList<>(page.size());
                    List<Response<byte[]>> values = new ArrayList<>(page.size());
                    try (Pipeline p = j.pipelined()) {
                        for (byte[] key : page) {
                            ttls.add(p.pttl(key));
                            values.add(p.dump(key));
                        }
                        p.sync();
                    }
                    for (int i = 0; i < page.size(); i++) {
                        byte[] value = values.get(i).get();
                        long pttl = ttls.get(i).get();
                        if (value != null && pttl != -2) {
                            held.add(new Key(page.get(i), pttl > 0 ? pttl : 0L, value));
                        }
                    }
                });
            } catch (RuntimeException e) {
                throw RedisNodes.failure(target, node, "taking a snapshot of the keys", e);
            }
            keys.put(node, held);
        }
        return new RedisSnapshot(target, adapter, keys, Duration.ofNanos(System.nanoTime() - start));
    }

    @Override
    public String service() {
        return target.service();
    }

    @Override
    public Duration took() {
        return took;
    }

    /** How many keys it holds. */
    int size() {
        Map<HostAndPort, List<Key>> held = held();
        return held.values().stream().mapToInt(List::size).sum();
    }

    @Override
    public Duration reset() {
        Map<HostAndPort, List<Key>> held = held();
        long start = System.nanoTime();
        Optional<RedisSlots> slots = RedisSlots.of(target);
        List<HostAndPort> masters = adapter.masters(target);
        for (HostAndPort node : masters) {
            try (Jedis j = RedisNodes.open(target, node)) {
                clear(j, slots.isPresent());
            } catch (RuntimeException e) {
                throw RedisNodes.failure(
                        target,
                        node,
                        "deleting the keys of the scope before the reset (the data is now part way; reset again)",
                        e);
            }
        }
        Map<HostAndPort, List<Key>> routed = new LinkedHashMap<>();
        held.forEach((from, list) -> {
            for (Key k : list) {
                HostAndPort to = slots.map(s -> s.nodeFor(k.name())).orElse(from);
                routed.computeIfAbsent(to, n -> new ArrayList<>()).add(k);
            }
        });
        try (Connections connections = new Connections()) {
            for (Map.Entry<HostAndPort, List<Key>> e : routed.entrySet()) {
                restore(connections, e.getKey(), e.getValue());
            }
        }
        return Duration.ofNanos(System.nanoTime() - start);
    }

    @Override
    public void close() {
        keys = null;
    }

    /** The keys, or an error when the snapshot was closed. */
    private Map<HostAndPort, List<Key>> held() {
        Map<HostAndPort, List<Key>> held = keys;
        if (held == null) {
            throw new RollbackException("service " + target.service()
                    + ": the Redis snapshot was closed and holds no keys; take a new one (adapter.snapshot(target))");
        }
        return held;
    }

    /**
     * Deletes the keys of the scope on this node: {@code FLUSHDB} for an unscoped standalone node, else each page
     * of {@code SCAN} unlinked in one command (standalone) or one {@code UNLINK} per key, pipelined (a cluster,
     * where a multi-key command must stay in one slot).
     */
    private void clear(Jedis j, boolean cluster) {
        if (target.scope().isEmpty() && !cluster) {
            j.flushDB();
            return;
        }
        RedisAdapter.forEachKeyPage(j, target, page -> {
            if (!cluster) {
                j.unlink(page.toArray(new byte[0][]));
                return;
            }
            List<Response<Long>> answers = new ArrayList<>(page.size());
            try (Pipeline p = j.pipelined()) {
                for (byte[] key : page) {
                    answers.add(p.unlink(key));
                }
                p.sync();
            }
            answers.forEach(Response::get);
        });
    }

    /** RESTORE ... REPLACE in pipelines of up to {@value #BATCH} keys or 8 MiB; a MOVED key is sent on its own. */
    private void restore(Connections connections, HostAndPort node, List<Key> list) {
        int from = 0;
        while (from < list.size()) {
            int to = from;
            long bytes = 0;
            while (to < list.size() && to - from < BATCH && bytes < BATCH_BYTES) {
                bytes += list.get(to).value().length;
                to++;
            }
            List<Key> batch = list.subList(from, to);
            List<Response<String>> answers = new ArrayList<>(batch.size());
            try {
                try (Pipeline p = connections.to(node).pipelined()) {
                    for (Key k : batch) {
                        answers.add(p.restore(k.name(), k.pttl(), k.value(), REPLACE));
                    }
                    p.sync();
                }
                for (int i = 0; i < batch.size(); i++) {
                    try {
                        answers.get(i).get();
                    } catch (JedisMovedDataException moved) {
                        Key k = batch.get(i);
                        connections.to(moved.getTargetNode()).restore(k.name(), k.pttl(), k.value(), REPLACE);
                    }
                }
            } catch (RuntimeException e) {
                throw RedisNodes.failure(
                        target, node, "restoring the snapshot's keys (the data is now part way; reset again)", e);
            }
            from = to;
        }
    }

    /** One key of the snapshot: its name, the TTL to restore it with (0 for none) and its DUMP bytes. */
    private record Key(byte[] name, long pttl, byte[] value) {}

    /** One open connection per node, closed together. */
    private final class Connections implements AutoCloseable {
        private final Map<HostAndPort, Jedis> open = new HashMap<>();

        Jedis to(HostAndPort node) {
            return open.computeIfAbsent(node, n -> RedisNodes.open(target, n));
        }

        @Override
        public void close() {
            open.values().forEach(Jedis::close);
        }
    }
}
