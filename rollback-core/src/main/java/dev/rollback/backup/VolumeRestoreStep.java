package dev.rollback.backup;

import dev.rollback.RollbackException;
import dev.rollback.plan.Problem;
import dev.rollback.plan.Step;
import dev.rollback.plan.StepContext;
import dev.rollback.spi.VolumeStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Replaces a named volume with its copy from a backup set, after archiving what it held into the run's safety
 * folder (so the rollback itself can be undone). The services using it must be stopped.
 *
 * <p>{@code new VolumeRestoreStep(set, artifact, key)}
 */
public final class VolumeRestoreStep implements Step {
    private final BackupSet set;
    private final BackupManifest.Artifact artifact;
    private final BackupKey key;
    private Path safety;

    public VolumeRestoreStep(BackupSet set, BackupManifest.Artifact artifact, BackupKey key) {
        this.set = set;
        this.artifact = artifact;
        this.key = key;
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
        return List.of();
    }

    @Override
    public void execute(StepContext ctx) {
        VolumeStore volumes = ctx.require(VolumeStore.class, "restore volume " + artifact.service());
        String name = artifact.service();
        try {
            if (volumes.volumeExists(name)) {
                safety = ctx.safetyDir().resolve("volume-" + name + ".tar");
                try (OutputStream out = Files.newOutputStream(safety)) {
                    volumes.archiveVolume(name, out);
                }
                dev.rollback.io.SecureFiles.makePrivate(safety);
                ctx.note("current content of " + name + " archived to " + safety + " (" + Files.size(safety)
                        + " bytes)");
                volumes.removeVolume(name);
            }
            volumes.createVolume(name, Map.of());
            try (InputStream in = set.content(artifact, key)) {
                volumes.restoreVolume(name, in);
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
        volumes.removeVolume(artifact.service());
        volumes.createVolume(artifact.service(), Map.of());
        try (InputStream in = Files.newInputStream(safety)) {
            volumes.restoreVolume(artifact.service(), in);
        } catch (IOException e) {
            throw new RollbackException("undo of volume " + artifact.service() + " failed; its content is in " + safety,
                    e);
        }
    }
}
