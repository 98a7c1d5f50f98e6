package dev.rollback.databases.backup;

import dev.rollback.databases.ContainerCommandRunner;
import dev.rollback.databases.spi.DatabaseTarget;
import dev.rollback.databases.spi.LocalCommandRunner;
import dev.rollback.env.ServiceKind;
import dev.rollback.errors.RollbackException;
import dev.rollback.spi.ContainerRuntime;
import dev.rollback.spi.ScratchContainer;
import dev.rollback.spi.ScratchSpec;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A scratch container of the service's own image (same server version, same client tools), with the image's own
 * entrypoint and a login of its own, published on 127.0.0.1:
 * <ul>
 *   <li>PostgreSQL: bootstrap superuser named as the live login (so the dump's {@code ALTER ROLE} for it applies and
 *       the {@code (roles)} fingerprint matches), {@code POSTGRES_HOST_AUTH_METHOD=trust}: no password at all,
 *       since the dump's roles carry the live password hashes;</li>
 *   <li>MySQL/MariaDB: a random root password (the dump's grant tables are not flushed, so it stays valid), the
 *       event scheduler off so restored events do not change the data before the fingerprint;</li>
 *   <li>MongoDB: a random root user and password (the dump holds no users);</li>
 *   <li>Redis: a standalone server, no persistence, no password; a cluster's keys all go into it;</li>
 *   <li>RabbitMQ: the live login (user and password): the definitions import replaces that user's password hash
 *       with the backup's, so only the live password still logs in afterwards. It travels in the container's
 *       environment through the engine API, never a command line.</li>
 * </ul>
 * The service's compose command and entrypoint are not used: they refer to mounted files (init scripts, config
 * files) the scratch does not have. PostgreSQL runs with {@code fsync=off} (and initdb {@code --no-sync}): a
 * scratch never has to survive a crash.
 *
 * <p>{@code try (ScratchServer s = DockerScratchServer.start(runtime, "local/postgres:15", unit, login)) {}}
 */
final class DockerScratchServer implements ScratchServer {
    private static final SecureRandom RANDOM = new SecureRandom();
    private final ScratchContainer container;
    private final DatabaseTarget target;

    private DockerScratchServer(ScratchContainer container, DatabaseTarget target) {
        this.container = container;
        this.target = target;
    }

    static DockerScratchServer start(ContainerRuntime runtime, String image, DatabaseUnit unit, DatabaseTarget login) {
        ServiceKind kind = unit.kind();
        int port = EnvironmentTargets.defaultPort(kind);
        Map<String, String> env = new LinkedHashMap<>();
        List<String> command = List.of();
        List<Integer> ports = List.of(port);
        String user = login.user();
        String password = null;
        switch (kind) {
            case POSTGRES -> {
                env.put("POSTGRES_USER", user);
                env.put("POSTGRES_HOST_AUTH_METHOD", "trust");
                env.put("POSTGRES_INITDB_ARGS", "--no-sync");
                // a scratch is thrown away: no need to survive a crash, so no waiting on the disk
                command = List.of(
                        "postgres", "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off");
            }
            case MYSQL -> {
                password = randomSecret();
                env.put("MARIADB_ROOT_PASSWORD", password);
                env.put("MYSQL_ROOT_PASSWORD", password);
                user = "root";
                // the official images run "mysqld <args>" for a command of options; restored events must not fire
                command = List.of("--event-scheduler=OFF");
            }
            case MONGODB -> {
                user = "rollback-drill";
                password = randomSecret();
                env.put("MONGO_INITDB_ROOT_USERNAME", user);
                env.put("MONGO_INITDB_ROOT_PASSWORD", password);
            }
            case REDIS -> {
                user = "";
                command = List.of("redis-server", "--save", "", "--appendonly", "no");
            }
            case RABBITMQ -> {
                password = login.password().orElse("guest");
                env.put("RABBITMQ_DEFAULT_USER", user);
                env.put("RABBITMQ_DEFAULT_PASS", password);
                ports = List.of(port, EnvironmentTargets.RABBITMQ_MANAGEMENT_PORT);
            }
            default -> throw new RollbackException("service " + unit.service() + ": no scratch container for " + kind);
        }
        ScratchContainer c = runtime.startScratch(new ScratchSpec(
                image,
                env,
                command,
                ports,
                Map.of("dev.rollback.scratch", "restore-drill", "dev.rollback.service", unit.service())));
        try {
            int published = c.publishedPort(port)
                    .orElseThrow(() -> new RollbackException(c.describe() + " did not publish port " + port));
            DatabaseTarget.Builder b = DatabaseTarget.custom(unit.service(), kind)
                    .host("127.0.0.1")
                    .port(published)
                    .user(user)
                    .password(password)
                    .scope(login.scope())
                    .connectTimeout(login.connectTimeout())
                    .runner(
                            kind == ServiceKind.POSTGRES || kind == ServiceKind.MYSQL
                                    ? ContainerCommandRunner.inScratch(c, port)
                                    : new LocalCommandRunner());
            if (kind == ServiceKind.RABBITMQ) {
                int mgmt = c.publishedPort(EnvironmentTargets.RABBITMQ_MANAGEMENT_PORT)
                        .orElseThrow(
                                () -> new RollbackException(c.describe() + " did not publish its management port"));
                b.options(Map.of("managementPort", Integer.toString(mgmt)));
            }
            return new DockerScratchServer(c, b.build());
        } catch (RuntimeException e) {
            c.close();
            throw e;
        }
    }

    @Override
    public DatabaseTarget target() {
        return target;
    }

    @Override
    public String describe() {
        return container.describe();
    }

    @Override
    public boolean alive() {
        return container.running();
    }

    @Override
    public String logTail() {
        return container.logTail(20);
    }

    @Override
    public void close() {
        container.close();
    }

    static String randomSecret() {
        byte[] b = new byte[18];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }
}
