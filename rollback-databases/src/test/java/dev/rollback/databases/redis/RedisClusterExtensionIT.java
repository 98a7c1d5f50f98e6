package dev.rollback.databases.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rollback.databases.support.RedisClusterProject;
import dev.rollback.env.Environment;
import dev.rollback.events.RollbackResult;
import dev.rollback.events.Scope;
import dev.rollback.plan.RollbackPlan;
import dev.rollback.plan.RunSettings;
import dev.rollback.plan.Step;
import dev.rollback.spi.ContainerRuntime;
import dev.rollback.spi.ExecRequest;
import dev.rollback.spi.ExecResult;
import dev.rollback.spi.PlanExtensions;
import dev.rollback.testing.RequiresDocker;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runbook's known issue on a real 3-node cluster in containers: the nodes lose their cluster metadata (as when
 * their volumes are restored or recreated), and the step a full rollback adds after its restart re-forms them.
 */
@RequiresDocker
class RedisClusterExtensionIT {
    @TempDir
    static Path tmp;

    static RedisClusterProject cluster;
    static String net;
    static Environment env;
    static ContainerRuntime rt;

    @BeforeAll
    static void up() throws Exception {
        cluster = RedisClusterProject.up(tmp, 29, false);
        net = cluster.net();
        env = cluster.env();
        rt = cluster.runtime();
    }

    @AfterAll
    static void down() {
        if (cluster != null) {
            cluster.close();
        }
    }

    private static String cli(String node, String... args) {
        String[] cmd = new String[args.length + 1];
        cmd[0] = "redis-cli";
        System.arraycopy(args, 0, cmd, 1, args.length);
        ExecResult r = rt.exec(env, node, ExecRequest.of(cmd));
        return r.stdout();
    }

    private static RollbackResult runExtensionSteps() {
        List<Step> steps = PlanExtensions.afterHealthy(env, Scope.FULL);
        assertThat(steps).extracting(Step::name).containsExactly("redis-cluster-reform");
        try (RollbackPlan plan = new RollbackPlan(
                env, Scope.FULL, "re-form", steps, RunSettings.ofDefaults().withService(ContainerRuntime.class, rt))) {
            return plan.execute();
        }
    }

    @Test
    void aServiceRollbackOfRedisPingsEveryNodeAndWaitsForTheClusterThroughTheExtension() {
        runExtensionSteps(); // the nodes start without a cluster: the full rollback's step forms it first
        List<Step> steps = PlanExtensions.afterServiceHealthy(env, List.of("redis-1", "redis-2", "redis-3"));
        assertThat(steps).extracting(Step::name).containsExactly("redis-cluster");
        try (RollbackPlan plan = new RollbackPlan(
                env, Scope.SERVICE, "check", steps, RunSettings.ofDefaults().withService(ContainerRuntime.class, rt))) {
            RollbackResult r = plan.execute();
            assertThat(r.steps().get(0).details()).anyMatch(d -> d.contains("cluster_state:ok"));
        }
    }

    @Test
    void nodesThatLostTheirMetadataAreReformedAndAFormedClusterIsLeftAlone() throws Exception {
        for (String n : List.of("redis-1", "redis-2", "redis-3")) {
            cli(n, "FLUSHALL");
            cli(n, "CLUSTER", "RESET", "HARD");
        }
        assertThat(cli("redis-1", "CLUSTER", "INFO")).contains("cluster_state:fail");

        RollbackResult first = runExtensionSteps();

        assertThat(first.succeeded()).isTrue();
        for (int i = 0; i < 20 && !cli("redis-3", "CLUSTER", "INFO").contains("cluster_state:ok"); i++) {
            Thread.sleep(500);
        }
        String info = cli("redis-3", "CLUSTER", "INFO");
        assertThat(info).contains("cluster_state:ok", "cluster_slots_assigned:16384", "cluster_known_nodes:3");
        assertThat(cli("redis-1", "CLUSTER", "NODES")).contains(net + ".11:6379", net + ".12:6379", net + ".13:6379");
        cli("redis-1", "-c", "SET", "after:reform", "yes");
        assertThat(cli("redis-2", "-c", "GET", "after:reform").strip()).isEqualTo("yes");

        String nodesBefore = cli("redis-1", "CLUSTER", "NODES")
                .lines()
                .map(l -> l.split(" ")[0])
                .sorted()
                .toList()
                .toString();
        RollbackResult second = runExtensionSteps();
        assertThat(second.succeeded()).isTrue();
        assertThat(cli("redis-1", "CLUSTER", "NODES")
                        .lines()
                        .map(l -> l.split(" ")[0])
                        .sorted()
                        .toList()
                        .toString())
                .isEqualTo(nodesBefore);
    }
}
