package dev.rollback.databases.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rollback.databases.redis.RedisAdapter;
import dev.rollback.databases.spi.DatabaseTarget;
import dev.rollback.env.ServiceKind;
import dev.rollback.errors.RollbackException;
import dev.rollback.testing.FakeTime;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The database module's waits after a restart and for a scratch server, run on a {@link FakeTime}: they poll until
 * their deadline and stop there, without a sleep. The servers are ports of this host that refuse connections.
 */
class WaitingLoopsTest {
    private final FakeTime time = new FakeTime();

    /** A port of this host nothing listens on. */
    private static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static DatabaseTarget refusing(ServiceKind kind) throws IOException {
        return DatabaseTarget.custom("cache", kind)
                .host("127.0.0.1")
                .port(closedPort())
                .build();
    }

    @Test
    void aRestartedDatabaseThatNeverTakesConnectionsIsRetriedUntilItsDeadline() {
        AtomicInteger tries = new AtomicInteger();
        List<String> notes = new ArrayList<>();

        assertThatThrownBy(() -> Readiness.await(
                        "rabbitmq",
                        () -> {
                            tries.incrementAndGet();
                            throw new RollbackException("service rabbitmq: connection refused");
                        },
                        new RedisAdapter(),
                        notes::add,
                        time,
                        time))
                .isInstanceOf(RollbackException.class)
                .hasMessage("service rabbitmq: connection refused (still so after 60 s of waiting for it to take "
                        + "connections after the restart)");

        // every 250 ms from 0 to 60 s, and once more past the deadline
        assertThat(tries).hasValue(242);
        assertThat(time.sleeps()).hasSize(241).containsOnly(Duration.ofMillis(250));
        assertThat(notes).isEmpty();
    }

    @Test
    void aScratchServerThatNeverAnswersFailsAtItsTimeoutWithItsLog() throws IOException {
        Scratch s = new Scratch(refusing(ServiceKind.REDIS), Integer.MAX_VALUE);

        assertThatThrownBy(() -> ScratchServers.awaitReady(new RedisAdapter(), s, Duration.ofSeconds(2), time, time))
                .isInstanceOf(RollbackException.class)
                .hasMessageStartingWith("scratch redis was not ready within 2 s (redis at 127.0.0.1:")
                .hasMessageEndingWith("its log ends: Ready to accept connections? not yet");
        assertThat(time.sleeps()).hasSize(11).containsOnly(Duration.ofMillis(200));
    }

    @Test
    void aScratchServerThatStopsEndsTheWaitAtOnce() throws IOException {
        Scratch s = new Scratch(refusing(ServiceKind.REDIS), 2);

        assertThatThrownBy(() -> ScratchServers.awaitReady(new RedisAdapter(), s, Duration.ofMinutes(5), time, time))
                .isInstanceOf(RollbackException.class)
                .hasMessage("scratch redis stopped before it was ready; its log ends: Ready to accept connections? "
                        + "not yet");
        assertThat(time.sleeps()).hasSize(2);
    }

    /** A scratch server's stand-in: its target, and alive for so many checks. */
    private static final class Scratch implements ScratchServer {
        private final DatabaseTarget target;
        private int aliveFor;

        Scratch(DatabaseTarget target, int aliveFor) {
            this.target = target;
            this.aliveFor = aliveFor;
        }

        @Override
        public DatabaseTarget target() {
            return target;
        }

        @Override
        public String describe() {
            return "scratch redis";
        }

        @Override
        public boolean alive() {
            return aliveFor-- > 0;
        }

        @Override
        public String logTail() {
            return "Ready to accept connections? not yet";
        }

        @Override
        public void close() {}
    }
}
