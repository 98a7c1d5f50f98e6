package dev.rollback.testing;

import java.util.Locale;

/**
 * A real service a test talks to, with the JUnit tag that selects or excludes its tests.
 *
 * <p>{@code @RequiresComponent(Component.POSTGRES) class PostgresConnectionIT { ... }}
 */
public enum Component {
    /** A Docker engine (unix socket or {@code DOCKER_HOST}) with the {@code local/*} images. */
    DOCKER,
    /** PostgreSQL on the host, 127.0.0.1:5432, user postgres without a password. */
    POSTGRES,
    /** MariaDB on the host, 127.0.0.1:3306, root with an empty password. */
    MYSQL,
    /** MongoDB: always available, served in the JVM by mongo-java-server. */
    MONGODB,
    /** Redis on the host, 127.0.0.1:6379. */
    REDIS,
    /** RabbitMQ on the host, 127.0.0.1:5672, guest/guest. */
    RABBITMQ,
    /** Debian's {@code chromium} on the PATH, run headless to render the HTML reports. */
    CHROMIUM;

    /** The JUnit tag of this component's tests: {@code Component.REDIS.tag() // "redis"}. */
    public String tag() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Whether the tests start it themselves (in the JVM), so it never needs probing. */
    public boolean inProcess() {
        return this == MONGODB;
    }
}
