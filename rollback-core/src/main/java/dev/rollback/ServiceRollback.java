package dev.rollback;

import dev.rollback.env.EnvEditStep;
import dev.rollback.env.Environment;
import dev.rollback.env.ServiceDefinition;
import dev.rollback.git.CheckoutPathsStep;
import dev.rollback.plan.RollbackPlan;
import dev.rollback.plan.Scope;
import dev.rollback.plan.Step;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A rollback of one service: its init script back to the reference commit, its TLS switched off.
 *
 * <p>{@code Rollback.in(home).service("mysql").revertInit().disableTls().execute();}
 */
public final class ServiceRollback extends RollbackBuilder<ServiceRollback> {
    private final ServiceDefinition service;
    private String commit;
    private boolean revertInit;
    private boolean disableTls;

    ServiceRollback(Environment environment, ServiceDefinition service) {
        super(environment);
        this.service = service;
        this.commit = environment.config().referenceCommit().orElse(null);
    }

    public ServiceDefinition service() {
        return service;
    }

    /** Restores the service's init scripts ({@code configs/<service>/scripts/}) from the reference commit. */
    public ServiceRollback revertInit() {
        this.revertInit = true;
        return this;
    }

    /** The commit {@link #revertInit()} restores from (default: {@code reference_commit} of rollback.yaml). */
    public ServiceRollback fromCommit(String commit) {
        this.commit = commit;
        return this;
    }

    /** Sets the service's {@code <SERVICE>_ENABLE_TLS=false} in {@code .env}. */
    public ServiceRollback disableTls() {
        this.disableTls = true;
        return this;
    }

    @Override
    public RollbackPlan plan() {
        List<Step> steps = new ArrayList<>();
        if (revertInit) {
            if (commit == null || commit.isBlank()) {
                throw new UsageException("revertInit() of " + service.name() + " needs the commit to restore from: "
                        + "call fromCommit(\"<commit>\") (CLI: --from <commit>) or set reference_commit in "
                        + "rollback.yaml");
            }
            String dir = service.configDir().orElseThrow(() -> new UsageException("service " + service.name()
                    + " has no configs/<dir> mounted, so it has no init script to revert"));
            steps.add(new CheckoutPathsStep(commit, List.of(dir + "/scripts/init.sh"), "revert-init", true));
        }
        if (disableTls) {
            String flag = service.tlsFlag().orElseThrow(() -> new UsageException("service " + service.name()
                    + " has no <SERVICE>_ENABLE_TLS flag in its environment or .env; it has no TLS switch"));
            steps.add(new EnvEditStep(Map.of(flag, "false"), List.of()));
        }
        if (steps.isEmpty()) {
            throw new UsageException("a rollback of " + service.name() + " needs something to do: revertInit() "
                    + "and/or disableTls()");
        }
        return new RollbackPlan(environment, Scope.SERVICE, "service rollback of " + service.name(), steps,
                settings);
    }
}
