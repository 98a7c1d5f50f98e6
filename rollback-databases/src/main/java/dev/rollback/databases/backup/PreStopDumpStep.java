package dev.rollback.databases.backup;

import dev.rollback.databases.SafetyDumps;
import dev.rollback.databases.spi.DatabaseAdapter;
import dev.rollback.databases.spi.DatabaseAdapters;
import dev.rollback.databases.spi.DatabaseTarget;
import dev.rollback.env.ServiceDefinition;
import dev.rollback.env.ServiceKind;
import dev.rollback.errors.RollbackException;
import dev.rollback.plan.Step;
import dev.rollback.plan.StepContext;
import dev.rollback.spi.ContainerRuntime;
import dev.rollback.spi.SecretStore;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code db-keep/<service>}: before a plan stops a RabbitMQ service to recreate it, dumps its definitions (vhosts,
 * users, queues, exchanges, bindings, policies) into the run's safety folder and records their restore as the undo.
 * RabbitMQ keeps its data under its node name, {@code rabbit@<hostname>}, and compose gives a new container a new
 * hostname unless the service sets one: the recreated broker starts empty beside the old data, and putting its
 * volume back cannot bring the definitions back. The undo replays this dump once the broker runs again. A broker
 * that does not answer (the rollback may run because it fails) is noted, and its definitions are not kept.
 *
 * <p>{@code new PreStopDumpStep(catalog.require("rabbitmq"))}
 */
final class PreStopDumpStep implements Step {
    private final String service;

    PreStopDumpStep(String service) {
        this.service = service;
    }

    /** Whether the service loses its data when its container is recreated: RabbitMQ without a fixed node name. */
    static boolean losesDataOnRecreate(ServiceDefinition s) {
        return s.kind() == ServiceKind.RABBITMQ && !s.environment().containsKey("RABBITMQ_NODENAME");
    }

    @Override
    public String name() {
        return "db-keep/" + service;
    }

    @Override
    public String describe() {
        return "keep the definitions of " + service + " for an undo (a recreated RabbitMQ gets a new node name and "
                + "starts without them)";
    }

    @Override
    public void execute(StepContext ctx) {
        Optional<DatabaseUnit> unit = DatabaseBackupContributor.unit(ctx.environment(), service, Map.of());
        if (unit.isEmpty()) {
            return;
        }
        DatabaseAdapter adapter = DatabaseAdapters.require(unit.get().kind());
        DatabaseTarget target;
        try {
            target = new EnvironmentTargets(
                            ctx.environment(), ctx.service(ContainerRuntime.class), ctx.service(SecretStore.class))
                    .target(unit.get());
            adapter.health(target);
        } catch (RollbackException e) {
            ctx.note("warning: " + service + " does not answer (" + e.getMessage() + "), so its definitions are not "
                    + "kept: an undo of this run cannot bring them back");
            return;
        }
        Path dump = ctx.safetyDir().resolve(service + "-before-stop.dump");
        ctx.undoWith(SafetyDumpRestoreStep.recipe(unit.get(), dump, List.of()));
        SafetyDumps.takeTo(adapter, target, dump);
        ctx.note("kept the definitions of " + service + " in " + dump.getFileName());
    }
}
