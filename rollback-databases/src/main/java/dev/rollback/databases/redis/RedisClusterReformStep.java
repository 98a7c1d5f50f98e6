package dev.rollback.databases.redis;

import dev.rollback.databases.spi.DatabaseTarget;
import dev.rollback.errors.Problem;
import dev.rollback.plan.Step;
import dev.rollback.plan.StepContext;
import java.time.Duration;
import java.util.List;

/**
 * The runbook's known issue "Redis cluster lost its metadata" as a plan step: after the Redis nodes are back, re-forms
 * the cluster if it is not {@code cluster_state:ok} with all 16384 slots covered, and does nothing if it is. Place
 * it before any Redis restore, which needs the slots served.
 *
 * <p>{@code steps.add(new RedisClusterReformStep(redisTarget)); // nodes=h1:p1,h2:p2,h3:p3 in the target's options}
 */
public final class RedisClusterReformStep implements Step {
    private final DatabaseTarget target;
    private final Duration timeout;

    public RedisClusterReformStep(DatabaseTarget target) {
        this(target, Duration.ofSeconds(30));
    }

    /** @param timeout how long to wait for {@code cluster_state:ok} once re-formed */
    public RedisClusterReformStep(DatabaseTarget target, Duration timeout) {
        this.target = target;
        this.timeout = timeout;
    }

    @Override
    public String name() {
        return "redis-cluster-reform";
    }

    @Override
    public String describe() {
        return "re-form the Redis cluster " + target.service() + " ("
                + RedisNodes.nodes(target).size() + " nodes) if its nodes lost their cluster metadata";
    }

    @Override
    public List<String> touches() {
        return List.of("the cluster configuration of Redis nodes "
                + target.option("nodes").orElse(target.address()) + " (slot assignment, known peers); no keys");
    }

    @Override
    public List<Problem> preflight(StepContext ctx) {
        try {
            return RedisClusterForm.problems(target).stream()
                    .map(p -> Problem.blocking(target.service(), p, "re-form the cluster by hand"))
                    .toList();
        } catch (RuntimeException e) {
            // before the plan the nodes may be down (it restarts them); the step checks again when it runs
            return List.of(Problem.warning(
                    target.service(),
                    e.getMessage(),
                    "checked again when the step runs," + " after the nodes are back"));
        }
    }

    @Override
    public void execute(StepContext ctx) {
        RedisClusterForm.Outcome o = RedisClusterForm.reform(target, timeout);
        o.actions().forEach(a -> ctx.note(target.service() + ": " + a));
    }
}
