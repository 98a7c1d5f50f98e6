package dev.rollback.databases.support;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;

/**
 * Redis cluster nodes of a test's own: {@code redis-server --cluster-enabled yes} processes on free loopback ports,
 * each in its own directory (its {@code nodes.conf} there), nothing saved to disk; stopped on close. The nodes start
 * alone, as after losing their metadata; forming the cluster is the test's business.
 *
 * <p>{@code try (RedisClusterNodes nodes = RedisClusterNodes.start(dir, 3)) { nodes.spec(); // 127.0.0.1:p1,... }}
 */
public final class RedisClusterNodes implements AutoCloseable {
    private final Path dir;
    private final List<Integer> ports;
    private final List<Process> processes = new ArrayList<>();

    private RedisClusterNodes(Path dir, List<Integer> ports) {
        this.dir = dir;
        this.ports = ports;
    }

    public static RedisClusterNodes start(Path dir, int count) throws IOException, InterruptedException {
        List<Integer> ports = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ports.add(freePort(ports));
        }
        RedisClusterNodes nodes = new RedisClusterNodes(dir, ports);
        try {
            for (int i = 0; i < count; i++) {
                nodes.processes.add(null);
                nodes.startNode(i);
            }
        } catch (IOException | InterruptedException | RuntimeException e) {
            nodes.close();
            throw e;
        }
        return nodes;
    }

    /** {@code 127.0.0.1:p1,127.0.0.1:p2,...}: the target option {@code nodes}. */
    public String spec() {
        return ports.stream().map(p -> "127.0.0.1:" + p).collect(Collectors.joining(","));
    }

    public int port(int node) {
        return ports.get(node);
    }

    public Jedis connect(int node) {
        return new Jedis(
                new HostAndPort("127.0.0.1", ports.get(node)),
                DefaultJedisClientConfig.builder()
                        .autoNegotiateProtocol(false)
                        .socketTimeoutMillis(10_000)
                        .build());
    }

    /** The runbook's failure: the node stops, its {@code nodes.conf} is deleted, it starts again alone and empty. */
    public void restartWithoutMetadata(int node) throws IOException, InterruptedException {
        Process p = processes.get(node);
        p.destroy();
        if (!p.waitFor(10, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        Files.deleteIfExists(nodeDir(node).resolve("nodes.conf"));
        startNode(node);
    }

    private void startNode(int node) throws IOException, InterruptedException {
        Path d = Files.createDirectories(nodeDir(node));
        Process p = new ProcessBuilder(
                        "redis-server",
                        "--bind",
                        "127.0.0.1",
                        "--port",
                        Integer.toString(ports.get(node)),
                        "--cluster-enabled",
                        "yes",
                        "--cluster-config-file",
                        "nodes.conf",
                        "--cluster-node-timeout",
                        "2000",
                        "--dir",
                        d.toString(),
                        "--save",
                        "",
                        "--appendonly",
                        "no",
                        "--logfile",
                        d.resolve("redis.log").toString())
                .redirectErrorStream(true)
                .redirectOutput(d.resolve("stdout.log").toFile())
                .start();
        processes.set(node, p);
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (true) {
            try (Jedis j = connect(node)) {
                if ("PONG".equals(j.ping())) {
                    return;
                }
            } catch (RuntimeException e) {
                if (!p.isAlive() || System.nanoTime() > deadline) {
                    throw new IllegalStateException(
                            "redis-server on port " + ports.get(node) + " did not start: "
                                    + Files.readString(d.resolve("redis.log")),
                            e);
                }
            }
            Thread.sleep(50);
        }
    }

    private Path nodeDir(int node) {
        return dir.resolve("node-" + node);
    }

    private static int freePort(List<Integer> taken) throws IOException {
        while (true) {
            try (ServerSocket s = new ServerSocket(0)) {
                int p = s.getLocalPort();
                // the cluster bus listens on port + 10000
                if (p + 10000 <= 65535 && !taken.contains(p)) {
                    try (ServerSocket bus = new ServerSocket(p + 10000)) {
                        return p;
                    } catch (IOException busy) {
                        // try another
                    }
                }
            }
        }
    }

    @Override
    public void close() {
        for (Process p : processes) {
            if (p != null) {
                p.destroy();
            }
        }
        for (Process p : processes) {
            try {
                if (p != null && !p.waitFor(10, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
