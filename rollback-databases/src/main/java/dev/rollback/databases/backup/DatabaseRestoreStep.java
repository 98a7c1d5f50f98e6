package dev.rollback.databases.backup;

import dev.rollback.backup.VolumeRestoreStep;
import dev.rollback.databases.SafetyDumps;
import dev.rollback.databases.postgres.PgScopedDrops;
import dev.rollback.databases.spi.DatabaseAdapter;
import dev.rollback.databases.spi.DatabaseAdapters;
import dev.rollback.databases.spi.DatabaseTarget;
import dev.rollback.databases.spi.Fingerprint;
import dev.rollback.databases.spi.RestoreOptions;
import dev.rollback.databases.spi.RestoreResult;
import dev.rollback.env.ServiceKind;
import dev.rollback.env.Target;
import dev.rollback.errors.Problem;
import dev.rollback.errors.RollbackException;
import dev.rollback.io.Durations;
import dev.rollback.io.HashingInputStream;
import dev.rollback.plan.Step;
import dev.rollback.plan.StepContext;
import dev.rollback.spi.ArtifactInfo;
import dev.rollback.spi.BackupContext;
import dev.rollback.spi.ContainerRuntime;
import dev.rollback.spi.DumpSource;
import dev.rollback.spi.SecretStore;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code db-restore/<service>}: puts a {@code db-dump} artifact back into its live service in a rollback.
 * Preflight (nothing changes): the service is known and has an adapter, it can be reached and answers its health
 * check with the login, and the dump reads back to the SHA-256 and length the manifest recorded. Execute: the
 * adapter's restore (which verifies the dump again before touching the server) with a safety dump of the current
 * data in the run's safety folder, in the scope the dump was taken with, removing what the backup lacks unless the
 * contributor keeps extras; then the data fingerprint is compared with the manifest's and any difference noted.
 * Its undo ({@link SafetyDumpRestoreStep}) restores the safety dump, which is whole before the restore begins. A
 * scoped PostgreSQL dump that drops databases outside its scope (pg_dumpall 15's
 * {@code --clean --exclude-database} does) is refused in preflight and execute.
 *
 * <p>{@code Optional<Step> s = contributor.restoreStep(ctx, artifact, DumpSource.ofFile(plain));}
 */
public final class DatabaseRestoreStep implements Step {
    private final BackupContext backup;
    private final ArtifactInfo artifact;
    private final DumpSource content;
    private final boolean dropExtras;
    private final List<String> scope;

    DatabaseRestoreStep(BackupContext backup, ArtifactInfo artifact, DumpSource content, boolean dropExtras) {
        this.backup = backup;
        this.artifact = artifact;
        this.content = content;
        this.dropExtras = dropExtras;
        this.scope = DatabaseBackupContributor.recordedScope(artifact.fingerprint());
    }

    @Override
    public String name() {
        return "db-restore/" + artifact.service();
    }

    @Override
    public String describe() {
        return "restore the database of service " + artifact.service() + " from " + artifact.file() + " ("
                + artifact.fingerprint().getOrDefault("bytes", "?") + " bytes"
                + (scope.isEmpty() ? "" : ", scope " + scope) + "), after a safety dump"
                + (dropExtras ? "; what the backup lacks is removed" : "");
    }

    @Override
    public List<String> touches() {
        String nodes = artifact.fingerprint().get("nodes");
        return List.of("data of database service " + artifact.service()
                + (nodes == null ? "" : " (cluster nodes " + nodes + ")")
                + ", dumped to the run's safety folder first");
    }

    @Override
    public List<Problem> preflight(StepContext ctx) {
        List<Problem> problems = new ArrayList<>();
        String service = artifact.service();
        Optional<DatabaseUnit> unit =
                DatabaseBackupContributor.unit(ctx.environment(), service, artifact.fingerprint());
        if (unit.isEmpty()) {
            return List.of(Problem.blocking(
                    service,
                    "the environment has no database service " + service + " with an adapter to restore its dump into",
                    "check the compose file and profiles, or leave" + " this artifact out of the restore"));
        }
        DatabaseAdapter adapter = DatabaseAdapters.require(unit.get().kind());
        if (backup.restartedFirst()) {
            // the plan restarts the service first: it may well be failing now, which is why the rollback runs
            reachableAfterRestart(ctx, unit.get()).ifPresent(problems::add);
        } else {
            try {
                adapter.health(target(ctx, unit.get()));
            } catch (RollbackException e) {
                problems.add(Problem.blocking(
                        service,
                        e.getMessage(),
                        "start the service (and its engine) before" + " restoring its database"));
            }
        }
        verifyDump().ifPresent(problems::add);
        if (unit.get().kind() == ServiceKind.POSTGRES) {
            droppedOutsideScope().ifPresent(problems::add);
        }
        return problems;
    }

