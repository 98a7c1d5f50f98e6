package dev.rollback.testing;

import java.net.InetSocketAddress;
import java.net.URI;

/**
 * Where the tests find the real services: the host's defaults, each overridable by a system property.
 *
 * <p>{@code DriverManager.getConnection(HostServices.postgresUrl(), HostServices.postgresUser(), "")}
 *
 * <p>Properties: {@code rollback.test.postgres.url}, {@code rollback.test.postgres.user},
 * {@code rollback.test.mysql.url}, {@code rollback.test.mysql.user}, {@code rollback.test.redis.url},
 * {@code rollback.test.rabbitmq.url}, {@code rollback.test.rabbitmq.management.url},
 * {@code rollback.test.docker.host} (else {@code DOCKER_HOST}, else the
 * default unix socket).
 */
public final class HostServices {
    /** The Docker engine's socket when neither the property nor {@code DOCKER_HOST} names one. */
    public static final String DEFAULT_DOCKER_HOST = "unix:///var/run/docker.sock";

    private HostServices() {}

    /** {@code jdbc:postgresql://127.0.0.1:5432/postgres} unless overridden. */
    public static String postgresUrl() {
        return property("rollback.test.postgres.url", "jdbc:postgresql://127.0.0.1:5432/postgres");
    }

    public static String postgresUser() {
        return property("rollback.test.postgres.user", "postgres");
    }

    /** {@code jdbc:mysql://127.0.0.1:3306/} unless overridden. */
    public static String mysqlUrl() {
        return property("rollback.test.mysql.url", "jdbc:mysql://127.0.0.1:3306/");
    }

    public static String mysqlUser() {
        return property("rollback.test.mysql.user", "root");
    }

    /** {@code redis://127.0.0.1:6379} unless overridden. */
    public static String redisUrl() {
        return property("rollback.test.redis.url", "redis://127.0.0.1:6379");
    }

    /** {@code amqp://guest:guest@127.0.0.1:5672} unless overridden. */
    public static String rabbitmqUrl() {
        return property("rollback.test.rabbitmq.url", "amqp://guest:guest@127.0.0.1:5672");
    }

    /** {@code http://127.0.0.1:15672} (the management plugin's HTTP API) unless overridden. */
    public static String rabbitmqManagementUrl() {
        return property("rollback.test.rabbitmq.management.url", "http://127.0.0.1:15672");
    }

    /** {@code unix:///var/run/docker.sock}, {@code tcp://host:2375}, ... */
    public static String dockerHost() {
        String env = System.getenv("DOCKER_HOST");
        return property("rollback.test.docker.host", env == null || env.isBlank() ? DEFAULT_DOCKER_HOST : env);
    }

    /** The host and port a TCP service listens on, read from its URL; not defined for in-process or Docker. */
    public static InetSocketAddress address(Component component) {
        return switch (component) {
            case POSTGRES -> hostPort(postgresUrl(), 5432);
            case MYSQL -> hostPort(mysqlUrl(), 3306);
            case REDIS -> hostPort(redisUrl(), 6379);
            case RABBITMQ -> hostPort(rabbitmqUrl(), 5672);
            case DOCKER, MONGODB, CHROMIUM ->
                throw new IllegalArgumentException(component + " has no TCP address of its own");
        };
    }

    /** The host and port of a URL such as {@code jdbc:mysql://db:3307/x} or {@code redis://h:6379}. */
    static InetSocketAddress hostPort(String url, int defaultPort) {
        URI uri = URI.create(url.startsWith("jdbc:") ? url.substring("jdbc:".length()) : url);
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("no host in service URL " + url);
        }
        return InetSocketAddress.createUnresolved(uri.getHost(), uri.getPort() < 0 ? defaultPort : uri.getPort());
    }

    private static String property(String key, String defaultValue) {
        String value = System.getProperty(key);
        return value == null || value.isBlank() ? defaultValue : value;
    }
}
