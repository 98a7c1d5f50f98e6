package dev.rollback.databases.redis;

import dev.rollback.env.ServiceDefinition;
import dev.rollback.errors.Problem;
import dev.rollback.errors.RollbackException;
import dev.rollback.io.Durations;
import dev.rollback.plan.Step;
import dev.rollback.plan.StepContext;
import dev.rollback.service.Runtimes;
import dev.rollback.spi.ContainerRuntime;
import dev.rollback.spi.ExecRequest;
import dev.rollback.spi.ExecResult;
import dev.rollback.spi.SecretStore;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * After Redis nodes restart: each answers {@code PING} (tried 3 times, 2 s apart, as the runbook found necessary), and,
 * where cluster mode is on, the cluster reports {@code cluster_state:ok} with all 16384 slots assigned before the
 * deadline.
 *
 * <p>{@code new RedisClusterCheckStep(List.of("redis-1", "redis-2", "redis-3"), Duration.ofSeconds(30))}
 */
public final class RedisClusterCheckStep implements Step {
    /** The runbook's retry: 3 tries, 2 s apart. */
    public static final RetryConfig PING_RETRY = RetryConfig.<ExecResult>custom()
            .maxAttempts(3)
            .intervalFunction(IntervalFunction.of(Duration.ofSeconds(2)))
            .retryOnResult(r -> !r.succeeded() || !r.stdout().strip().equals("PONG"))
            .retryExceptions(RollbackException.class)
            .build();

    private static final Duration POLL = Duration.ofMillis(250);
    private final List<String> nodes;
    private final Duration clusterDeadline;
    private final Map<String, String> auth;

    /**
     * @param nodes the Redis services
     * @param clusterDeadline how long the cluster may take to report ok after the nodes answer
     * @param auth environment for {@code redis-cli} ({@code REDISCLI_AUTH}); empty to find each node's password
     *             when it runs (secret store, then the compose file)
     */
    public RedisClusterCheckStep(List<String> nodes, Duration clusterDeadline, Map<String, String> auth) {
        this.nodes = List.copyOf(nodes);
        this.clusterDeadline = clusterDeadline;
        this.auth = Map.copyOf(auth);
    }

    @Override
    public String name() {
        return "redis-cluster";
    }

    @Override
    public String describe() {
        return "PING " + String.join(", ", nodes) + " (3 tries, 2 s apart), then wait for cluster_state:ok";
    }

    @Override
    public List<Problem> preflight(StepContext ctx) {
        return Runtimes.check(ctx, nodes);
    }

    @Override
    public void execute(StepContext ctx) {
        ContainerRuntime rt = Runtimes.require(ctx);
        for (String node : nodes) {
            Retry retry = Retry.of("redis-ping-" + node, PING_RETRY);
            ExecResult r = retry.executeSupplier(() -> redisCli(rt, ctx, node, "ping"));
            if (!r.stdout().strip().equals("PONG")) {
                throw new RollbackException(node + ": no PONG after 3 tries 2 s apart (last answer: " + firstLine(r)
                        + "); see docker logs of its container");
            }
        }
        ctx.note("all " + nodes.size() + " Redis nodes answer PONG");
        ExecResult info = redisCli(rt, ctx, nodes.get(0), "cluster", "info");
        if (!info.succeeded() || info.stdout().contains("cluster support disabled")) {
            ctx.note("cluster mode is off on " + nodes.get(0) + "; no cluster state to check");
            return;
        }
        awaitClusterOk(rt, ctx, info);
    }

    /** Waits until every node, not only the first, reports the cluster ok: each has its own view of it. */
    private void awaitClusterOk(ContainerRuntime rt, StepContext ctx, ExecResult first) {
        Clock clock = ctx.clock();
        Instant deadline = clock.instant().plus(clusterDeadline);
        for (String node : nodes) {
            ExecResult info = node.equals(nodes.get(0)) ? first : redisCli(rt, ctx, node, "cluster", "info");
            info = awaitNodeOk(rt, ctx, node, info, deadline);
            if (node.equals(nodes.get(nodes.size() - 1))) {
                ctx.note("cluster_state:ok on all " + nodes.size() + " nodes, "
                        + field(info.stdout(), "cluster_slots_assigned") + " slots assigned, "
                        + field(info.stdout(), "cluster_known_nodes")
                        + " nodes known");
            }
        }
    }