    @Override
    public void execute(StepContext ctx) {
        String service = artifact.service();
        DatabaseUnit unit = DatabaseBackupContributor.unit(ctx.environment(), service, artifact.fingerprint())
                .orElseThrow(() -> new RollbackException("the environment has no database service " + service));
        DatabaseAdapter adapter = DatabaseAdapters.require(unit.kind());
        if (unit.kind() == ServiceKind.POSTGRES) {
            droppedOutsideScope().ifPresent(p -> {
                throw new RollbackException(p.toString());
            });
        }
        DatabaseTarget target = backup.restartedFirst() ? awaitReady(ctx, unit, adapter) : target(ctx, unit);
        if (broughtBackByItsVolumes(ctx, unit, adapter, target)) {
            return;
        }
        Path safety = ctx.safetyDir().resolve(service + "-before-restore.dump");
        ctx.undoWith(SafetyDumpRestoreStep.recipe(unit, safety, scope));
        SafetyDumps.takeTo(adapter, target, safety);
        ctx.faultPoint(service + "-safety-dumped");
        RestoreOptions options = RestoreOptions.ofDefaults().withoutSafetyDump();
        if (dropExtras) {
            options = options.dropExtra();
        }
        Optional<String> sha = DatabaseBackupContributor.expectedSha256(artifact.fingerprint());
        if (sha.isPresent()) {
            options = options.withExpectedSha256(sha.get());
        }
        RestoreResult r;
        try {
            r = adapter.restore(target, content, options);
        } catch (RuntimeException e) {
            throw new RollbackException(
                    e.getMessage() + "; what " + service + " held before is in " + safety
                            + " (rollback undo puts it back)",
                    e);
        }
        ctx.note("restored " + r.bytes() + " bytes of " + artifact.file() + " into " + service + " in "
                + Durations.format(r.duration()) + "; its previous data is in " + safety);
        if (!r.dropped().isEmpty()) {
            ctx.note("removed what the backup does not have: " + String.join(", ", r.dropped()));
        }
        Fingerprint now = adapter.fingerprint(target);
        List<String> diffs = FingerprintEntries.differences(artifact.fingerprint(), now);
        if (FingerprintEntries.present(artifact.fingerprint())) {
            ctx.note(
                    diffs.isEmpty()
                            ? service + " now matches the backup's fingerprint ("
                                    + FingerprintEntries.parts(artifact.fingerprint()) + " parts)"
                            : "warning: " + service
                                    + " differs from the backup's fingerprint right after the restore (written"
                                    + " to since?): "
                                    + String.join("; ", diffs.subList(0, Math.min(10, diffs.size()))));
        }
    }

    private DatabaseTarget awaitReady(StepContext ctx, DatabaseUnit unit, DatabaseAdapter adapter) {
        return Readiness.await(
                artifact.service(), () -> target(ctx, unit), adapter, ctx::note, ctx.clock(), ctx.sleeper());
    }

    /**
     * Whether this run already put back every volume of the service's containers from the same backup set and the
     * data now has the fingerprint the dump recorded: then replaying the dump would write the same data again, and
     * it is not (a note says so). Any difference, or a volume not restored, and the dump is replayed.
     */
    private boolean broughtBackByItsVolumes(
            StepContext ctx, DatabaseUnit unit, DatabaseAdapter adapter, DatabaseTarget target) {
        Set<String> restored = VolumeRestoreStep.restored(ctx);
        List<String> volumes = unit.members().stream()
                .flatMap(m -> ctx.environment().catalog().find(m).stream())
                .flatMap(s -> s.volumes().stream())
                .toList();
        if (volumes.isEmpty()
                || !restored.containsAll(volumes)
                || !FingerprintEntries.present(artifact.fingerprint())) {
            return false;
        }
        List<String> diffs = FingerprintEntries.differences(artifact.fingerprint(), adapter.fingerprint(target));
        if (!diffs.isEmpty()) {
            return false;
        }
        ctx.note(artifact.service() + ": its volume" + (volumes.size() > 1 ? "s were" : " was") + " put back from the "
                + "same backup set in this run and its data has the dump's fingerprint ("
                + FingerprintEntries.parts(artifact.fingerprint()) + " parts): the dump is not replayed");
        return true;
    }

