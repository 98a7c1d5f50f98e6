package dev.rollback.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.CpuStatsConfig;
import com.github.dockerjava.api.model.MemoryStatsConfig;
import com.github.dockerjava.api.model.Statistics;
import com.github.dockerjava.api.model.StatsConfig;
import dev.rollback.errors.RollbackException;
import dev.rollback.spi.ContainerStats;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Takes one resource sample of a container and computes memory and CPU the way {@code docker stats} does.
 *
 * <p>{@code new StatsSampler(streams, Duration.ofSeconds(10)).sample("redis", containerId)}
 */
final class StatsSampler {
    private final DockerClient streams;
    private final Duration timeout;

    StatsSampler(DockerClient streams, Duration timeout) {
        this.streams = streams;
        this.timeout = timeout;
    }

    /** One sample (the engine takes two, a second apart, for the CPU figure); empty if the container stopped. */
    Optional<ContainerStats> sample(String service, String containerId) {
        CompletableFuture<Statistics> first = new CompletableFuture<>();
        ResultCallback.Adapter<Statistics> callback = new ResultCallback.Adapter<>() {
            @Override
            public void onNext(Statistics s) {
                first.complete(s);
            }

            @Override
            public void onError(Throwable t) {
                first.completeExceptionally(t);
            }

            @Override
            public void onComplete() {
                first.complete(null);
            }
        };
        try (ResultCallback.Adapter<Statistics> open = EngineCalls.call(
                "read the stats of service " + service,
                () -> streams.statsCmd(containerId).withNoStream(true).exec(callback))) {
            Statistics s = first.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
            if (s == null || s.getMemoryStats() == null || s.getMemoryStats().getUsage() == null) {
                return Optional.empty(); // stopped meanwhile: the engine sends zeros
            }
            return Optional.of(new ContainerStats(
                    service,
                    memory(s.getMemoryStats()),
                    limit(s.getMemoryStats()),
                    cpuPercent(s.getCpuStats(), s.getPreCpuStats())));
        } catch (TimeoutException e) {
            throw new RollbackException(
                    "the Docker engine sent no stats for service '" + service + "' within " + timeout.toSeconds()
                            + " s; " + EngineCalls.START_ENGINE,
                    e);
        } catch (ExecutionException e) {
            throw new RollbackException(
                    "could not read the stats of service '" + service + "': "
                            + EngineCalls.firstLine(e.getCause().getMessage()),
                    e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RollbackException("interrupted while reading the stats of service '" + service + "'", e);
        } catch (IOException e) {
            throw new RollbackException("could not close the stats stream of service '" + service + "'", e);
        }
    }

    /**
     * Usage without reclaimable page cache, as {@code docker stats}: minus {@code total_inactive_file} (cgroup v1)
     * or {@code inactive_file} (cgroup v2), else minus {@code cache}.
     */
    static long memory(MemoryStatsConfig m) {
        long usage = m.getUsage() == null ? 0 : m.getUsage();
        StatsConfig st = m.getStats();
        if (st == null) {
            return usage;
        }
        for (Long reclaimable : new Long[] {st.getTotalInactiveFile(), st.getInactiveFile(), st.getCache()}) {
            if (reclaimable != null) {
                return reclaimable < usage ? usage - reclaimable : usage;
            }
        }
        return usage;
    }

    static long limit(MemoryStatsConfig m) {
        return m.getLimit() == null ? 0 : m.getLimit();
    }

    /** CPU use between the two samples, 100 = one core: (container delta / system delta) x online CPUs x 100. */
    static double cpuPercent(CpuStatsConfig now, CpuStatsConfig before) {
        if (now == null || before == null || now.getCpuUsage() == null || before.getCpuUsage() == null) {
            return 0.0;
        }
        long cpuDelta = value(now.getCpuUsage().getTotalUsage())
                - value(before.getCpuUsage().getTotalUsage());
        long systemDelta = value(now.getSystemCpuUsage()) - value(before.getSystemCpuUsage());
        long cpus = value(now.getOnlineCpus());
        if (cpus == 0) {
            List<Long> perCpu = now.getCpuUsage().getPercpuUsage();
            cpus = perCpu == null ? 0 : perCpu.size();
        }
        if (cpuDelta <= 0 || systemDelta <= 0) {
            return 0.0;
        }
        return (double) cpuDelta / systemDelta * cpus * 100.0;
    }

    private static long value(Long v) {
        return v == null ? 0 : v;
    }
}
