package dev.rollback.backup;

import dev.rollback.errors.Problem;
import dev.rollback.errors.RollbackException;
import dev.rollback.io.SecureFiles;
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
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Puts volumes back from the safety archives a run made of them (the undo of a {@link VolumeRestoreStep}), after
 * archiving what they hold now into this run's safety folder (so the undo can itself be undone). A volume is only
 * emptied once its safety archive is whole, so an archive missing or cut short (the run was killed before or while
 * writing it) means that volume was never replaced: it is left as it is, and said. A volume the run created (it did
 * not exist when the run started) is archived into this run's safety folder, then removed; a volume this undo puts
 * back from an archive and that no longer exists is created first.
 *
 * <p>{@code new VolumeArchiveRestoreStep(Map.of("devstack_pgdata", safety.resolve("volume-devstack_pgdata.tar")),
 * Set.of("postgres"))}
 */
public final class VolumeArchiveRestoreStep implements Step {
    private final Map<String, Path> archives;
    private final Set<String> created;
    private final Set<String> stoppedFirst;

    /**
     * @param archives each volume and the archive of what it held
     * @param stoppedFirst the services an earlier step of the plan stops (their running containers may use the
     *                     volumes at preflight)
     */
    public VolumeArchiveRestoreStep(Map<String, Path> archives, Collection<String> stoppedFirst) {
        this(archives, Set.of(), stoppedFirst);
    }

    /**
     * @param archives each volume and the archive of what it held
     * @param created the volumes the run created, removed by this step (their content archived first)
     * @param stoppedFirst as above
     */
    public VolumeArchiveRestoreStep(
            Map<String, Path> archives, Collection<String> created, Collection<String> stoppedFirst) {
        this.archives = new LinkedHashMap<>(archives);
        this.created = new LinkedHashSet<>(created);
        this.created.removeAll(this.archives.keySet());
        this.stoppedFirst = Set.copyOf(stoppedFirst);
    }

    /** The {@code volumes} undo recipe for these replacements (their safety archives). */
    static UndoRecipe recipe(List<VolumeStore.Replacement> replaced) {
        return recipe(replaced, List.of());
    }

    /**
     * The {@code volumes} undo recipe for these replacements (their safety archives) and for the volumes a run
     * creates (removed by the undo).
     */
    static UndoRecipe recipe(List<VolumeStore.Replacement> replaced, List<String> createdByRun) {
        Map<String, String> f = new LinkedHashMap<>();
        for (int i = 0; i < replaced.size(); i++) {
            f.put("volume." + i, replaced.get(i).name());
            f.put("archive." + i, replaced.get(i).safety().toString());
        }
        for (int i = 0; i < createdByRun.size(); i++) {
            f.put("created." + i, createdByRun.get(i));
        }
        List<String> names = new ArrayList<>(
                replaced.stream().map(VolumeStore.Replacement::name).toList());
        String summary = names.isEmpty()
                ? ""
                : "volume" + (names.size() > 1 ? "s " : " ") + String.join(", ", names)
                        + " back from the safety archives";
        if (!createdByRun.isEmpty()) {
            summary += (summary.isEmpty() ? "" : "; ") + "remove " + String.join(", ", createdByRun)
                    + ", created by the run";
        }
        return UndoRecipe.of("volumes", summary, f);
    }

    /** The step a {@code volumes} recipe names; {@code stoppedFirst} as in the constructor. */
    public static VolumeArchiveRestoreStep of(UndoRecipe recipe, Collection<String> stoppedFirst) {
        List<String> volumes = recipe.list("volume");
        List<String> files = recipe.list("archive");
        Map<String, Path> archives = new LinkedHashMap<>();
        for (int i = 0; i < volumes.size() && i < files.size(); i++) {
            archives.put(volumes.get(i), Path.of(files.get(i)));
        }
        return new VolumeArchiveRestoreStep(archives, recipe.list("created"), stoppedFirst);
    }

    /**
     * One step for the {@code volumes} recipes of a run and of its resumptions, oldest first: each volume goes back
     * from the oldest whole archive of it, which holds what it had before the first run (a run stopped before it
     * emptied a volume left it whole, so the next run's archive of it holds the same). A resumption that replaced a
     * volume again is thus not put back twice.
     */
    public static VolumeArchiveRestoreStep of(List<UndoRecipe> oldestFirst, Collection<String> stoppedFirst) {
        Map<String, Path> archives = new LinkedHashMap<>();
        Set<String> created = new LinkedHashSet<>();
        for (UndoRecipe r : oldestFirst) {
            VolumeArchiveRestoreStep one = of(r, stoppedFirst);
            // a volume the oldest run created did not exist before it: it is removed, whatever later runs archived
            one.created.stream().filter(v -> !archives.containsKey(v)).forEach(created::add);
            one.archives.forEach((volume, archive) -> {
                Path had = archives.get(volume);
                if (!created.contains(volume) && (had == null || !complete(had))) {
                    archives.put(volume, archive);
                }
            });
        }
        return new VolumeArchiveRestoreStep(archives, created, stoppedFirst);
    }

    /** Each volume and the archive it goes back from. */
    Map<String, Path> archives() {
        return Map.copyOf(archives);
    }