    @Override
    public boolean canUndo() {
        return true;
    }

    /**
     * What can be known before the restart: an engine for a compose project, and a path to the service once it runs
     * (a published port, or an engine on this host whose container addresses this host reaches).
     */
    private Optional<Problem> reachableAfterRestart(StepContext ctx, DatabaseUnit unit) {
        if (ctx.environment().target() != Target.DOCKER) {
            return Optional.empty();
        }
        Optional<ContainerRuntime> rt = backup.runtime().or(() -> ctx.service(ContainerRuntime.class));
        if (rt.isEmpty()) {
            return Optional.of(Problem.blocking(
                    artifact.service(),
                    "no Docker engine answers, so the database cannot" + " be reached after the restart",
                    "start dockerd or set DOCKER_HOST"));
        }
        return Optional.empty();
    }

    private DatabaseTarget target(StepContext ctx, DatabaseUnit unit) {
        Optional<ContainerRuntime> rt = backup.runtime().or(() -> ctx.service(ContainerRuntime.class));
        Optional<SecretStore> secrets = backup.secrets().or(() -> ctx.service(SecretStore.class));
        return new EnvironmentTargets(ctx.environment(), rt, secrets)
                .target(unit)
                .withScope(scope);
    }

    /**
     * A scoped pg_dumpall dump that drops databases outside its scope. pg_dumpall 15 with {@code --clean
     * --exclude-database} still writes {@code DROP DATABASE IF EXISTS} for every database it excluded, so replaying
     * it would remove them from the live server; such a restore is refused (a whole-cluster dump is meant to).
     */
    private Optional<Problem> droppedOutsideScope() {
        if (scope.isEmpty()) {
            return Optional.empty();
        }
        List<String> outside;
        try (InputStream in = content.open()) {
            outside = PgScopedDrops.outside(in, scope);
        } catch (IOException e) {
            return Optional.of(Problem.blocking(
                    artifact.service(),
                    "the dump " + artifact.file() + " cannot be read (" + e.getMessage() + ")",
                    "verify the backup set"));
        }
        if (outside.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(Problem.blocking(
                artifact.service(),
                "the dump was taken with scope " + scope + " but drops"
                        + " databases outside it (" + String.join(", ", outside)
                        + "): pg_dumpall --clean --exclude-database"
                        + " writes DROP DATABASE for the databases it excluded, so restoring it would remove them",
                "restore from a whole-cluster backup, or restore the scoped databases by hand from the dump"));
    }

    /** The dump reads back to the recorded SHA-256 and length; a problem naming the file otherwise. */
    private Optional<Problem> verifyDump() {
        Map<String, String> fp = artifact.fingerprint();
        String wantSha = DatabaseBackupContributor.expectedSha256(fp).orElse(null);
        String wantBytes = fp.getOrDefault("dump-bytes", fp.get("bytes"));
        long bytes;
        String sha;
        try (HashingInputStream in = new HashingInputStream(content.open())) {
            byte[] buf = new byte[1 << 16];
            while (in.read(buf) > 0) {
                // hashed and counted on the way
            }
            bytes = in.bytes();
            sha = in.hex();
        } catch (IOException | RuntimeException e) {
            return Optional.of(Problem.blocking(
                    artifact.service(),
                    "the dump " + artifact.file() + " cannot be read" + " to its end (" + e.getMessage() + ")",
                    "verify the backup set; restore from another one"));
        }
        boolean shaOk = wantSha == null || wantSha.equalsIgnoreCase(sha);
        boolean bytesOk = wantBytes == null || wantBytes.equals(Long.toString(bytes));
        if (!shaOk || !bytesOk) {
            return Optional.of(Problem.blocking(
                    artifact.service(),
                    "the dump " + artifact.file() + " is not what the"
                            + " backup recorded (" + bytes + " bytes"
                            + (wantBytes == null ? "" : ", recorded " + wantBytes)
                            + (shaOk ? "" : ", SHA-256 differs") + ")",
                    "the set is corrupt; verify it and restore from another"));
        }
        return Optional.empty();
    }
}
