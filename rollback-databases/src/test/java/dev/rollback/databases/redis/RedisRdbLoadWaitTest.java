package dev.rollback.databases.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rollback.databases.spi.DatabaseTarget;
import dev.rollback.databases.spi.LocalCommandRunner;
import dev.rollback.env.ServiceKind;
import dev.rollback.errors.RollbackException;
import dev.rollback.testing.FakeTime;
import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.HostAndPort;

/** The wait for a restarted node to load its RDB, on a {@link FakeTime}: a node that never comes back, no sleep. */
class RedisRdbLoadWaitTest {

    @Test
    void aNodeThatNeverAnswersAgainIsAskedUntilTheOperationTimeoutThenNamed() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        DatabaseTarget target = DatabaseTarget.custom("redis-1", ServiceKind.REDIS)
                .host("127.0.0.1")
                .port(port)
                .operationTimeout(Duration.ofSeconds(1))
                .build();
        FakeTime time = new FakeTime();
        RedisRdbLoad load = new RedisRdbLoad(
                        target, new HostAndPort("127.0.0.1", port), "/data/dump.rdb", new LocalCommandRunner())
                .withTime(time, time);

        assertThatThrownBy(load::awaitLoaded)
                .isInstanceOf(RollbackException.class)
                .hasMessageContaining("redis-1")
                .hasMessageContaining("the node is not reachable");
        // every 5 ms until the second has passed
        assertThat(time.sleeps()).hasSize(200).containsOnly(Duration.ofMillis(5));
    }
}
