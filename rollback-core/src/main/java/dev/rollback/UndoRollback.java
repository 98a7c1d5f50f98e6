package dev.rollback;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rollback.backup.VolumeArchiveRestoreStep;
import dev.rollback.env.Environment;
import dev.rollback.events.Scope;
import dev.rollback.io.Durations;
import dev.rollback.plan.RollbackPlan;
import dev.rollback.plan.RunRecord;
import dev.rollback.plan.Runs;
import dev.rollback.plan.Step;
import dev.rollback.plan.UndoLog;
import dev.rollback.plan.UndoRecipe;
import dev.rollback.service.SecretPatchStep;
import dev.rollback.spi.Connections;
import dev.rollback.spi.PlanExtensions;
import dev.rollback.steps.CheckoutBranchStep;
import dev.rollback.steps.DirectoryRestoreStep;
import dev.rollback.steps.FilesRestoreStep;
import dev.rollback.steps.ResetStep;
import dev.rollback.steps.StashApplyStep;
import dev.rollback.steps.StashStep;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@code rollback undo <run>}: reverses a finished, failed or interrupted run from its folder alone (its undo log and
 * safety copies), newest change first, as a plan of its own: preflighted before anything changes, journaled, and
 * undoable in turn. Services the run recreated are stopped before what they use is put back, and those it stopped or
 * that ran before it are started again last, once every file, volume and key is back (Vault first, unsealed, then
 * the rest in {@code depends_on} order, awaited healthy); then the data kept before the run stopped them goes back. Work-tree changes made since the run are stashed first, never discarded.
 *
 * <p>{@code Rollback.in(home).undo("last").execute();}
 */
public final class UndoRollback extends RollbackBuilder<UndoRollback> {
    /** Recipes that put a service's data back from a logical dump: redundant when its volumes come back whole. */
    private static final Set<String> DATA_KINDS = Set.of("db", "vault-kv");

    private final String run;
    private Duration healthTimeout;

    UndoRollback(Environment environment, String run) {
        super(environment);
        this.run = run;
    }

    /** Waits at most this long for each restarted service to become healthy (default: per service). */
    public UndoRollback awaitHealthy(Duration timeout) {
        this.healthTimeout = Durations.requirePositive(timeout, "the health timeout");
        return this;
    }

