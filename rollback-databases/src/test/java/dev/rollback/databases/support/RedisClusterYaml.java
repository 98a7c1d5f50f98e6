package dev.rollback.databases.support;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Compose YAML for a 3-node Redis cluster of {@code local/redis:7} containers at fixed addresses on a network of
 * their own, each publishing its port on 127.0.0.1 (as DevStack Core's nodes do).
 *
 * <p>{@code String net = RedisClusterYaml.randomNet(); String yaml = RedisClusterYaml.network(net) + "services:\n"
 * + RedisClusterYaml.nodes(net);}
 */
public final class RedisClusterYaml {
    private RedisClusterYaml() {}

    /** A random {@code 172.X.Y} prefix for the test's network. */
    public static String randomNet(int second) {
        return "172." + second + "." + ThreadLocalRandom.current().nextInt(100, 250);
    }

    /** The top-level {@code networks:} block of network {@code data}. */
    public static String network(String net) {
        return """
            networks:
              data:
                ipam:
                  config:
                    - subnet: %s.0/24
            """.formatted(net);
    }

    /** The three node services ({@code redis-1..3} at {@code <net>.11..13}), indented under {@code services:}. */
    public static String nodes(String net) {
        StringBuilder yaml = new StringBuilder();
        for (int i = 1; i <= 3; i++) {
            yaml.append("""
                  redis-%d:
                    image: local/redis:7
                    command: ["redis-server", "--port", "6379", "--cluster-enabled", "yes", "--cluster-config-file",
                              "nodes.conf", "--cluster-node-timeout", "2000", "--appendonly", "no"]
                    ports: ["127.0.0.1::6379"]
                    networks:
                      data:
                        ipv4_address: %s.1%d
                    healthcheck:
                      test: ["CMD", "redis-cli", "ping"]
                      interval: 1s
                      retries: 30
                """.formatted(i, net, i));
        }
        return yaml.toString();
    }
}
