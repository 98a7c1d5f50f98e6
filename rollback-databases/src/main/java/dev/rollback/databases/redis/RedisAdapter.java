package dev.rollback.databases.redis;

import dev.rollback.databases.DumpDigest;
import dev.rollback.databases.FramedArchive;
import dev.rollback.databases.SafetyDumps;
import dev.rollback.databases.spi.DatabaseAdapter;
import dev.rollback.databases.spi.DatabaseHealth;
import dev.rollback.databases.spi.DatabaseTarget;
import dev.rollback.databases.spi.DumpResult;
import dev.rollback.databases.spi.Fingerprint;
import dev.rollback.databases.spi.RestoreOptions;
import dev.rollback.databases.spi.RestoreResult;
import dev.rollback.env.ServiceKind;
import dev.rollback.errors.RollbackException;
import dev.rollback.spi.DataSnapshot;
import dev.rollback.spi.DumpSource;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisMovedDataException;
import redis.clients.jedis.params.RestoreParams;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/**
 * Redis, standalone or each master of a cluster, in one of two formats chosen by the target's {@code format}
 * option:
 * <ul>
 * <li>{@code keys} (the default): every key in scope ({@code SCAN MATCH}) with its value ({@code DUMP}, the
 * server's own serialisation of any type) and remaining TTL ({@code PTTL}), restored with {@code RESTORE ...
 * REPLACE} onto the live node. Needs no access to the node's files or a restart, works the same on the host and in
 * containers, can be scoped to key patterns and merged.</li>
 * <li>{@code rdb}: each node's own RDB snapshot, taken over the replication protocol and loaded by restarting the
 * node on it ({@link RedisRdbArchive}): point in time per node and at the engine's native speed, but whole nodes
 * only, and the node restarts.</li>
 * </ul>
 * A restore reads the format from the dump itself.
 *
 * <p>{@code new RedisAdapter().dump(target.withScope(List.of("session:*")), out);}
 *
 * <p>Keys are read page by page (SCAN, then DUMP and PTTL for the page in one pipeline), so a dump of a live node
 * is not a point-in-time snapshot across keys. Restores pipeline RESTORE per node, routed by slot in a cluster.
 */
public final class RedisAdapter implements DatabaseAdapter {
    /** The archive format name. */
    public static final String FORMAT = "rollback-redis-v1";

    private static final int NODE = 1;
    private static final int KEY = 2;

    @Override
    public Set<ServiceKind> kinds() {
        return Set.of(ServiceKind.REDIS);
    }

    @Override
    public DatabaseHealth health(DatabaseTarget target) {
        long start = System.nanoTime();
        int attempts = 0;
        String version = "";
        for (HostAndPort node : RedisNodes.nodes(target)) {
            attempts = Math.max(attempts, RedisNodes.ping(target, node, RedisNodes.PING_RETRY));
            try (Jedis j = RedisNodes.open(target, node)) {
                version = j.info("server")
                        .lines()
                        .filter(l -> l.startsWith("redis_version:"))
                        .map(l -> l.substring("redis_version:".length()).strip())
                        .findFirst()
                        .orElse("");
            } catch (RuntimeException e) {
                throw RedisNodes.failure(target, node, "INFO server", e);
            }
        }
        return new DatabaseHealth(target.service(), version, Duration.ofNanos(System.nanoTime() - start), attempts);
    }

    /** {@code cluster_state:ok} and all 16384 slots assigned and ok, asked of every node. */
    public RedisClusterState clusterState(DatabaseTarget target) {
        return RedisClusterState.of(target);
    }

    /**
     * Re-forms the cluster when its nodes lost their metadata ({@code nodes.conf} gone, each node alone): frees
     * slots held by vanished node ids, gives the unserved slots in equal ranges to the nodes that serve none,
     * introduces the nodes and waits up to 30 s for {@code cluster_state:ok} with all slots covered. Does nothing
     * on a formed cluster. See {@link RedisClusterForm}.
     */
    public RedisClusterForm.Outcome reformCluster(DatabaseTarget target) {
        return reformCluster(target, Duration.ofSeconds(30));
    }

    /** {@link #reformCluster(DatabaseTarget)}, waiting up to {@code timeout} for the cluster to settle. */
    public RedisClusterForm.Outcome reformCluster(DatabaseTarget target, Duration timeout) {
        return RedisClusterForm.reform(target, timeout);
    }

