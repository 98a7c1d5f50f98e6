package dev.rollback.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.model.Statistics;
import org.junit.jupiter.api.Test;

class StatsSamplerTest {
    private static final ObjectMapper JSON =
            new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private static Statistics parse(String json) throws Exception {
        return JSON.readValue(json.replace('\'', '"'), Statistics.class);
    }

    @Test
    void memoryOnCgroupV1LeavesOutTotalInactiveFile() throws Exception {
        Statistics s = parse("{'memory_stats': {'usage': 10000, 'limit': 50000,"
                + " 'stats': {'cache': 4000, 'total_inactive_file': 3000}}}");

        assertThat(StatsSampler.memory(s.getMemoryStats())).isEqualTo(7000);
        assertThat(StatsSampler.limit(s.getMemoryStats())).isEqualTo(50000);
    }

    @Test
    void memoryOnCgroupV2LeavesOutInactiveFile() throws Exception {
        Statistics s = parse("{'memory_stats': {'usage': 10000, 'limit': 50000, 'stats': {'inactive_file': 2500}}}");

        assertThat(StatsSampler.memory(s.getMemoryStats())).isEqualTo(7500);
    }

    @Test
    void memoryFallsBackToCacheThenToUsage() throws Exception {
        assertThat(StatsSampler.memory(parse("{'memory_stats': {'usage': 10000, 'stats': {'cache': 1000}}}")
                        .getMemoryStats()))
                .isEqualTo(9000);
        assertThat(StatsSampler.memory(
                        parse("{'memory_stats': {'usage': 10000}}").getMemoryStats()))
                .isEqualTo(10000);
    }

    @Test
    void cpuPercentIsContainerShareOfSystemDeltaTimesOnlineCpus() throws Exception {
        Statistics s = parse(
                "{'cpu_stats': {'cpu_usage': {'total_usage': 3000000}, 'system_cpu_usage': 20000000,"
                        + " 'online_cpus': 2}, 'precpu_stats': {'cpu_usage': {'total_usage': 1000000}, 'system_cpu_usage': 10000000}}");

        assertThat(StatsSampler.cpuPercent(s.getCpuStats(), s.getPreCpuStats())).isCloseTo(40.0, within(1e-9));
    }

    @Test
    void cpuPercentCountsPerCpuEntriesWhenOnlineCpusIsMissingAndIsZeroWithoutAPreviousSample() throws Exception {
        Statistics s = parse(
                "{'cpu_stats': {'cpu_usage': {'total_usage': 2000, 'percpu_usage': [1000, 1000, 0, 0]},"
                        + " 'system_cpu_usage': 10000}, 'precpu_stats': {'cpu_usage': {'total_usage': 1000}, 'system_cpu_usage': 0}}");
        Statistics first = parse("{'cpu_stats': {'cpu_usage': {'total_usage': 2000}, 'system_cpu_usage': 10000},"
                + " 'precpu_stats': {}}");

        assertThat(StatsSampler.cpuPercent(s.getCpuStats(), s.getPreCpuStats())).isCloseTo(40.0, within(1e-9));
        assertThat(StatsSampler.cpuPercent(first.getCpuStats(), first.getPreCpuStats()))
                .isZero();
    }
}
