package dev.rollback.databases.backup;

import dev.rollback.databases.spi.DatabaseAdapter;
import dev.rollback.databases.spi.DatabaseTarget;
import dev.rollback.env.Environment;
import dev.rollback.env.ServiceDefinition;
import dev.rollback.env.ServiceKind;
import dev.rollback.env.Target;
import dev.rollback.errors.RollbackException;
import dev.rollback.io.Sleeper;
import dev.rollback.spi.ContainerRuntime;
import dev.rollback.spi.ContainerStatus;
import dev.rollback.spi.DumpSource;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Picks and starts the scratch server a restore drill uses, then waits until it answers:
 * <ul>
 *   <li>docker target: a scratch container of the image the service's container runs (else the compose file's);</li>
 *   <li>local target: a scratch server process from this host's binaries (PostgreSQL cluster, MariaDB, Redis,
 *       MongoDB); for an engine without local binaries (RabbitMQ), a scratch container of the compose file's image
 *       when an engine answers; otherwise the drill cannot run and says so.</li>
 * </ul>
 *
 * <p>{@code try (ScratchServer s = ScratchServers.start(env, runtime, unit, login, adapter, dump, timeout)) {}}
 */
final class ScratchServers {
    private static final Duration POLL = Duration.ofMillis(200);

    private ScratchServers() {}

    static ScratchServer start(
            Environment env,
            Optional<ContainerRuntime> runtime,
            DatabaseUnit unit,
            DatabaseTarget login,
            DatabaseAdapter adapter,
            DumpSource dump,
            Duration ready) {
        ScratchServer s = create(env, runtime, unit, login, dump);
        try {
            awaitReady(adapter, s, ready);
            return s;
        } catch (RuntimeException e) {
            s.close();
            throw e;
        }
    }

    private static ScratchServer create(
            Environment env,
            Optional<ContainerRuntime> runtime,
            DatabaseUnit unit,
            DatabaseTarget login,
            DumpSource dump) {
        ServiceKind kind = unit.kind();
        if (env.target() == Target.DOCKER) {
            ContainerRuntime rt = runtime.orElseThrow(() -> new RollbackException("service " + unit.service()
                    + ": no Docker engine answers, so there is no scratch container to restore the dump into; start"
                    + " dockerd or set DOCKER_HOST"));
            return DockerScratchServer.start(rt, image(rt, env, unit.service()), unit, login);
        }
        if (kind == ServiceKind.POSTGRES && LocalPostgresScratch.available()) {
            return LocalPostgresScratch.start(unit, login, postgresMajor(dump));
        }
        if (kind != ServiceKind.POSTGRES && LocalProcessScratch.available(kind)) {
            return LocalProcessScratch.start(unit, login);
        }
        Optional<String> image = env.catalog().find(unit.service()).flatMap(ServiceDefinition::image);
        if (runtime.isPresent() && image.isPresent()) {
            return DockerScratchServer.start(runtime.get(), image.get(), unit, login);
        }
        throw new RollbackException("service " + unit.service() + ": no scratch " + kind + " server can be started"
                + " here: this host has no " + kind + " server binaries"
                + (image.isPresent()
                        ? " and no Docker engine answers to run " + image.get()
                        : " and the service names no image to run in" + " Docker")
                + "; install the server or run the drill where Docker is available");
    }

    /** The image the service's container runs, else the one its compose definition names. */
    static String image(ContainerRuntime rt, Environment env, String service) {
        for (ContainerStatus c : rt.list(env)) {
            if (c.service().equals(service) && c.image() != null && !c.image().isBlank()) {
                return c.image();
            }
        }
        return env.catalog()
                .find(service)
                .flatMap(ServiceDefinition::image)
                .orElseThrow(() -> new RollbackException("service " + service
                        + " has no container and its compose definition names no image, so there is no"
                        + " image for a scratch container; build it first"));
    }

    /** Polls until the scratch answers as the adapter expects, or fails with its log when it died or timed out. */
    static void awaitReady(DatabaseAdapter adapter, ScratchServer s, Duration timeout) {
        awaitReady(adapter, s, timeout, Clock.systemUTC(), Sleeper.SYSTEM);
    }

    /** {@link #awaitReady(DatabaseAdapter, ScratchServer, Duration)} on this time. */
    static void awaitReady(DatabaseAdapter adapter, ScratchServer s, Duration timeout, Clock clock, Sleeper sleeper) {
        Instant deadline = clock.instant().plus(timeout);
        DatabaseTarget quick = s.target().withConnectTimeout(Duration.ofSeconds(2));
        RuntimeException last = null;
        while (true) {
            try {
                probe(adapter, quick);
                return;
            } catch (RuntimeException e) {
                last = e;
            }
            if (!s.alive()) {
                throw new RollbackException(
                        s.describe() + " stopped before it was ready; its log ends: " + s.logTail());
            }
            if (clock.instant().isAfter(deadline)) {
                throw new RollbackException(s.describe() + " was not ready within " + timeout.toSeconds() + " s ("
                        + last.getMessage() + "); its log ends: " + s.logTail());
            }
            sleeper.pause(POLL, "interrupted while waiting for " + s.describe());
        }
    }

    private static void probe(DatabaseAdapter adapter, DatabaseTarget t) {
        switch (t.kind()) {
            case REDIS -> redisPing(t); // the adapter's health retries 3 times 2 s apart: too slow to poll with
            case RABBITMQ -> {
                adapter.health(t);
                adapter.fingerprint(t); // the management API comes up after AMQP
            }
            default -> adapter.health(t);
        }
    }

    private static void redisPing(DatabaseTarget t) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(t.host(), t.port()), (int)
                    t.connectTimeout().toMillis());
            s.setSoTimeout((int) t.connectTimeout().toMillis());
            OutputStream out = s.getOutputStream();
            out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            byte[] answer = in.readNBytes(7);
            if (!new String(answer, StandardCharsets.US_ASCII).equals("+PONG\r\n")) {
                throw new RollbackException("redis at " + t.address() + " is not ready yet");
            }
        } catch (IOException e) {
            throw new RollbackException("redis at " + t.address() + " is not ready yet: " + e.getMessage(), e);
        }
    }

    private static int postgresMajor(DumpSource dump) {
        try (InputStream in = dump.open()) {
            return LocalPostgresScratch.majorVersion(in);
        } catch (IOException e) {
            return -1;
        }
    }
}
