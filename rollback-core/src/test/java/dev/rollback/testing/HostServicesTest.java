package dev.rollback.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

class HostServicesTest {

    @Test
    void readsHostAndPortFromJdbcUrl() {
        InetSocketAddress a = HostServices.hostPort("jdbc:mysql://db.local:3307/app?useSSL=false", 3306);

        assertThat(a.getHostString()).isEqualTo("db.local");
        assertThat(a.getPort()).isEqualTo(3307);
    }

    @Test
    void usesDefaultPortWhenUrlHasNone() {
        assertThat(HostServices.hostPort("amqp://guest:guest@rabbit/", 5672).getPort())
                .isEqualTo(5672);
    }

    @Test
    void systemPropertyOverridesDefaultAddress() {
        String key = "rollback.test.redis.url";
        String before = System.getProperty(key);
        System.setProperty(key, "redis://10.1.2.3:7000");
        try {
            assertThat(HostServices.address(Component.REDIS))
                    .isEqualTo(InetSocketAddress.createUnresolved("10.1.2.3", 7000));
        } finally {
            if (before == null) {
                System.clearProperty(key);
            } else {
                System.setProperty(key, before);
            }
        }
    }
}
