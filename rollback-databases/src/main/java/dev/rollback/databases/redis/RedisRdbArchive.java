package dev.rollback.databases.redis;

import dev.rollback.databases.DumpDigest;
import dev.rollback.databases.FramedArchive;
import dev.rollback.databases.SafetyDumps;
import dev.rollback.databases.spi.DatabaseTarget;
import dev.rollback.databases.spi.DumpResult;
import dev.rollback.databases.spi.RestoreOptions;
import dev.rollback.databases.spi.RestoreResult;
import dev.rollback.errors.RollbackException;
import dev.rollback.spi.DumpSource;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;

/**
 * The {@code rdb} format of {@link RedisAdapter}: a framed archive ({@value #FORMAT}) holding, per master, a record
 * with its {@code host:port}, the node's RDB snapshot ({@link RedisRdbSync}) in records of up to 1 MiB tagged
 * {@code 16 + i} for the i-th node (so each node's file can be read back on its own), and a record with its length. A restore verifies the
 * whole archive and checks every node first ({@link RedisRdbLoad#prepare}), takes the safety dump, then loads each
 * node's RDB by restarting it, and waits for a cluster to report {@code cluster_state:ok} again.
 *
 * <p>{@code adapter.dump(target.withOption("format", "rdb"), out)}
 */
final class RedisRdbArchive {
    /** The archive format name. */
    static final String FORMAT = "rollback-redis-rdb-v1";
    /** The value of the target's {@code format} option that selects this format. */
    static final String FORMAT_OPTION = "rdb";

    private static final int NODE = 1;
    private static final int END = 2;
    private static final int RDB_BASE = 16;
    private static final int MAX_NODES = 100;
    private static final int CHUNK = 1 << 20;

    private RedisRdbArchive() {}

    static DumpResult dump(DatabaseTarget target, List<HostAndPort> masters, OutputStream out) {
        if (!target.scope().isEmpty()) {
            throw new RollbackException("service " + target.service() + ": format rdb takes whole nodes, and the"
                    + " target is scoped to " + target.scope() + "; remove the scope or use format keys");
        }
        if (masters.size() > MAX_NODES) {
            throw new RollbackException("service " + target.service() + ": format rdb holds up to " + MAX_NODES
                    + " masters, the cluster has " + masters.size() + "; use format keys");
        }
        long start = System.nanoTime();
        DumpDigest digest = new DumpDigest(out);
        try (FramedArchive.Writer w = FramedArchive.writer(digest, FORMAT)) {
            for (int i = 0; i < masters.size(); i++) {
                HostAndPort node = masters.get(i);
                try (RedisRdbSync sync = RedisRdbSync.open(target, node, disklessNow(target, node))) {
                    w.record(NODE, node.toString().getBytes(StandardCharsets.UTF_8));
                    OutputStream records = FramedArchive.recordsOf(w, RDB_BASE + i, CHUNK);
                    long length = sync.copyTo(records);
                    records.flush();
                    w.record(END, Long.toString(length).getBytes(StandardCharsets.UTF_8));
                }
            }
        } catch (IOException e) {
            throw new RollbackException(
                    "service " + target.service() + ": writing the RDB dump failed (" + e.getMessage()
                            + "); it is incomplete, discard it",
                    e);
        }
        return new DumpResult(
                target.service(),
                digest.bytes(),
                digest.sha256Hex(),
                FORMAT,
                "SYNC (each node's RDB snapshot)",
                Duration.ofNanos(System.nanoTime() - start));
    }

