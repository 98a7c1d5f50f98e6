package dev.rollback.databases.support;

import dev.rollback.env.Environment;
import dev.rollback.events.RollbackListener;
import dev.rollback.spi.ContainerRuntime;
import dev.rollback.spi.ContainerRuntimes;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * A compose project of a 3-node Redis cluster ({@link RedisClusterYaml}) brought up and healthy, with a container
 * runtime on it; closing it closes the runtime and takes the project down.
 *
 * <p>{@code try (RedisClusterProject p = RedisClusterProject.up(tmp, 29, false)) { p.env(); p.runtime(); }}
 */
public final class RedisClusterProject implements AutoCloseable {
    private final ScratchCompose project;
    private final ContainerRuntime runtime;
    private final String net;

    private RedisClusterProject(ScratchCompose project, ContainerRuntime runtime, String net) {
        this.project = project;
        this.runtime = runtime;
        this.net = net;
    }

    /**
     * Brings the nodes up on a random {@code 172.<second>.x} network and waits for them to be healthy.
     * {@code fixedPorts}: each node publishes a free host port of its own instead of an ephemeral one, so a node
     * restarted in its container keeps its address on this host.
     */
    public static RedisClusterProject up(Path dir, int second, boolean fixedPorts) throws IOException {
        String net = RedisClusterYaml.randomNet(second);
        String nodes = RedisClusterYaml.nodes(net);
        for (int i = 0; fixedPorts && i < 3; i++) {
            nodes = nodes.replaceFirst("\"127\\.0\\.0\\.1::6379\"", "\"127.0.0.1:" + freePort() + ":6379\"");
        }
        ScratchCompose project =
                ScratchCompose.up(dir, RedisClusterYaml.network(net) + "services:\n" + nodes, Map.of());
        ContainerRuntime rt = null;
        try {
            rt = ContainerRuntimes.connect(project.environment(), Duration.ofSeconds(5))
                    .orElseThrow();
            rt.awaitHealthy(
                    project.environment(),
                    Map.of(
                            "redis-1",
                            Duration.ofSeconds(60),
                            "redis-2",
                            Duration.ofSeconds(60),
                            "redis-3",
                            Duration.ofSeconds(60)),
                    RollbackListener.NONE);
            return new RedisClusterProject(project, rt, net);
        } catch (RuntimeException e) {
            if (rt != null) {
                rt.close();
            }
            project.close();
            throw e;
        }
    }

    public Environment env() {
        return project.environment();
    }

    public ContainerRuntime runtime() {
        return runtime;
    }

    /** The network's {@code 172.X.Y} prefix (node i is at {@code <net>.1i}). */
    public String net() {
        return net;
    }

    @Override
    public void close() {
        try {
            runtime.close();
        } finally {
            project.close();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