    @Override
    protected RollbackPlan build(Connections connections) {
        RunRecord record = Runs.in(environment).find(run);
        List<RunRecord> chain = Runs.in(environment).chain(record);
        List<UndoLog.Entry> entries =
                chain.stream().flatMap(r -> UndoLog.read(r.dir()).stream()).toList();
        ServiceRestart restart = ServiceRestart.connect(environment, settings, connections);
        if (healthTimeout != null) {
            restart.withHealthTimeout(healthTimeout);
        }
        List<Step> steps = new ArrayList<>();
        List<String> unknown = new ArrayList<>();
        steps.add(null); // the check, once the unknown kinds are known
        if (entries.stream()
                .anyMatch(e -> e.recipe().map(r -> r.kind().startsWith("git-")).orElse(false))) {
            steps.add(new StashStep()); // what changed in the work tree since the run is kept, not lost
        }
        Set<String> down = new LinkedHashSet<>();
        Set<String> ranBefore = new LinkedHashSet<>();
        Set<String> stopping = new LinkedHashSet<>();
        Set<String> up = new LinkedHashSet<>();
        List<Step> afterStart = new ArrayList<>();
        List<UndoRecipe> recipes =
                entries.stream().flatMap(e -> e.recipe().stream()).toList();
        // a run and its resumptions may each have replaced a volume: one step puts each back once, from the oldest
        List<UndoRecipe> volumeRecipes =
                recipes.stream().filter(r -> r.kind().equals("volumes")).toList();
        boolean volumesPlanned = false;
        for (int i = recipes.size() - 1; i >= 0; i--) {
            UndoRecipe r = recipes.get(i);
            if (r.fields().containsKey("service")
                    && DATA_KINDS.contains(r.kind())
                    && volumesPutBackLater(r, recipes.subList(0, i))) {
                continue; // the dump holds what the run's own volume restore brought; the volumes' undo goes further
            }
            if (r.kind().equals("services-down")) {
                stopping.addAll(r.names("services"));
                ranBefore.addAll(r.names("running"));
                continue;
            }
            flushStops(restart, steps, stopping, down);
            switch (r.kind()) {
                case "services-up" -> up.addAll(r.names("services")); // started last, once all is back
                case "volumes" -> {
                    if (!volumesPlanned) {
                        steps.add(VolumeArchiveRestoreStep.of(volumeRecipes, down));
                        volumesPlanned = true;
                    }
                }
                case "git-reset" -> steps.add(new ResetStep(r.field("commit")));
                case "git-checkout" -> steps.add(new CheckoutBranchStep(r.field("branch")));
                case "git-stash-apply" -> steps.add(new StashApplyStep(r.field("id"), r.field("message")));
                case "files" -> steps.add(FilesRestoreStep.of(r));
                case "directory" -> steps.add(DirectoryRestoreStep.of(r));
                case "secret-patch" -> steps.add(SecretPatchStep.of(r));
                default -> {
                    // data kept before the run stopped its service goes back once the service runs again
                    List<Step> into = !up.isEmpty() && DATA_KINDS.contains(r.kind()) ? afterStart : steps;
                    Optional<Step> s = PlanExtensions.undoStep(environment, r);
                    s.ifPresentOrElse(into::add, () -> unknown.add(r.kind()));
                }
            }
        }
        flushStops(restart, steps, stopping, down);
        down.stream().filter(ranBefore::contains).forEach(up::add);
        if (!up.isEmpty()) {
            steps.addAll(restart.startSteps(up));
        }
        steps.addAll(afterStart);
        steps.set(0, new UndoCheckStep(record, entries, unknown));
        chain.forEach(r -> steps.add(UndoCheckStep.markStep(r)));
        return new RollbackPlan(
                environment,
                scopeOf(record),
                "undo of run " + record.id() + " (" + record.title() + ")",
                steps,
                restart.settings());
    }

    /**
     * Whether a database's safety dump was taken after the run had replaced every volume of the service (a full
     * rollback restores volumes, then databases): it holds the backup's data, not the run's starting point, which the
     * earlier volumes' undo puts back whole.
     */
    private boolean volumesPutBackLater(UndoRecipe db, List<UndoRecipe> earlier) {
        Set<String> replaced = new HashSet<>();
        earlier.stream().filter(r -> r.kind().equals("volumes")).forEach(r -> replaced.addAll(r.list("volume")));
        List<String> members = db.names("nodes").isEmpty() ? List.of(db.field("service")) : db.names("nodes");
        List<String> volumes = members.stream()
                .flatMap(m -> environment.catalog().find(m).stream())
                .flatMap(s -> s.volumes().stream())
                .toList();
        return !volumes.isEmpty() && replaced.containsAll(volumes);
    }

    /** Services the run recreated, stopped in one step before what they use is put back. */
    private static void flushStops(ServiceRestart restart, List<Step> steps, Set<String> stopping, Set<String> down) {
        if (!stopping.isEmpty()) {
            steps.addAll(restart.stopSteps(List.copyOf(stopping)));
            down.addAll(stopping);
            stopping.clear();
        }
    }

    private static Scope scopeOf(RunRecord record) {
        try {
            JsonNode r = new ObjectMapper()
                    .readTree(record.dir().resolve("result.json").toFile());
            return Scope.valueOf(r.path("scope").asText("FULL"));
        } catch (IOException | IllegalArgumentException e) {
            return Scope.FULL; // an interrupted run has no result: the widest scope
        }
    }
}