    @Override
    public DumpResult dump(DatabaseTarget target, OutputStream out) {
        if (RedisRdbArchive.FORMAT_OPTION.equals(target.option("format").orElse("keys"))) {
            return RedisRdbArchive.dump(target, masters(target), out);
        }
        long start = System.nanoTime();
        DumpDigest digest = new DumpDigest(out);
        try (FramedArchive.Writer w = FramedArchive.writer(digest, FORMAT)) {
            for (HostAndPort node : masters(target)) {
                w.record(NODE, node.toString().getBytes(StandardCharsets.UTF_8));
                try (Jedis j = RedisNodes.open(target, node)) {
                    forEachKeyPage(j, target, keys -> {
                        List<Response<Long>> ttls = new ArrayList<>(keys.size());
                        List<Response<byte[]>> values = new ArrayList<>(keys.size());
                        try (Pipeline p = j.pipelined()) {
                            for (byte[] key : keys) {
                                ttls.add(p.pttl(key));
                                values.add(p.dump(key));
                            }
                            p.sync();
                        }
                        for (int i = 0; i < keys.size(); i++) {
                            byte[] value = values.get(i).get();
                            if (value != null) {
                                writeKey(w, keys.get(i), ttls.get(i).get(), value);
                            }
                        }
                    });
                } catch (RuntimeException e) {
                    throw RedisNodes.failure(target, node, "dumping keys", e);
                }
            }
        } catch (IOException e) {
            throw new RollbackException(
                    "service " + target.service() + ": writing the dump failed (" + e.getMessage()
                            + "); it is incomplete, discard it",
                    e);
        }
        return new DumpResult(
                target.service(),
                digest.bytes(),
                digest.sha256Hex(),
                FORMAT,
                "jedis SCAN + pipelined DUMP/PTTL",
                Duration.ofNanos(System.nanoTime() - start));
    }

    @Override
    public RestoreResult restore(DatabaseTarget target, DumpSource source, RestoreOptions options) {
        if (FramedArchive.formatOf(source)
                .filter(RedisRdbArchive.FORMAT::equals)
                .isPresent()) {
            return RedisRdbArchive.restore(this, target, masters(target), source, options);
        }
        long start = System.nanoTime();
        FramedArchive.verify(target.service(), source, FORMAT, options.expectedSha256());
        Optional<RedisSlots> slots = RedisSlots.of(target);
        Optional<Path> safety = SafetyDumps.take(this, target, options, ".rdbk");
        Set<ByteBuffer> restored = new HashSet<>();
        List<HostAndPort> nodes = RedisNodes.nodes(target);
        HostAndPort[] current = {nodes.get(0)};
        KeyRestorer restorer = new KeyRestorer(target, options.clean());
        try (InputStream in = source.open();
                restorer) {
            FramedArchive.read(in, FORMAT, (tag, body) -> {
                if (tag == NODE) {
                    current[0] = HostAndPort.from(new String(body, StandardCharsets.UTF_8));
                    if (!nodes.contains(current[0])) {
                        current[0] = nodes.get(0);
                    }
                    return;
                }
                ByteBuffer b = ByteBuffer.wrap(body);
                byte[] key = new byte[b.getInt()];
                b.get(key);
                long pttl = b.getLong();
                byte[] value = Arrays.copyOfRange(body, b.position(), body.length);
                restorer.add(slots.map(s -> s.nodeFor(key)).orElse(current[0]), key, pttl, value);
                if (options.dropExtras()) {
                    restored.add(ByteBuffer.wrap(key));
                }
            });
        } catch (IOException | RuntimeException e) {
            throw new RollbackException(
                    "service " + target.service() + ": the restore failed part way ("
                            + e.getMessage() + ")"
                            + safety.map(p -> "; the data before it is in " + p.getFileName()
                                            + ", restore that to go back")
                                    .orElse(""),
                    e);
        }
        List<String> dropped = new ArrayList<>();
        if (options.dropExtras()) {
            for (HostAndPort node : masters(target)) {
                try (Jedis j = RedisNodes.open(target, node)) {
                    forEachKeyPage(j, target, keys -> {
                        List<byte[]> extra = keys.stream()
                                .filter(k -> !restored.contains(ByteBuffer.wrap(k)))
                                .toList();
                        if (!extra.isEmpty()) {
                            j.del(extra.toArray(new byte[0][]));
                            extra.forEach(k -> dropped.add(new String(k, StandardCharsets.UTF_8)));
                        }
                    });
                } catch (RuntimeException e) {
                    throw RedisNodes.failure(target, node, "deleting keys the dump does not have", e);
                }
            }
        }
        List<String> warnings = new ArrayList<>();
        if (restorer.replaced > 0) {
            warnings.add(restorer.replaced + " key(s) of the dump existed and were replaced with the dump's values"
                    + safety.map(p -> " (the previous values are in " + p.getFileName() + ")")
                            .orElse(""));
        }
        if (restorer.kept > 0) {
            warnings.add(restorer.kept + " key(s) of the dump existed and were kept as they are (merge)");
        }
        return new RestoreResult(
                target.service(),
                source.length(),
                safety,
                dropped,
                Duration.ofNanos(System.nanoTime() - start),
                warnings);
    }

