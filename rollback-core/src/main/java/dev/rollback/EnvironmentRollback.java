package dev.rollback;

import dev.rollback.env.Environment;
import java.util.Objects;

/**
 * One environment, ready to choose a rollback scope.
 *
 * <p>{@code EnvironmentRollback r = Rollback.in(home); r.service("mysql").revertingInit().plan();}
 */
public final class EnvironmentRollback {
    private final Environment environment;

    EnvironmentRollback(Environment environment) {
        this.environment = Objects.requireNonNull(environment, "environment");
    }

    public Environment environment() {
        return environment;
    }

    /** A rollback of one service: its init script, its TLS switch. */
    public ServiceRollback service(String name) {
        return new ServiceRollback(environment, environment.catalog().require(name));
    }

    /** A rollback of everything: git, Vault keys, {@code .env}. */
    public FullRollback full() {
        return new FullRollback(environment);
    }

    /** A rollback of one improvement phase's files, by id from {@code rollback.yaml} or the runbook's defaults. */
    public PhaseRollback phase(String id) {
        return new PhaseRollback(environment, id);
    }

    /** The runbook's Phase 3 security rollback: AppRole to root-token auth and back, through a compose override. */
    public SecurityRollback security() {
        return new SecurityRollback(environment);
    }

    /**
     * The undo of a run ({@code last}, an id or a unique prefix of one): everything it changed put back from its
     * folder, newest first.
     */
    public UndoRollback undo(String run) {
        return new UndoRollback(environment, run);
    }

    /**
     * The resumption of an interrupted or failed complete rollback ({@code last}, an id or a unique prefix of one):
     * the same plan built again from the run's request, its finished steps skipped.
     */
    public ResumeRollback resume(String run) {
        return new ResumeRollback(environment, run);
    }

    /** A configuration-only rollback: {@code .env} values. */
    public ConfigRollback config() {
        return new ConfigRollback(environment);
    }
}
