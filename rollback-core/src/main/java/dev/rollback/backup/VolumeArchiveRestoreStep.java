package dev.rollback.backup;

import dev.rollback.RollbackException;
import dev.rollback.plan.Problem;
import dev.rollback.plan.Step;
import dev.rollback.plan.StepContext;
import dev.rollback.plan.UndoRecipe;
import dev.rollback.spi.VolumeStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Puts volumes back from the safety archives a run made of them (the undo of a {@link VolumeRestoreStep}), after
 * archiving what they hold now into this run's safety folder (so the undo can itself be undone). A volume is only
 * emptied once its safety archive is whole, so an archive missing or cut short (the run was killed before or while
 * writing it) means that volume was never replaced: it is left as it is, and said.
 *
 * <p>{@code new VolumeArchiveRestoreStep(Map.of("devstack_pgdata", safety.resolve("volume-devstack_pgdata.tar")),
 * Set.of("postgres"))}
 */
public final class VolumeArchiveRestoreStep implements Step {
    private final Map<String, Path> archives;
    private final Set<String> stoppedFirst;

    /**
     * @param archives each volume and the archive of what it held
     * @param stoppedFirst the services an earlier step of the plan stops (their running containers may use the
     *                     volumes at preflight)
     */
    public VolumeArchiveRestoreStep(Map<String, Path> archives, Collection<String> stoppedFirst) {
        this.archives = new LinkedHashMap<>(archives);
        this.stoppedFirst = Set.copyOf(stoppedFirst);
    }

    /** The {@code volumes} undo recipe for these replacements (their safety archives). */
    static UndoRecipe recipe(List<VolumeStore.Replacement> replaced) {
        Map<String, String> f = new LinkedHashMap<>();
        for (int i = 0; i < replaced.size(); i++) {
            f.put("volume." + i, replaced.get(i).name());
            f.put("archive." + i, replaced.get(i).safety().toString());
        }
        return UndoRecipe.of("volumes", "volume" + (replaced.size() > 1 ? "s " : " ") + String.join(", ",
                replaced.stream().map(VolumeStore.Replacement::name).toList()) + " back from the safety archives",
                f);
    }

    /** The step a {@code volumes} recipe names; {@code stoppedFirst} as in the constructor. */
    public static VolumeArchiveRestoreStep of(UndoRecipe recipe, Collection<String> stoppedFirst) {
        List<String> volumes = recipe.list("volume");
        List<String> files = recipe.list("archive");
        Map<String, Path> archives = new LinkedHashMap<>();
        for (int i = 0; i < volumes.size() && i < files.size(); i++) {
            archives.put(volumes.get(i), Path.of(files.get(i)));
        }
        return new VolumeArchiveRestoreStep(archives, stoppedFirst);
    }

    /**
     * One step for the {@code volumes} recipes of a run and of its resumptions, oldest first: each volume goes back
     * from the oldest whole archive of it, which holds what it had before the first run (a run stopped before it
     * emptied a volume left it whole, so the next run's archive of it holds the same). A resumption that replaced a
     * volume again is thus not put back twice.
     */
    public static VolumeArchiveRestoreStep of(List<UndoRecipe> oldestFirst, Collection<String> stoppedFirst) {
        Map<String, Path> archives = new LinkedHashMap<>();
        for (UndoRecipe r : oldestFirst) {
            of(r, stoppedFirst).archives.forEach((volume, archive) -> {
                Path had = archives.get(volume);
                if (had == null || !complete(had)) {
                    archives.put(volume, archive);
                }
            });
        }
        return new VolumeArchiveRestoreStep(archives, stoppedFirst);
    }

    /** Each volume and the archive it goes back from. */
    Map<String, Path> archives() {
        return Map.copyOf(archives);
    }

    @Override
    public String name() {
        return "volume-undo";
    }

    @Override
    public String describe() {
        return "put back " + String.join(", ", archives.keySet()) + " from the run's safety archives";
    }

    @Override
    public List<String> touches() {
        return archives.keySet().stream().map(v -> "volume " + v + " (what it holds now is archived first)").toList();
    }

    @Override
    public boolean canUndo() {
        return true;
    }

    @Override
    public List<Problem> preflight(StepContext ctx) {
        if (ctx.service(VolumeStore.class).isEmpty()) {
            return List.of(Problem.blocking("volumes", "no engine to put back " + String.join(", ", archives.keySet())
                    + " on", "start dockerd or set DOCKER_HOST"));
        }
        List<Problem> out = new ArrayList<>();
        archives.forEach((volume, archive) -> {
            if (!Files.isRegularFile(archive)) {
                out.add(Problem.warning(volume, "there is no safety archive " + archive + ": the run stopped before "
                        + "it reached this volume, so it is left as it is", "check its data after the undo"));
            } else if (!complete(archive)) {
                out.add(Problem.warning(volume, "its safety archive " + archive + " was cut short: the run stopped "
                        + "before emptying it, so it is left as it is", "check its data after the undo"));
            }
        });
        out.addAll(VolumeRestoreStep.inUse(ctx, List.copyOf(archives.keySet()), stoppedFirst));
        return out;
    }

    @Override
    public void execute(StepContext ctx) {
        VolumeStore volumes = ctx.require(VolumeStore.class, "put back " + String.join(", ", archives.keySet()));
        List<VolumeStore.Replacement> back = new ArrayList<>();
        archives.forEach((volume, archive) -> {
            if (!complete(archive)) {
                ctx.note(volume + ": the run stopped before replacing it (its safety archive is "
                        + (Files.exists(archive) ? "cut short" : "not there") + "); left as it is");
                return;
            }
            back.add(new VolumeStore.Replacement(volume, ctx.safetyDir().resolve("volume-" + volume + ".tar"),
                    () -> Files.newInputStream(archive)));
        });
        if (back.isEmpty()) {
            return;
        }
        ctx.undoWith(recipe(back));
        try {
            volumes.replaceVolumes(back);
        } catch (RuntimeException e) {
            throw new RollbackException(e.getMessage() + "; what the volumes held before this step is in "
                    + ctx.safetyDir() + ", and what they held before the run in " + archives.values(), e);
        }
        for (VolumeStore.Replacement r : back) {
            try {
                dev.rollback.io.SecureFiles.makePrivate(r.safety());
            } catch (IOException ignored) {
                // the safety folder is 0700
            }
            ctx.note("put back " + r.name() + " from " + archives.get(r.name()).getFileName());
        }
    }

    private static boolean complete(Path archive) {
        try {
            return TarArchives.isComplete(archive);
        } catch (IOException e) {
            return false;
        }
    }
}
