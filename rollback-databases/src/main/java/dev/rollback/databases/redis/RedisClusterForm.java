package dev.rollback.databases.redis;

import dev.rollback.databases.spi.DatabaseTarget;
import dev.rollback.errors.RollbackException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;
import redis.clients.jedis.util.JedisClusterCRC16;

/**
 * Re-forms a Redis cluster of masters whose nodes lost their cluster metadata (the runbook's known issue: a node
 * restarted without its {@code nodes.conf} comes up alone, knows no peer, serves no slot, and the cluster reports
 * {@code cluster_state:fail}). Keeps what still holds: slots a node still serves stay with it; the slots nobody
 * serves go, in equal contiguous ranges, to the nodes that serve none (all 16384 in equal ranges when every node
 * lost its metadata), then the nodes are introduced ({@code CLUSTER MEET}) and it waits for {@code cluster_state:ok}
 * with all 16384 slots covered on every node.
 *
 * <p>{@code RedisClusterForm.Outcome o = new RedisAdapter().reformCluster(target); o.actions().forEach(log::info);}
 *
 * <p>It refuses, changing nothing, when two nodes claim the same slot, when a node is a replica, or when a node
 * holds keys of slots it would not serve (they would become unreachable). The address each node is met at is, in
 * order: the target option {@code clusterAddresses} ({@code ip:port,...} in the order of {@code nodes}; the
 * addresses the nodes reach each other at, e.g. their container IPs), the node's {@code cluster-announce-ip}, or
 * the address this host reaches it at (right for nodes on one host or one network).
 */
public final class RedisClusterForm {
    private static final Duration POLL = Duration.ofMillis(200);

    private RedisClusterForm() {}

    /**
     * What re-forming did.
     *
     * @param changed whether anything was changed (false when the cluster was already formed)
     * @param actions what was done, one line each, for notes and logs
     * @param state the cluster's state at the end
     */
    public record Outcome(boolean changed, List<String> actions, RedisClusterState state) {
        public Outcome {
            actions = List.copyOf(actions);
        }
    }

    /** What each node says of itself and of its peers. */
    record NodeView(
            HostAndPort address,
            String id,
            BitSet ownSlots,
            List<String[]> peers,
            boolean replica,
            long keys,
            boolean ok,
            int knownNodes) {}

    /** Problems that stop an automatic re-form, found without changing anything; empty when it can proceed. */
    static List<String> problems(DatabaseTarget target) {
        List<NodeView> views = views(target);
        List<String> problems = new ArrayList<>();
        try {
            plan(target, views);
        } catch (RollbackException e) {
            problems.add(e.getMessage());
        }
        return problems;
    }

    static Outcome reform(DatabaseTarget target, Duration timeout) {
        List<NodeView> views = views(target);
        Set<String> ids = new HashSet<>();
        views.forEach(v -> ids.add(v.id()));
        if (formed(views, ids)) {
            return new Outcome(
                    false,
                    List.of("cluster already formed: " + views.size() + " masters, all " + RedisClusterState.SLOTS
                            + " slots served"),
                    RedisClusterState.of(target));
        }
        BitSet[] plan = plan(target, views);
        List<String> actions = new ArrayList<>();
        // peers a node still lists but that are not among the target's nodes any more: old ids of nodes that
        // came back with a new id, or handshakes that never finished; their slots become free to re-assign
        for (NodeView v : views) {
            for (String[] peer : v.peers()) {
                if (!ids.contains(peer[0])) {
                    try (Jedis j = RedisNodes.open(target, v.address())) {
                        j.clusterForget(peer[0]);
                        actions.add(v.address() + ": CLUSTER FORGET " + peer[0] + " (" + peer[1] + ", gone)");
                    } catch (RuntimeException e) {
                        actions.add(v.address() + ": CLUSTER FORGET " + peer[0] + " failed (" + e.getMessage() + ")");
                    }
                }
            }
        }
        for (int i = 0; i < views.size(); i++) {
            NodeView v = views.get(i);
            BitSet add = (BitSet) plan[i].clone();
            add.andNot(v.ownSlots());
            try (Jedis j = RedisNodes.open(target, v.address())) {
                if (!add.isEmpty()) {
                    j.clusterAddSlots(add.stream().toArray());
                    actions.add(v.address() + ": CLUSTER ADDSLOTS " + ranges(add));
                }
                if (v.knownNodes() <= 1) {
                    try {
                        // a node alone takes a distinct epoch, as redis-cli --cluster create does, so the nodes'
                        // slot claims need no epoch collision to settle
                        j.clusterSetConfigEpoch(i + 1);
                    } catch (RuntimeException e) {
                        // it had an epoch already; the cluster resolves collisions by itself
                    }
                }
            } catch (RuntimeException e) {
                throw RedisNodes.failure(target, v.address(), "CLUSTER ADDSLOTS", e);
            }
        }
        List<HostAndPort> meetAt = meetAddresses(target, views);
        NodeView first = views.get(0);
        Set<String> known = new HashSet<>();
        first.peers().forEach(p -> known.add(p[0]));
        try (Jedis j = RedisNodes.open(target, first.address())) {
            for (int i = 1; i < views.size(); i++) {
                if (!known.contains(views.get(i).id())) {
                    HostAndPort at = meetAt.get(i);
                    j.clusterMeet(at.getHost(), at.getPort());
                    actions.add(first.address() + ": CLUSTER MEET " + at + " (node "
                            + views.get(i).address() + ")");
                }
            }
        } catch (RuntimeException e) {
            throw RedisNodes.failure(target, first.address(), "CLUSTER MEET", e);
        }
        RedisClusterState state = await(target, views.size(), timeout);
        if (!state.ok()) {
            throw new RollbackException("service " + target.service() + ": the cluster did not reach"
                    + " cluster_state:ok within " + timeout + " after re-forming (" + String.join("; ", actions) + "): "
                    + String.join("; ", state.problems()) + ". If the nodes cannot reach each other at the addresses"
                    + " they were met at, give them in the target option clusterAddresses");
        }
        actions.add("cluster_state:ok on " + views.size() + " nodes, " + RedisClusterState.SLOTS + " slots covered");
        return new Outcome(true, actions, state);
    }

