package dev.rollback.databases.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rollback.testing.HostServices;
import dev.rollback.testing.RequiresRedis;
import java.net.URI;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.params.SetParams;

@RequiresRedis
class RedisConnectionIT {

    @Test
    void keyWithExpiryIsStoredReadAndDeleted() {
        String key = "rollback-it:" + UUID.randomUUID();
        try (RedisClient redis = RedisClient.create(URI.create(HostServices.redisUrl()))) {
            try {
                assertThat(redis.set(key, "värde", SetParams.setParams().ex(60)))
                        .isEqualTo("OK");

                assertThat(redis.get(key)).isEqualTo("värde");
                assertThat(redis.ttl(key)).isBetween(1L, 60L);
            } finally {
                redis.del(key);
            }
            assertThat(redis.get(key)).isNull();
            assertThat(redis.ttl(key)).isEqualTo(-2L);
        }
    }
}
