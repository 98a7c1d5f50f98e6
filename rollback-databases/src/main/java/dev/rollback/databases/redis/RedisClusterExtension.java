package dev.rollback.databases.redis;

import dev.rollback.databases.backup.EnvironmentTargets;
import dev.rollback.databases.spi.DatabaseTarget;
import dev.rollback.env.Environment;
import dev.rollback.env.ServiceKind;
import dev.rollback.errors.Problem;
import dev.rollback.errors.RollbackException;
import dev.rollback.events.Scope;
import dev.rollback.plan.Step;
import dev.rollback.plan.StepContext;
import dev.rollback.spi.ContainerRuntime;
import dev.rollback.spi.PlanExtension;
import dev.rollback.spi.SecretStore;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The runbook's known issue "Redis cluster lost its metadata after a rollback", automated: once a restart's services
 * are healthy again, each Redis cluster of the environment is checked and re-formed when its nodes no longer form
 * it ({@link RedisClusterForm}; nothing happens to a healthy cluster). Registered as a {@link PlanExtension}.
 *
 * <p>{@code PlanExtensions.afterHealthy(env, Scope.FULL) // [redis-cluster-reform] with a 3-node cluster}
 */
public final class RedisClusterExtension implements PlanExtension {

    @Override
    public List<Step> afterHealthy(Environment env, Scope scope) {
        if (scope == Scope.CONFIG) {
            return List.of();
        }
        return new EnvironmentTargets(env, Optional.empty(), Optional.empty())
                .units().stream()
                        .filter(u -> u.kind() == ServiceKind.REDIS && u.cluster())
                        .map(u -> (Step) new Reform(env, u.service(), u.members()))
                        .toList();
    }

    /** A service rollback of Redis restarts its nodes with their volumes: each answers PING, the cluster is ok. */
    @Override
    public List<Step> afterServiceHealthy(Environment env, List<String> services) {
        List<String> redis = services.stream()
                .filter(s -> env.catalog()
                        .find(s)
                        .map(d -> d.kind() == ServiceKind.REDIS)
                        .orElse(false))
                .toList();
        return redis.isEmpty()
                ? List.of()
                : List.of(new RedisClusterCheckStep(redis, Duration.ofSeconds(30), Map.of()));
    }

    /** Resolves the cluster's addresses when it runs: a restart gives its containers new published ports. */
    static final class Reform implements Step {
        private final Environment env;
        private final String service;
        private final List<String> members;

        Reform(Environment env, String service, List<String> members) {
            this.env = env;
            this.service = service;
            this.members = members;
        }

        @Override
        public String name() {
            return "redis-cluster-reform";
        }

        @Override
        public String describe() {
            return "check the Redis cluster of " + String.join(", ", members) + " and re-form it if its nodes lost "
                    + "their cluster metadata (cluster_state:ok, all 16384 slots served)";
        }

        @Override
        public List<String> touches() {
            return List.of("the cluster configuration of " + String.join(", ", members) + " (slots, known peers); "
                    + "no keys");
        }

        @Override
        public List<Problem> preflight(StepContext ctx) {
            return List.of(); // the nodes are stopped and recreated before this step: it looks when it runs
        }

        @Override
        public void execute(StepContext ctx) {
            EnvironmentTargets targets = new EnvironmentTargets(
                    ctx.environment(), ctx.service(ContainerRuntime.class), ctx.service(SecretStore.class));
            DatabaseTarget target;
            try {
                target = targets.target(service);
            } catch (RollbackException e) {
                // never a silent partial success: a cluster that cannot be checked is not known to work
                throw new RollbackException(
                        "the Redis cluster of " + String.join(", ", members)
                                + " cannot be checked: " + e.getMessage() + "; check it by hand: docker compose exec "
                                + members.get(0) + " redis-cli cluster info",
                        e);
            }
            new RedisClusterReformStep(target).execute(ctx);
        }
    }
}
