package dev.rollback.service;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RedisClusterCheckStepTest {

    @Test
    void clusterIsOkOnlyWithStateOkAndEverySlotAssigned() {
        assertThat(RedisClusterCheckStep.clusterOk("cluster_state:ok\r\ncluster_slots_assigned:16384\r\n"
                + "cluster_slots_ok:16384\r\n")).isTrue();
        assertThat(RedisClusterCheckStep.clusterOk("cluster_state:ok\r\ncluster_slots_assigned:16384\r\n"
                + "cluster_slots_ok:10923\r\ncluster_slots_fail:5461\r\n")).isFalse();
        assertThat(RedisClusterCheckStep.clusterOk("cluster_state:ok\r\ncluster_slots_assigned:10923\r\n")).isFalse();
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