    @Override
    public Fingerprint fingerprint(DatabaseTarget target) {
        return new RedisFingerprint(target, this).take();
    }

    /**
     * Every key of the target's scope, as DUMP bytes and PTTL held in this process; {@link DataSnapshot#reset()}
     * deletes the scope's keys and RESTOREs these, routed by slot in a cluster. See {@link RedisSnapshot}.
     */
    @Override
    public DataSnapshot snapshot(DatabaseTarget target) {
        return RedisSnapshot.take(target, this);
    }

    /** The nodes that hold data: every node for standalone, the masters for a cluster. */
    List<HostAndPort> masters(DatabaseTarget target) {
        List<HostAndPort> out = new ArrayList<>();
        for (HostAndPort node : RedisNodes.nodes(target)) {
            try (Jedis j = RedisNodes.open(target, node)) {
                if (j.info("replication").contains("role:master")) {
                    out.add(node);
                }
            } catch (RuntimeException e) {
                throw RedisNodes.failure(target, node, "INFO replication", e);
            }
        }
        return out;
    }

    /** Calls {@code action} for each key in the target's scope on this node. */
    static void forEachKey(Jedis j, DatabaseTarget target, KeyAction action) {
        forEachKeyPage(j, target, keys -> {
            for (byte[] key : keys) {
                action.key(key);
            }
        });
    }