    /** The volumes the run created, which this step removes. */
    Set<String> created() {
        return Set.copyOf(created);
    }

    @Override
    public String name() {
        return "volume-undo";
    }

    @Override
    public String describe() {
        String back = archives.isEmpty()
                ? ""
                : "put back " + String.join(", ", archives.keySet()) + " from the run's safety archives";
        return created.isEmpty()
                ? back
                : back + (back.isEmpty() ? "" : "; ") + "remove " + String.join(", ", created)
                        + ", created by the run (archived first)";
    }

    @Override
    public List<String> touches() {
        List<String> out = new ArrayList<>(archives.keySet().stream()
                .map(v -> "volume " + v + " (what it holds now is archived first)")
                .toList());
        created.forEach(v -> out.add("volume " + v + " (removed; what it holds now is archived first)"));
        return out;
    }

    @Override
    public boolean canUndo() {
        return true;
    }

    @Override
    public List<Problem> preflight(StepContext ctx) {
        if (ctx.service(VolumeStore.class).isEmpty()) {
            return List.of(Problem.blocking(
                    "volumes",
                    "no engine to put back " + String.join(", ", all()) + " on",
                    "start dockerd or set DOCKER_HOST"));
        }
        List<Problem> out = new ArrayList<>();
        archives.forEach((volume, archive) -> {
            if (!Files.isRegularFile(archive)) {
                out.add(Problem.warning(
                        volume,
                        "there is no safety archive " + archive + ": the run stopped before "
                                + "it reached this volume, so it is left as it is",
                        "check its data after the undo"));
            } else if (!complete(archive)) {
                out.add(Problem.warning(
                        volume,
                        "its safety archive " + archive + " was cut short: the run stopped "
                                + "before emptying it, so it is left as it is",
                        "check its data after the undo"));
            }
        });
        out.addAll(VolumeRestoreStep.inUse(ctx, all(), stoppedFirst));
        return out;
    }

    @Override
    public void execute(StepContext ctx) {
        VolumeStore volumes = ctx.require(VolumeStore.class, "put back " + String.join(", ", all()));
        List<VolumeStore.Replacement> back = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        archives.forEach((volume, archive) -> {
            if (!complete(archive)) {
                ctx.note(volume + ": the run stopped before replacing it (its safety archive is "
                        + (Files.exists(archive) ? "cut short" : "not there") + "); left as it is");
                return;
            }
            if (!volumes.volumeExists(volume)) {
                missing.add(volume);
                return;
            }
            back.add(new VolumeStore.Replacement(
                    volume, ctx.safetyDir().resolve("volume-" + volume + ".tar"), () -> Files.newInputStream(archive)));
        });
        // a volume the run created: its content archived whole before it is removed, so this undo can be undone
        List<VolumeStore.Replacement> removed = new ArrayList<>();
        for (String volume : created) {
            if (!volumes.volumeExists(volume)) {
                ctx.note(volume + ": the run created it, and it is gone already");
                continue;
            }
            Path safety = ctx.safetyDir().resolve("volume-" + volume + ".tar");
            try (var out = Files.newOutputStream(safety)) {
                SecureFiles.makePrivate(safety);
                volumes.archiveVolume(volume, out);
            } catch (IOException e) {
                throw new RollbackException(
                        "volume " + volume + ": cannot archive it into " + safety + " before " + "removing it ("
                                + e.getMessage() + "); it is left as it is",
                        e);
            }
            removed.add(new VolumeStore.Replacement(volume, safety, null));
        }
        if (back.isEmpty() && missing.isEmpty() && removed.isEmpty()) {
            return;
        }
        List<VolumeStore.Replacement> undo = new ArrayList<>(back);
        undo.addAll(removed);
        ctx.undoWith(recipe(undo, missing));
        for (VolumeStore.Replacement r : removed) {
            volumes.removeVolume(r.name());
            ctx.note("removed " + r.name() + ", which the run created; what it held is in "
                    + r.safety().getFileName());
        }
        for (String volume : missing) {
            Path archive = archives.get(volume);
            VolumeRestoreStep.create(
                    volumes, volume, () -> Files.newInputStream(archive), "cannot put it back from " + archive);
            ctx.note("created " + volume + " again and put it back from "
                    + archives.get(volume).getFileName());
        }
        try {
            volumes.replaceVolumes(back);
        } catch (RuntimeException e) {
            throw new RollbackException(
                    e.getMessage() + "; what the volumes held before this step is in " + ctx.safetyDir()
                            + ", and what they held before the run in " + archives.values(),
                    e);
        }
        for (VolumeStore.Replacement r : back) {
            try {
                SecureFiles.makePrivate(r.safety());
            } catch (IOException ignored) {
                // the safety folder is 0700
            }
            ctx.note("put back " + r.name() + " from " + archives.get(r.name()).getFileName());
        }
    }

    private List<String> all() {
        List<String> out = new ArrayList<>(archives.keySet());
        out.addAll(created);
        return out;
    }

    private static boolean complete(Path archive) {
        try {
            return TarArchives.isComplete(archive);
        } catch (IOException e) {
            return false;
        }
    }
}