    private ExecResult awaitNodeOk(
            ContainerRuntime rt, StepContext ctx, String node, ExecResult first, Instant deadline) {
        Clock clock = ctx.clock();
        ExecResult info = first;
        while (!clusterOk(info.stdout())) {
            if (clock.instant().isAfter(deadline)) {
                throw new RollbackException(node + ": the Redis cluster is not ok after "
                        + Durations.format(clusterDeadline) + " (" + summary(info.stdout()) + "); if the nodes lost "
                        + "their cluster metadata, re-form the cluster (redis-cli --cluster create)");
            }
            ctx.progress(0, -1, node + " cluster: " + summary(info.stdout()));
            // a condition wait: re-check the cluster's own state, not a fixed delay
            ctx.sleeper().pause(POLL, "interrupted while waiting for the Redis cluster");
            info = redisCli(rt, ctx, node, "cluster", "info");
        }
        return info;
    }

    static boolean clusterOk(String info) {
        return "ok".equals(field(info, "cluster_state"))
                && "16384".equals(field(info, "cluster_slots_assigned"))
                && "16384".equals(field(info, "cluster_slots_ok"));
    }

    private static String summary(String info) {
        return "cluster_state:" + field(info, "cluster_state") + ", slots assigned "
                + field(info, "cluster_slots_assigned");
    }

    static String field(String info, String name) {
        for (String line : info.split("\r?\n")) {
            if (line.startsWith(name + ":")) {
                return line.substring(name.length() + 1).strip();
            }
        }
        return "?";
    }

    private ExecResult redisCli(ContainerRuntime rt, StepContext ctx, String node, String... args) {
        String[] cmd = new String[args.length + 1];
        cmd[0] = "redis-cli";
        System.arraycopy(args, 0, cmd, 1, args.length);
        return rt.exec(
                ctx.environment(),
                node,
                ExecRequest.of(cmd)
                        .withEnvironment(auth.isEmpty() ? auth(ctx, node) : auth)
                        .withTimeout(Duration.ofSeconds(5)));
    }

    /**
     * {@code REDISCLI_AUTH} for a node when none was given: the {@code password} of its {@code secret/<node>} in the
     * secret store (DevStack Core keeps it in Vault), else its {@code REDIS_PASSWORD}, else the {@code --requirepass}
     * of its command; none when it has no password. Passed in the exec's environment, never as an argument.
     */
    static Map<String, String> auth(StepContext ctx, String node) {
        Optional<String> password = ctx.service(SecretStore.class).flatMap(store -> {
            try {
                return store.field("secret/" + node, "password");
            } catch (RollbackException e) {
                return Optional.empty(); // no store answers: the compose file may still say it
            }
        });
        Optional<ServiceDefinition> def = ctx.environment().catalog().find(node);
        if (password.isEmpty() && def.isPresent()) {
            password = Optional.ofNullable(def.get().environment().get("REDIS_PASSWORD"))
                    .filter(p -> !p.isEmpty());
            List<String> cmd = def.get().command();
            for (int i = 0; password.isEmpty() && i + 1 < cmd.size(); i++) {
                if (cmd.get(i).equals("--requirepass")) {
                    password = Optional.of(cmd.get(i + 1)).filter(p -> !p.isEmpty());
                }
            }
        }
        return password.map(p -> Map.of("REDISCLI_AUTH", p)).orElse(Map.of());
    }

    private static String firstLine(ExecResult r) {
        String s = (r.stdout() + r.stderr()).strip();
        int nl = s.indexOf('\n');
        return s.isEmpty() ? "nothing" : nl < 0 ? s : s.substring(0, nl);
    }
}