    /** Calls {@code action} with each page (up to about 1000 keys) of {@code SCAN MATCH} over the target's scope. */
    static void forEachKeyPage(Jedis j, DatabaseTarget target, PageAction action) {
        List<String> patterns = target.scope().isEmpty() ? List.of("*") : target.scope();
        for (String pattern : patterns) {
            byte[] cursor = ScanParams.SCAN_POINTER_START_BINARY;
            ScanParams params = new ScanParams().match(pattern).count(1000);
            do {
                ScanResult<byte[]> page = j.scan(cursor, params);
                if (!page.getResult().isEmpty()) {
                    try {
                        action.keys(page.getResult());
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
                cursor = page.getCursorAsBytes();
            } while (!Arrays.equals(cursor, ScanParams.SCAN_POINTER_START_BINARY));
        }
    }

    /** One key. */
    @FunctionalInterface
    interface KeyAction {
        void key(byte[] key) throws IOException;
    }

    /** One page of keys from SCAN. */
    @FunctionalInterface
    interface PageAction {
        void keys(List<byte[]> keys) throws IOException;
    }

    private static void writeKey(FramedArchive.Writer w, byte[] key, long pttl, byte[] value) throws IOException {
        w.record(
                KEY,
                ByteBuffer.allocate(4 + key.length + 8 + value.length)
                        .putInt(key.length)
                        .put(key)
                        .putLong(pttl)
                        .put(value)
                        .array());
    }

    /**
     * Sends RESTOREs to their nodes in pipelines of up to {@value #BATCH} keys (or 8 MiB). A clean restore sends
     * {@code EXISTS} before each {@code RESTORE ... REPLACE} in the same pipeline and counts the keys it replaced
     * (an O(1) command with a 1-byte answer; sending without REPLACE and again on BUSYKEY would send every value
     * twice when restoring over live data, the usual rollback); a merge sends RESTORE without REPLACE and counts
     * the BUSYKEY answers as kept. A key a node answers with {@code MOVED} (the slots changed since the map was
     * read) is sent again on its own, following the redirection.
     */
    private static final class KeyRestorer implements AutoCloseable {
        private static final int BATCH = 1000;
        private static final long BATCH_BYTES = 8L << 20;
        private static final RestoreParams NEW_ONLY = RestoreParams.restoreParams();
        private static final RestoreParams REPLACE =
                RestoreParams.restoreParams().replace();
        private final DatabaseTarget target;
        private final boolean replace;
        private final Map<HostAndPort, Jedis> connections = new HashMap<>();
        private final Map<HostAndPort, List<Object[]>> pending = new HashMap<>();
        private final Map<HostAndPort, Long> pendingBytes = new HashMap<>();
        long replaced;
        long kept;

        KeyRestorer(DatabaseTarget target, boolean replace) {
            this.target = target;
            this.replace = replace;
        }

        void add(HostAndPort node, byte[] key, long pttl, byte[] value) {
            List<Object[]> batch = pending.computeIfAbsent(node, n -> new ArrayList<>());
            batch.add(new Object[] {key, pttl > 0 ? pttl : 0L, value});
            long bytes = pendingBytes.merge(node, (long) key.length + value.length, Long::sum);
            if (batch.size() >= BATCH || bytes >= BATCH_BYTES) {
                flush(node);
            }
        }

        private void flush(HostAndPort node) {
            List<Object[]> batch = pending.remove(node);
            pendingBytes.remove(node);
            if (batch == null || batch.isEmpty()) {
                return;
            }
            List<Object[]> busy = send(node, batch, replace ? REPLACE : NEW_ONLY);
            kept += busy.size();
        }

        /**
         * RESTOREs in one pipeline, each after an {@code EXISTS} when replacing (counted in {@link #replaced});
         * returns the keys answered BUSYKEY.
         */
        private List<Object[]> send(HostAndPort node, List<Object[]> batch, RestoreParams params) {
            List<Response<String>> answers = new ArrayList<>(batch.size());
            List<Response<Boolean>> existed = new ArrayList<>(batch.size());
            try (Pipeline p = connection(node).pipelined()) {
                for (Object[] k : batch) {
                    if (replace) {
                        existed.add(p.exists((byte[]) k[0]));
                    }
                    answers.add(p.restore((byte[]) k[0], (Long) k[1], (byte[]) k[2], params));
                }
                p.sync();
            }
            List<Object[]> busy = new ArrayList<>();
            for (int i = 0; i < batch.size(); i++) {
                Object[] k = batch.get(i);
                try {
                    if (replace && Boolean.TRUE.equals(existed.get(i).get())) {
                        replaced++;
                    }
                    answers.get(i).get();
                } catch (JedisMovedDataException moved) {
                    if (!single(moved.getTargetNode(), (byte[]) k[0], (Long) k[1], (byte[]) k[2], params)) {
                        busy.add(k);
                    }
                } catch (JedisDataException e) {
                    if (!isBusy(e)) {
                        throw e;
                    }
                    busy.add(k);
                }
            }
            return busy;
        }

        /** One RESTORE following MOVED; false when the key exists (BUSYKEY). */
        private boolean single(HostAndPort node, byte[] key, long ttl, byte[] value, RestoreParams params) {
            HostAndPort at = node;
            for (int hop = 0; hop < 3; hop++) {
                try {
                    connection(at).restore(key, ttl, value, params);
                    return true;
                } catch (JedisMovedDataException moved) {
                    at = moved.getTargetNode();
                } catch (JedisDataException e) {
                    if (isBusy(e)) {
                        return false;
                    }
                    throw e;
                }
            }
            throw new RollbackException("service " + target.service() + ": key kept moving between cluster nodes;"
                    + " check the cluster with clusterState()");
        }

        private static boolean isBusy(JedisDataException e) {
            return String.valueOf(e.getMessage()).startsWith("BUSYKEY");
        }

        private Jedis connection(HostAndPort node) {
            return connections.computeIfAbsent(node, n -> RedisNodes.open(target, n));
        }

        @Override
        public void close() {
            try {
                for (HostAndPort node : new ArrayList<>(pending.keySet())) {
                    flush(node);
                }
            } finally {
                connections.values().forEach(Jedis::close);
            }
        }
    }
}
