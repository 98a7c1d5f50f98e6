package dev.rollback.backup;

import dev.rollback.spi.BackupContext;
import dev.rollback.spi.BackupContributor;
import dev.rollback.spi.BackupContributors;
import dev.rollback.spi.VolumeStore;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What a verification uses besides its level: the set's key (from DECRYPT on, for encrypted artifacts), the parts the
 * environment expects (COMPLETENESS), and for RESTORE_DRILL the volume store whose scratch volumes take the volume
 * artifacts, the context (engine, secrets) the contributors drill their artifacts with, and those contributors.
 * Immutable; each {@code with...} returns a copy. {@link Backups#verifyOptions} makes them for an environment.
 *
 * <p>{@code set.verify(VerifyLevel.DECRYPT, VerifyOptions.defaults().withKey(key).expecting(Backups.expected(env)))}
 */
public final class VerifyOptions {
    private static final VerifyOptions DEFAULTS = new VerifyOptions(null, Set.of(), null, null, null);
    private final BackupKey key;
    private final Set<String> expected;
    private final VolumeStore volumes;
    private final BackupContext context;
    private final List<BackupContributor> contributors;

    private VerifyOptions(
            BackupKey key,
            Set<String> expected,
            VolumeStore volumes,
            BackupContext context,
            List<BackupContributor> contributors) {
        this.key = key;
        this.expected = expected;
        this.volumes = volumes;
        this.context = context;
        this.contributors = contributors;
    }

    /** No key, nothing expected, no engines, the contributors on the class path. */
    public static VerifyOptions defaults() {
        return DEFAULTS;
    }

    /** The set's key when it has encrypted artifacts (null: none; their DECRYPT checks then fail). */
    public VerifyOptions withKey(BackupKey key) {
        return new VerifyOptions(key, expected, volumes, context, contributors);
    }

    /** The parts the environment expects ({@code env}, {@code vault-keys}, {@code volume:<name>}...). */
    public VerifyOptions expecting(Set<String> expected) {
        return new VerifyOptions(key, Set.copyOf(expected), volumes, context, contributors);
    }

    /** Where RESTORE_DRILL restores each volume artifact into a scratch volume (removed afterwards). */
    public VerifyOptions withVolumes(VolumeStore volumes) {
        return new VerifyOptions(key, expected, volumes, context, contributors);
    }

    /** What contributors drill their artifacts with in RESTORE_DRILL (engine, secrets), into scratch places only. */
    public VerifyOptions withContext(BackupContext context) {
        return new VerifyOptions(key, expected, volumes, context, contributors);
    }

    /** The contributors that drill their artifacts, instead of those on the class path. */
    public VerifyOptions withContributors(List<BackupContributor> contributors) {
        return new VerifyOptions(key, expected, volumes, context, List.copyOf(contributors));
    }

    public Optional<BackupKey> key() {
        return Optional.ofNullable(key);
    }

    public Set<String> expected() {
        return expected;
    }

    public Optional<VolumeStore> volumes() {
        return Optional.ofNullable(volumes);
    }

    public Optional<BackupContext> context() {
        return Optional.ofNullable(context);
    }

    /** The contributors given, else those on the class path. */
    public List<BackupContributor> contributors() {
        return contributors != null ? contributors : BackupContributors.all();
    }
}
