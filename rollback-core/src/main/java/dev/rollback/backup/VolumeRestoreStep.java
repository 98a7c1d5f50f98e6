package dev.rollback.backup;

import dev.rollback.errors.Problem;
import dev.rollback.errors.RollbackException;
import dev.rollback.io.SecureFiles;
import dev.rollback.plan.Step;
import dev.rollback.plan.StepContext;
import dev.rollback.spi.ContainerRuntime;
import dev.rollback.spi.VolumeStore;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Replaces named volumes with their copies from a backup set, after archiving what each held into the run's safety
 * folder (so the rollback itself can be undone). The volumes are replaced in place, all through one batch of the
 * store ({@link VolumeStore#replaceVolumes}: one helper container for all of them on a Docker engine); a volume that
 * does not exist is created. The services using them must be stopped (an earlier step of the plan may stop them);
 * their stopped containers may stay.
 *
 * <p>{@code new VolumeRestoreStep(set, volumeArtifacts, key, List.of("postgres", "mysql"))}
 */
public final class VolumeRestoreStep implements Step {
    private final BackupSet set;
    private final List<BackupManifest.Artifact> artifacts;
    private final BackupKey key;
    private final Set<String> stoppedFirst;

    public VolumeRestoreStep(BackupSet set, BackupManifest.Artifact artifact, BackupKey key) {
        this(set, List.of(artifact), key, Set.of());
    }

    /**
     * @param artifacts the set's volume artifacts to restore
     * @param stoppedFirst the services an earlier step of the plan stops: their running containers may use the
     *                     volumes at preflight; any other running user blocks the plan
     */
    public VolumeRestoreStep(
            BackupSet set, List<BackupManifest.Artifact> artifacts, BackupKey key, Collection<String> stoppedFirst) {
        this.set = set;
        this.artifacts = List.copyOf(artifacts);
        this.key = key;
        this.stoppedFirst = Set.copyOf(stoppedFirst);
    }

    @Override
    public String name() {
        return "volume-restore";
    }

    @Override
    public String describe() {
        String which = artifacts.size() == 1
                ? "volume " + artifacts.get(0).service()
                : artifacts.size() + " volumes (" + String.join(", ", names()) + ")";
        return "replace " + which + " with the copies in backup "
                + set.manifest().id();
    }

    @Override
    public List<String> touches() {
        return names().stream()
                .map(v -> "volume " + v + " (its current content is archived first)")
                .toList();
    }

    private List<String> names() {
        return artifacts.stream().map(BackupManifest.Artifact::service).toList();
    }

    @Override
    public List<Problem> preflight(StepContext ctx) {
        if (ctx.service(VolumeStore.class).isEmpty()) {
            return List.of(Problem.blocking(
                    "volumes",
                    "no engine to restore " + String.join(", ", names()) + " on",
                    "start dockerd or set DOCKER_HOST"));
        }
        List<Problem> out = new ArrayList<>();
        for (BackupManifest.Artifact a : artifacts) {
            if (!Files.isRegularFile(set.file(a), LinkOption.NOFOLLOW_LINKS)) {
                out.add(Problem.blocking(
                        a.service(),
                        "backup " + set.manifest().id() + " lacks " + a.file(),
                        "verify the set: rollback verify " + set.manifest().id()));
            }
        }
        out.addAll(inUse(ctx, names(), stoppedFirst));
        return out;
    }

    /** Running containers that use the volumes and that no earlier step stops: the restore would fail on them. */
    static List<Problem> inUse(StepContext ctx, List<String> names, Set<String> stoppedFirst) {
        VolumeStore volumes = ctx.service(VolumeStore.class).orElseThrow();
        Map<String, String> serviceOf = new HashMap<>();
        ctx.service(ContainerRuntime.class)
                .ifPresent(
                        rt -> rt.list(ctx.environment()).forEach(c -> serviceOf.put(c.containerName(), c.service())));
        List<Problem> out = new ArrayList<>();
        for (String name : names) {
            if (!volumes.volumeExists(name)) {
                continue;
            }
            List<String> blocking = volumes.runningUsers(name).stream()
                    .filter(c -> !serviceOf.containsKey(c) || !stoppedFirst.contains(serviceOf.get(c)))
                    .toList();
            if (!blocking.isEmpty()) {
                out.add(Problem.blocking(
                        name,
                        "volume " + name + " is used by running container(s) " + blocking
                                + " that this rollback does not stop",
                        "stop them first (docker stop " + String.join(" ", blocking) + "), or leave --volumes out"));
            }
        }
        return out;
    }

    @Override
    public void execute(StepContext ctx) {
        VolumeStore volumes = ctx.require(VolumeStore.class, "restore " + String.join(", ", names()));
        List<VolumeStore.Replacement> replace = new ArrayList<>();
        List<String> created = new ArrayList<>();
        for (BackupManifest.Artifact a : artifacts) {
            if (!volumes.volumeExists(a.service())) {
                created.add(a.service());
            }
        }
        if (!created.isEmpty()) {
            // recorded before any is created: the undo removes what this run created, even if it is killed now
            ctx.undoWith(VolumeArchiveRestoreStep.recipe(List.of(), created));
        }
        for (BackupManifest.Artifact a : artifacts) {
            String name = a.service();
            if (!created.contains(name)) {
                Path copy = ctx.safetyDir().resolve("volume-" + name + ".tar");
                replace.add(new VolumeStore.Replacement(name, copy, () -> {
                    // the volume's safety copy is on disk and its emptying under way: nothing extracted yet
                    ctx.faultPoint("extracting");
                    return set.content(a, key);
                }));
            } else {
                create(volumes, name, () -> set.content(a, key), "restore failed");
                ctx.note("created " + name + " and restored it from backup "
                        + set.manifest().id());
            }
        }
        if (!replace.isEmpty()) {
            ctx.undoWith(VolumeArchiveRestoreStep.recipe(replace, created));
            ctx.faultPoint("recorded");
        }
        try {
            volumes.replaceVolumes(replace);
        } catch (RuntimeException e) {
            throw new RollbackException(
                    e.getMessage() + "; the volumes' previous content is kept in " + ctx.safetyDir(), e);
        } finally {
            for (VolumeStore.Replacement r : replace) {
                keepPrivate(r.safety());
            }
        }
        for (VolumeStore.Replacement r : replace) {
            ctx.note("restored " + r.name() + " from backup " + set.manifest().id() + "; its previous content is in "
                    + r.safety().getFileName() + " (" + size(r.safety()) + " bytes)");
        }
        restored(ctx).addAll(names());
    }

    /** Creates a volume that does not exist and extracts {@code content} into it; {@code failed} heads the error. */
    static void create(VolumeStore volumes, String name, VolumeStore.Content content, String failed) {
        volumes.createVolume(name, Map.of());
        try (InputStream in = content.open()) {
            volumes.restoreVolume(name, in);
        } catch (IOException e) {
            throw new RollbackException("volume " + name + ": " + failed + ": " + e.getMessage(), e);
        }
    }

    /**
     * The volumes this run has put back from its backup set so far (a later step of the same plan may rely on
     * them: a database restore need not replay a dump into the data its volume just brought back).
     */
    @SuppressWarnings("unchecked")
    public static Set<String> restored(StepContext ctx) {
        return (Set<String>) ctx.attributes().computeIfAbsent(RESTORED, k -> ConcurrentHashMap.newKeySet());
    }

    private static final String RESTORED = "volumes.restored";

    private static void keepPrivate(Path file) {
        try {
            if (Files.exists(file)) {
                SecureFiles.makePrivate(file);
            }
        } catch (IOException ignored) {
            // the safety folder itself is 0700
        }
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return -1;
        }
    }

    @Override
    public boolean canUndo() {
        return true;
    }
}
