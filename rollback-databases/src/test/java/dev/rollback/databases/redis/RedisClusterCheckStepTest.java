package dev.rollback.databases.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rollback.Rollback;
import dev.rollback.fixtures.ProjectFixture;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RedisClusterCheckStepTest {
    @TempDir
    Path tmp;

    @Test
    void aServiceRollbackOfARedisNodeChecksItsWholeClusterOnceItIsHealthy() {
        ProjectFixture p = ProjectFixture.create(tmp);

        var plan =
                Rollback.in(p.environment()).service("redis-2").awaitHealthy().plan();

        assertThat(plan.steps())
                .extracting(s -> s.name())
                .containsExactly("check-init", "stop", "recreate", "await-healthy", "redis-cluster");
        assertThat(plan.steps().get(4).describe()).contains("PING redis-1, redis-2, redis-3");
    }

    @Test
    void clusterIsOkOnlyWithStateOkAndEverySlotAssigned() {
        assertThat(RedisClusterCheckStep.clusterOk(
                        "cluster_state:ok\r\ncluster_slots_assigned:16384\r\n" + "cluster_slots_ok:16384\r\n"))
                .isTrue();
        assertThat(RedisClusterCheckStep.clusterOk("cluster_state:ok\r\ncluster_slots_assigned:16384\r\n"
                        + "cluster_slots_ok:10923\r\ncluster_slots_fail:5461\r\n"))
                .isFalse();
        assertThat(RedisClusterCheckStep.clusterOk("cluster_state:ok\r\ncluster_slots_assigned:10923\r\n"))
                .isFalse();
        assertThat(RedisClusterCheckStep.clusterOk("cluster_state:fail\r\ncluster_slots_assigned:16384\r\n"))
                .isFalse();
    }

    @Test
    void fieldReadsOneLineOfClusterInfo() {
        assertThat(RedisClusterCheckStep.field("a:1\r\ncluster_known_nodes:3\r\n", "cluster_known_nodes"))
                .isEqualTo("3");
        assertThat(RedisClusterCheckStep.field("a:1\n", "b")).isEqualTo("?");
    }
}