    static RestoreResult restore(
            RedisAdapter adapter,
            DatabaseTarget target,
            List<HostAndPort> masters,
            DumpSource source,
            RestoreOptions options) {
        long start = System.nanoTime();
        List<String[]> recorded = new ArrayList<>();
        FramedArchive.verify(target.service(), source, FORMAT, options.expectedSha256(), (tag, body) -> {
            if (tag == NODE) {
                recorded.add(new String[] {new String(body, StandardCharsets.UTF_8), null});
            } else if (tag == END && !recorded.isEmpty()) {
                recorded.get(recorded.size() - 1)[1] = new String(body, StandardCharsets.UTF_8);
            }
        });
        if (recorded.stream().anyMatch(r -> r[1] == null)) {
            throw new RollbackException(
                    "service " + target.service() + ": the dump in " + source.describe() + " lacks"
                            + " the end of a node's RDB, so it is incomplete. Nothing was changed; restore from another backup");
        }
        if (!options.clean() || !target.scope().isEmpty()) {
            throw new RollbackException("service " + target.service() + ": an RDB dump replaces each node's whole"
                    + " data; a merge or a scoped restore needs a dump taken with format keys. Nothing was changed");
        }
        if (recorded.size() != masters.size()) {
            throw new RollbackException("service " + target.service() + ": the dump holds the RDBs of "
                    + recorded.size() + " node(s) and the target has " + masters.size() + " master(s); nothing was"
                    + " changed. Restore it onto a cluster of the same shape, or re-form the cluster first");
        }
        List<HostAndPort> all = RedisNodes.nodes(target);
        List<HostAndPort> order = new ArrayList<>();
        for (String[] r : recorded) {
            HostAndPort was = HostAndPort.from(r[0]);
            order.add(masters.contains(was) && !order.contains(was) ? was : null);
        }
        List<HostAndPort> free = new ArrayList<>(masters);
        free.removeAll(order);
        for (int i = 0; i < order.size(); i++) {
            if (order.get(i) == null) {
                order.set(i, free.remove(0)); // a node whose address changed takes the place of the one it was
            }
        }
        List<RedisRdbLoad> loads = new ArrayList<>();
        for (HostAndPort node : order) {
            loads.add(RedisRdbLoad.prepare(target, node, all.indexOf(node)));
        }
        boolean cluster = clusterEnabled(target, order.get(0));
        Optional<Path> safety = SafetyDumps.take(adapter, target, options, ".rdbk");
        for (int i = 0; i < loads.size(); i++) {
            try (InputStream in = FramedArchive.payload(source.open(), FORMAT, RDB_BASE + i)) {
                loads.get(i).load(in, Long.parseLong(recorded.get(i)[1]));
            } catch (IOException | RuntimeException e) {
                throw new RollbackException(
                        "service " + target.service() + ": loading the RDB of node " + order.get(i)
                                + " failed (" + e.getMessage() + ")"
                                + (i > 0 ? "; " + i + " node(s) before it were restored" : "")
                                + safety.map(p -> "; the data before it is in " + p.getFileName()
                                                + ", restore that to go back")
                                        .orElse(""),
                        e);
            }
        }
        List<String> warnings = new ArrayList<>();
        warnings.add("replaced the whole data of " + loads.size() + " node(s) from their RDB snapshots; each node was"
                + " restarted");
        if (cluster) {
            RedisClusterState state =
                    RedisClusterState.await(target, Duration.ofSeconds(30), Duration.ofMillis(200), () -> true);
            if (!state.ok()) {
                warnings.add("the cluster did not report ok within 30 s of the restart: " + state.problems());
            }
        }
        return new RestoreResult(
                target.service(),
                source.length(),
                safety,
                List.of(),
                Duration.ofNanos(System.nanoTime() - start),
                warnings);
    }

    /**
     * Whether the node streams a snapshot without delay when asked diskless: {@code repl-diskless-sync yes} with a
     * delay of 0. Otherwise a plain SYNC (the node saves to its disk first) is the quicker; so is it when CONFIG is
     * not allowed.
     */
    private static boolean disklessNow(DatabaseTarget target, HostAndPort node) {
        try (Jedis j = RedisNodes.open(target, node)) {
            Map<String, String> c = j.configGet("repl-diskless-sync*");
            return "yes".equals(c.get("repl-diskless-sync")) && "0".equals(c.get("repl-diskless-sync-delay"));
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static boolean clusterEnabled(DatabaseTarget target, HostAndPort node) {
        try (Jedis j = RedisNodes.open(target, node)) {
            return RedisNodes.clusterEnabled(j);
        } catch (RuntimeException e) {
            throw RedisNodes.failure(target, node, "INFO cluster", e);
        }
    }
}