    /** Every node ok, serving all slots, and knowing exactly the target's nodes. */
    private static boolean formed(List<NodeView> views, Set<String> ids) {
        for (NodeView v : views) {
            if (!v.ok() || v.knownNodes() != views.size()) {
                return false;
            }
            for (String[] peer : v.peers()) {
                if (!ids.contains(peer[0])) {
                    return false;
                }
            }
        }
        return true;
    }

    /** The slots each node serves once re-formed, in the target's node order; refuses what it cannot do safely. */
    static BitSet[] plan(DatabaseTarget target, List<NodeView> views) {
        int n = views.size();
        BitSet[] plan = new BitSet[n];
        BitSet claimed = new BitSet(RedisClusterState.SLOTS);
        List<Integer> empty = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            NodeView v = views.get(i);
            if (v.replica()) {
                throw new RollbackException("service " + target.service() + ": node " + v.address() + " is a"
                        + " replica; re-forming a cluster with replicas is not automated. Nothing was changed");
            }
            BitSet overlap = (BitSet) v.ownSlots().clone();
            overlap.and(claimed);
            if (!overlap.isEmpty()) {
                throw new RollbackException("service " + target.service() + ": node " + v.address() + " claims"
                        + " slots " + ranges(overlap) + " that another node claims too; resolve by hand (CLUSTER"
                        + " DELSLOTS on one of them). Nothing was changed");
            }
            claimed.or(v.ownSlots());
            plan[i] = (BitSet) v.ownSlots().clone();
            if (v.ownSlots().isEmpty()) {
                empty.add(i);
            }
        }
        BitSet free = new BitSet(RedisClusterState.SLOTS);
        free.set(0, RedisClusterState.SLOTS);
        free.andNot(claimed);
        List<Integer> takers = new ArrayList<>(empty);
        if (takers.isEmpty()) {
            for (int i = 0; i < n; i++) {
                takers.add(i);
            }
        }
        int[] slots = free.stream().toArray();
        for (int t = 0; t < takers.size(); t++) {
            int from = (int) ((long) slots.length * t / takers.size());
            int to = (int) ((long) slots.length * (t + 1) / takers.size());
            for (int s = from; s < to; s++) {
                plan[takers.get(t)].set(slots[s]);
            }
        }
        for (int i = 0; i < n; i++) {
            NodeView v = views.get(i);
            if (v.keys() > 0) {
                long stray = strayKeys(target, v.address(), plan[i]);
                if (stray > 0) {
                    throw new RollbackException("service " + target.service() + ": node " + v.address() + " holds "
                            + stray + " key(s) of slots it would not serve after re-forming (" + ranges(plan[i])
                            + "); they would become unreachable. Nothing was changed; dump them first, or flush the"
                            + " node and restore from a backup after re-forming");
                }
            }
        }
        return plan;
    }

    /** Keys on the node whose slot is not in {@code serves}. */
    private static long strayKeys(DatabaseTarget target, HostAndPort node, BitSet serves) {
        long stray = 0;
        try (Jedis j = RedisNodes.open(target, node)) {
            byte[] cursor = ScanParams.SCAN_POINTER_START_BINARY;
            ScanParams params = new ScanParams().count(1000);
            do {
                ScanResult<byte[]> page = j.scan(cursor, params);
                for (byte[] key : page.getResult()) {
                    if (!serves.get(JedisClusterCRC16.getSlot(key))) {
                        stray++;
                    }
                }
                cursor = page.getCursorAsBytes();
            } while (!Arrays.equals(cursor, ScanParams.SCAN_POINTER_START_BINARY));
        } catch (RuntimeException e) {
            throw RedisNodes.failure(target, node, "SCAN (checking keys against the slot plan)", e);
        }
        return stray;
    }

    static List<NodeView> views(DatabaseTarget target) {
        List<NodeView> views = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (HostAndPort node : RedisNodes.nodes(target)) {
            RedisNodes.ping(target, node, RedisNodes.PING_RETRY);
            try (Jedis j = RedisNodes.open(target, node)) {
                if (!RedisNodes.clusterEnabled(j)) {
                    throw new RollbackException("service " + target.service() + ": node " + node + " does not run in"
                            + " cluster mode (cluster-enabled yes); there is no cluster to re-form");
                }
                String info = j.clusterInfo();
                String id = j.clusterMyId();
                if (!seen.add(id)) {
                    throw new RollbackException("service " + target.service() + ": node " + node + " has the same"
                            + " node id as another target node; the nodes option lists one node twice");
                }
                BitSet own = new BitSet(RedisClusterState.SLOTS);
                boolean replica = false;
                List<String[]> peers = new ArrayList<>();
                for (String line : j.clusterNodes().split("\n")) {
                    String[] f = line.strip().split(" ");
                    if (f.length < 8) {
                        continue;
                    }
                    if (f[2].contains("myself")) {
                        replica = f[2].contains("slave") || f[2].contains("replica");
                        for (int k = 8; k < f.length; k++) {
                            addSlots(own, f[k]);
                        }
                    } else {
                        peers.add(new String[] {f[0], f[1]});
                    }
                }
                boolean ok = info.contains("cluster_state:ok")
                        && info.contains("cluster_slots_ok:" + RedisClusterState.SLOTS);
                int knownNodes = Integer.parseInt(field(info, "cluster_known_nodes", "1"));
                views.add(new NodeView(node, id, own, peers, replica, j.dbSize(), ok, knownNodes));
            } catch (RollbackException e) {
                throw e;
            } catch (RuntimeException e) {
                throw RedisNodes.failure(target, node, "reading its cluster view", e);
            }
        }
        return views;
    }

    /** Where each node is met: the {@code clusterAddresses} option, its announced IP, or the target's address. */
    private static List<HostAndPort> meetAddresses(DatabaseTarget target, List<NodeView> views) {
        Optional<String> given = target.option("clusterAddresses");
        if (given.isPresent()) {
            String[] parts = given.get().split(",");
            if (parts.length != views.size()) {
                throw new RollbackException("service " + target.service() + ": option clusterAddresses has "
                        + parts.length + " addresses for " + views.size() + " nodes; give one per node, in order");
            }
            List<HostAndPort> out = new ArrayList<>();
            for (String p : parts) {
                HostAndPort h = HostAndPort.from(p.strip());
                out.add(new HostAndPort(ip(target, h.getHost()), h.getPort()));
            }
            return out;
        }
        List<HostAndPort> out = new ArrayList<>();
        for (NodeView v : views) {
            String ip = "";
            int port = v.address().getPort();
            try (Jedis j = RedisNodes.open(target, v.address())) {
                Map<String, String> cfg = j.configGet("cluster-announce-*");
                ip = cfg.getOrDefault("cluster-announce-ip", "");
                int announcedPort = Integer.parseInt(cfg.getOrDefault("cluster-announce-port", "0"));
                if (!ip.isEmpty() && announcedPort > 0) {
                    port = announcedPort;
                }
            } catch (RuntimeException e) {
                // CONFIG may be renamed or refused; fall back to the address this host uses
            }
            out.add(new HostAndPort(ip.isEmpty() ? ip(target, v.address().getHost()) : ip, port));
        }
        return out;
    }

    /** CLUSTER MEET takes an IP address, not a name. */
    private static String ip(DatabaseTarget target, String host) {
        try {
            return InetAddress.getByName(host).getHostAddress();
        } catch (UnknownHostException e) {
            throw new RollbackException("service " + target.service() + ": cannot resolve " + host + " to meet it", e);
        }
    }

    /** Until the cluster is ok and every node knows all {@code nodes}, or the timeout. */
    private static RedisClusterState await(DatabaseTarget target, int nodes, Duration timeout) {
        return RedisClusterState.await(
                target, timeout, POLL, () -> views(target).stream().allMatch(v -> v.knownNodes() == nodes));
    }

    private static void addSlots(BitSet own, String spec) {
        if (spec.startsWith("[")) {
            return; // a slot being migrated or imported; its owner is on the plain entries
        }
        int dash = spec.indexOf('-');
        if (dash < 0) {
            own.set(Integer.parseInt(spec));
        } else {
            own.set(Integer.parseInt(spec.substring(0, dash)), Integer.parseInt(spec.substring(dash + 1)) + 1);
        }
    }

    private static String field(String info, String name, String otherwise) {
        return info.lines()
                .filter(l -> l.startsWith(name + ":"))
                .map(l -> l.substring(name.length() + 1).strip())
                .findFirst()
                .orElse(otherwise);
    }

    /** {@code 0-5460,5462} */
    static String ranges(BitSet slots) {
        StringBuilder b = new StringBuilder();
        int i = slots.nextSetBit(0);
        while (i >= 0) {
            int end = slots.nextClearBit(i) - 1;
            if (b.length() > 0) {
                b.append(',');
            }
            b.append(i == end ? Integer.toString(i) : i + "-" + end);
            i = slots.nextSetBit(end + 1);
        }
        return b.length() == 0 ? "none" : b.toString();
    }
}
