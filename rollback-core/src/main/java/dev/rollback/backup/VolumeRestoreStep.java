package dev.rollback.backup;

import dev.rollback.RollbackException;
import dev.rollback.plan.Problem;
import dev.rollback.plan.Step;
import dev.rollback.plan.StepContext;
import dev.rollback.spi.ContainerRuntime;
import dev.rollback.spi.VolumeStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Replaces a named volume with its copy from a backup set, after archiving what it held into the run's safety
 * folder (so the rollback itself can be undone). The services using it must be stopped (an earlier step of the plan
 * may stop them); their stopped containers may stay, as the content is replaced in place.
 *
 * <p>{@code new VolumeRestoreStep(set, artifact, key)}
 */
public final class VolumeRestoreStep implements Step {
    private final BackupSet set;
    private final BackupManifest.Artifact artifact;
    private final BackupKey key;
    private final Set<String> stoppedFirst;
    private Path safety;

    public VolumeRestoreStep(BackupSet set, BackupManifest.Artifact artifact, BackupKey key) {
        this(set, artifact, key, Set.of());
    }

    /**
     * @param stoppedFirst the services an earlier step of the plan stops: their running containers may use the
     *                     volume at preflight; any other running user blocks the plan
     */
    public VolumeRestoreStep(BackupSet set, BackupManifest.Artifact artifact, BackupKey key,
                             Collection<String> stoppedFirst) {
        this.set = set;
        this.artifact = artifact;
        this.key = key;
        this.stoppedFirst = Set.copyOf(stoppedFirst);
    }

    @Override
    public String name() {
        return "volume-restore";
    }

    @Override
    public String describe() {
        return "replace volume " + artifact.service() + " with its copy in backup " + set.manifest().id();
    }

    @Override
    public List<String> touches() {
        return List.of("volume " + artifact.service() + " (its current content is archived first)");
    }

    @Override
    public List<Problem> preflight(StepContext ctx) {
        if (ctx.service(VolumeStore.class).isEmpty()) {
            return List.of(Problem.blocking("volumes", "no engine to restore volume " + artifact.service() + " on",
                    "start dockerd or set DOCKER_HOST"));
        }
        if (!Files.isRegularFile(set.dir().resolve(artifact.file()))) {
            return List.of(Problem.blocking(artifact.service(), "backup " + set.manifest().id() + " lacks "
                    + artifact.file(), "verify the set: rollback verify " + set.manifest().id()));
        }
        return inUse(ctx);
    }

    /** Running containers that use the volume and that no earlier step stops: the restore would fail on them. */
    private List<Problem> inUse(StepContext ctx) {
        String name = artifact.service();
        VolumeStore volumes = ctx.service(VolumeStore.class).orElseThrow();
        if (!volumes.volumeExists(name)) {
            return List.of();
        }
        List<String> running = volumes.runningUsers(name);
        if (running.isEmpty()) {
            return List.of();
        }
        Map<String, String> serviceOf = new java.util.HashMap<>();
        ctx.service(ContainerRuntime.class).ifPresent(rt -> rt.list(ctx.environment())
                .forEach(c -> serviceOf.put(c.containerName(), c.service())));
        List<String> blocking = running.stream().filter(c -> !stoppedFirst.contains(serviceOf.get(c))).toList();
        if (blocking.isEmpty()) {
            return List.of();
        }
        return List.of(Problem.blocking(name, "volume " + name + " is used by running container(s) " + blocking
                + " that this rollback does not stop", "stop them first (docker stop " + String.join(" ", blocking)
                + "), or leave --volumes out"));
    }

    @Override
    public void execute(StepContext ctx) {
        VolumeStore volumes = ctx.require(VolumeStore.class, "restore volume " + artifact.service());
        String name = artifact.service();
        try {
            boolean exists = volumes.volumeExists(name);
            if (exists) {
                safety = ctx.safetyDir().resolve("volume-" + name + ".tar");
                try (OutputStream out = Files.newOutputStream(safety)) {
                    dev.rollback.io.SecureFiles.makePrivate(safety);
                    volumes.archiveVolume(name, out);
                }
                ctx.note("current content of " + name + " archived to " + safety + " (" + Files.size(safety)
                        + " bytes)");
            } else {
                volumes.createVolume(name, Map.of());
            }
            try (InputStream in = set.content(artifact, key)) {
                if (exists) {
                    volumes.replaceVolume(name, in);
                } else {
                    volumes.restoreVolume(name, in);
                }
            }
            ctx.note("restored " + name + " from backup " + set.manifest().id());
        } catch (IOException e) {
            throw new RollbackException("volume " + name + ": restore failed: " + e.getMessage()
                    + (safety == null ? "" : "; its previous content is in " + safety), e);
        }
    }

    @Override
    public boolean canUndo() {
        return true;
    }

    @Override
    public void undo(StepContext ctx) {
        if (safety == null) {
            return;
        }
        VolumeStore volumes = ctx.require(VolumeStore.class, "undo the restore of " + artifact.service());
        try (InputStream in = Files.newInputStream(safety)) {
            volumes.replaceVolume(artifact.service(), in);
        } catch (IOException e) {
            throw new RollbackException("undo of volume " + artifact.service() + " failed; its content is in " + safety,
                    e);
        }
    }
}
