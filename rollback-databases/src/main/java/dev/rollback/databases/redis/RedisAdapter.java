package dev.rollback.databases.redis;

import dev.rollback.RollbackException;
import dev.rollback.databases.DumpDigest;
import dev.rollback.databases.FramedArchive;
import dev.rollback.databases.SafetyDumps;
import dev.rollback.env.ServiceKind;
import dev.rollback.spi.DatabaseAdapter;
import dev.rollback.spi.DatabaseHealth;
import dev.rollback.spi.DatabaseTarget;
import dev.rollback.spi.DumpResult;
import dev.rollback.spi.DumpSource;
import dev.rollback.spi.Fingerprint;
import dev.rollback.spi.RestoreOptions;
import dev.rollback.spi.RestoreResult;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisMovedDataException;
import redis.clients.jedis.params.RestoreParams;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/**
 * Redis, standalone or each master of a cluster: every key in scope ({@code SCAN MATCH}) with its value
 * ({@code DUMP}, the server's own serialisation of any type) and remaining TTL ({@code PTTL}), restored with
 * {@code RESTORE ... REPLACE}. Chosen over an RDB from {@code BGSAVE} because it needs no access to the node's
 * volume, works the same on the host and in containers, and can be scoped to key patterns.
 *
 * <p>{@code new RedisAdapter().dump(target.withScope(List.of("session:*")), out);}
 *
 * <p>Keys are read one by one, so a dump of a live node is not a point-in-time snapshot across keys.
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
                version = j.info("server").lines().filter(l -> l.startsWith("redis_version:"))
                    .map(l -> l.substring("redis_version:".length()).strip()).findFirst().orElse("");
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

    @Override
    public DumpResult dump(DatabaseTarget target, OutputStream out) {
        long start = System.nanoTime();
        DumpDigest digest = new DumpDigest(out);
        try (FramedArchive.Writer w = FramedArchive.writer(digest, FORMAT)) {
            for (HostAndPort node : masters(target)) {
                w.record(NODE, node.toString().getBytes(StandardCharsets.UTF_8));
                try (Jedis j = RedisNodes.open(target, node)) {
                    forEachKey(j, target, key -> {
                        long pttl = j.pttl(key);
                        byte[] value = j.dump(key);
                        if (value != null) {
                            writeKey(w, key, pttl, value);
                        }
                    });
                } catch (RuntimeException e) {
                    throw RedisNodes.failure(target, node, "dumping keys", e);
                }
            }
        } catch (IOException e) {
            throw new RollbackException("service " + target.service() + ": writing the dump failed ("
                + e.getMessage() + "); it is incomplete, discard it", e);
        }
        return new DumpResult(target.service(), digest.bytes(), digest.sha256Hex(), FORMAT, "jedis SCAN/DUMP/PTTL",
            Duration.ofNanos(System.nanoTime() - start));
    }

    @Override
    public RestoreResult restore(DatabaseTarget target, DumpSource source, RestoreOptions options) {
        long start = System.nanoTime();
        FramedArchive.verify(target.service(), source, FORMAT, options.expectedSha256());
        Optional<Path> safety = SafetyDumps.take(this, target, options, ".rdbk");
        Set<ByteBuffer> restored = new HashSet<>();
        List<HostAndPort> nodes = RedisNodes.nodes(target);
        HostAndPort[] current = {nodes.get(0)};
        java.util.Map<HostAndPort, Jedis> connections = new java.util.HashMap<>();
        try (InputStream in = source.open()) {
            FramedArchive.read(in, FORMAT, (tag, body) -> {
                if (tag == NODE) {
                    current[0] = HostAndPort.from(new String(body, StandardCharsets.UTF_8));
                    if (!nodes.contains(current[0])) {
                        current[0] = nodes.get(0);
                    }
                    return;
                }
                DataInputStream d = new DataInputStream(new java.io.ByteArrayInputStream(body));
                byte[] key = d.readNBytes(d.readInt());
                long pttl = d.readLong();
                byte[] value = d.readAllBytes();
                restoreKey(target, connections, current[0], key, pttl, value, options.clean());
                if (options.dropExtras()) {
                    restored.add(ByteBuffer.wrap(key));
                }
            });
        } catch (IOException | RuntimeException e) {
            throw new RollbackException("service " + target.service() + ": the restore failed part way ("
                + e.getMessage() + ")" + safety.map(p -> "; the data before it is in " + p.getFileName()
                + ", restore that to go back").orElse(""), e);
        } finally {
            connections.values().forEach(Jedis::close);
        }
        List<String> dropped = new ArrayList<>();
        if (options.dropExtras()) {
            for (HostAndPort node : masters(target)) {
                try (Jedis j = RedisNodes.open(target, node)) {
                    forEachKey(j, target, key -> {
                        if (!restored.contains(ByteBuffer.wrap(key))) {
                            j.del(key);
                            dropped.add(new String(key, StandardCharsets.UTF_8));
                        }
                    });
                }
            }
        }
        return new RestoreResult(target.service(), source.length(), safety, dropped,
            Duration.ofNanos(System.nanoTime() - start));
    }

    @Override
    public Fingerprint fingerprint(DatabaseTarget target) {
        return new RedisFingerprint(target, this).take();
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
        List<String> patterns = target.scope().isEmpty() ? List.of("*") : target.scope();
        for (String pattern : patterns) {
            byte[] cursor = ScanParams.SCAN_POINTER_START_BINARY;
            ScanParams params = new ScanParams().match(pattern).count(1000);
            do {
                ScanResult<byte[]> page = j.scan(cursor, params);
                for (byte[] key : page.getResult()) {
                    try {
                        action.key(key);
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                }
                cursor = page.getCursorAsBytes();
            } while (!java.util.Arrays.equals(cursor, ScanParams.SCAN_POINTER_START_BINARY));
        }
    }

    /** One key. */
    @FunctionalInterface
    interface KeyAction {
        void key(byte[] key) throws IOException;
    }

    private static void writeKey(FramedArchive.Writer w, byte[] key, long pttl, byte[] value) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream(key.length + value.length + 16);
        DataOutputStream d = new DataOutputStream(b);
        d.writeInt(key.length);
        d.write(key);
        d.writeLong(pttl);
        d.write(value);
        w.record(KEY, b.toByteArray());
    }

    private static void restoreKey(DatabaseTarget target, java.util.Map<HostAndPort, Jedis> connections,
                                   HostAndPort node, byte[] key, long pttl, byte[] value, boolean replace) {
        long ttl = pttl > 0 ? pttl : 0;
        RestoreParams params = replace ? RestoreParams.restoreParams().replace() : RestoreParams.restoreParams();
        HostAndPort at = node;
        for (int hop = 0; hop < 3; hop++) {
            try {
                connections.computeIfAbsent(at, n -> RedisNodes.open(target, n)).restore(key, ttl, value, params);
                return;
            } catch (JedisMovedDataException moved) {
                at = moved.getTargetNode();
            } catch (JedisDataException e) {
                if (!replace && String.valueOf(e.getMessage()).startsWith("BUSYKEY")) {
                    return;
                }
                throw e;
            }
        }
        throw new RollbackException("service " + target.service() + ": key kept moving between cluster nodes;"
            + " check the cluster with clusterState()");
    }
}
