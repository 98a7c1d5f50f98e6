package dev.rollback.databases.backup;

import dev.rollback.databases.SafetyDumps;
import dev.rollback.databases.spi.DatabaseAdapter;
import dev.rollback.databases.spi.DatabaseAdapters;
import dev.rollback.databases.spi.DatabaseTarget;
import dev.rollback.databases.spi.RestoreOptions;
import dev.rollback.databases.spi.RestoreResult;
import dev.rollback.errors.Problem;
import dev.rollback.errors.RollbackException;
import dev.rollback.plan.Step;
import dev.rollback.plan.StepContext;
import dev.rollback.plan.UndoRecipe;
import dev.rollback.spi.ContainerRuntime;
import dev.rollback.spi.DumpSource;
import dev.rollback.spi.SecretStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code db-undo/<service>}: puts a database back as it was before a run's restore, from the safety dump that
 * restore took (the undo of a {@link DatabaseRestoreStep}), removing what the dump lacks; after a safety dump of what
 * it holds now, recorded as this step's own undo. A run stopped before its safety dump was whole never touched the
 * database: there is no dump, and the database is left as it is.
 *
 * <p>{@code SafetyDumpRestoreStep.of(recipe)} for a {@code db} recipe of the run's undo log.
 */
public final class SafetyDumpRestoreStep implements Step {
    private final String service;
    private final Path dump;
    private final Map<String, String> recorded;

    private SafetyDumpRestoreStep(String service, Path dump, Map<String, String> recorded) {
        this.service = service;
        this.dump = dump;
        this.recorded = Map.copyOf(recorded);
    }

    /** The {@code db} undo recipe: put {@code unit} back from {@code dump}, in {@code scope}. */
    static UndoRecipe recipe(DatabaseUnit unit, Path dump, List<String> scope) {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("service", unit.service());
        f.put("dump", dump.toString());
        if (!scope.isEmpty()) {
            f.put("scope", String.join(",", scope));
        }
        if (unit.cluster()) {
            f.put("nodes", String.join(",", unit.members()));
        }
        return UndoRecipe.of("db", "database of " + unit.service() + " back from its safety dump", f);
    }

    /** The step a {@code db} recipe names. */
    public static SafetyDumpRestoreStep of(UndoRecipe recipe) {
        return new SafetyDumpRestoreStep(recipe.field("service"), Path.of(recipe.field("dump")), recipe.fields());
    }

    @Override
    public String name() {
        return "db-undo/" + service;
    }

    @Override
    public String describe() {
        return "put the database of service " + service + " back from " + dump.getFileName() + ", after a safety "
                + "dump; what it lacks is removed";
    }

    @Override
    public List<String> touches() {
        return List.of("data of database service " + service + ", dumped to the run's safety folder first");
    }

    @Override
    public boolean canUndo() {
        return true;
    }

    @Override
    public List<Problem> preflight(StepContext ctx) {
        List<Problem> out = new ArrayList<>();
        if (!Files.isRegularFile(dump)) {
            out.add(Problem.warning(
                    service,
                    "there is no safety dump " + dump + ": the run stopped before its "
                            + "restore began, so the database is left as it is",
                    "check its data after the undo"));
            return out;
        }
        Optional<DatabaseUnit> unit = DatabaseBackupContributor.unit(ctx.environment(), service, recorded);
        if (unit.isEmpty()) {
            out.add(Problem.blocking(
                    service,
                    "the environment has no database service " + service + " with an " + "adapter",
                    "check the compose file and profiles; its data is in " + dump));
            return out;
        }
        // the undo plan may start the service only in an earlier step: checked when it runs
        return out;
    }

    @Override
    public void execute(StepContext ctx) {
        if (!Files.isRegularFile(dump)) {
            ctx.note(service + ": the run stopped before its restore began; left as it is");
            return;
        }
        DatabaseUnit unit = DatabaseBackupContributor.unit(ctx.environment(), service, recorded)
                .orElseThrow(() -> new RollbackException("the environment has no database service " + service
                        + "; its data before the run is in " + dump));
        DatabaseAdapter adapter = DatabaseAdapters.require(unit.kind());
        List<String> scope = DatabaseBackupContributor.recordedScope(recorded);
        EnvironmentTargets targets = new EnvironmentTargets(
                ctx.environment(), ctx.service(ContainerRuntime.class), ctx.service(SecretStore.class));
        DatabaseTarget target = Readiness.await(
                service, () -> targets.target(unit).withScope(scope), adapter, ctx::note, ctx.clock(), ctx.sleeper());
        Path safety = ctx.safetyDir().resolve(service + "-before-undo.dump");
        ctx.undoWith(recipe(unit, safety, scope));
        SafetyDumps.takeTo(adapter, target, safety);
        RestoreResult r;
        try {
            r = adapter.restore(
                    target,
                    DumpSource.ofFile(dump),
                    RestoreOptions.ofDefaults().withoutSafetyDump().dropExtra());
        } catch (RuntimeException e) {
            throw new RollbackException(
                    "service " + service + ": putting back " + dump + " failed: " + e.getMessage()
                            + "; what it held before this undo is in " + safety,
                    e);
        }
        ctx.note("put back " + r.bytes() + " bytes of " + dump.getFileName() + " into " + service
                + "; what it held before this undo is in " + safety.getFileName());
    }
}
