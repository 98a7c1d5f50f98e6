package dev.rollback.spi;

import dev.rollback.env.Environment;
import dev.rollback.plan.Step;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Adds artifacts of its own to backup sets (database dumps, a Vault KV export), checks them in the restore drill
 * and restores them in a full rollback. Found with {@link java.util.ServiceLoader} through
 * {@link BackupContributors}; modules above core implement it (rollback-databases, rollback-vault).
 *
 * <p>{@code for (ArtifactSource s : contributor.sources(ctx)) writer.add(s);}
 *
 * <p>A contributor never throws for a service it cannot reach while listing {@link #sources}: it leaves it out
 * (then {@link #expected} still names it and COMPLETENESS fails) or throws a {@link dev.rollback.errors.RollbackException}
 * naming the service and what to do when the user asked for that service by name.
 */
public interface BackupContributor {

    /** The artifact kinds it writes and reads ({@code db-dump}, {@code vault-kv}). */
    Set<String> kinds();

    /**
     * What a complete backup of {@code env} holds from this contributor, as {@code kind:service} keys
     * ({@code db-dump:postgres}); only services active in the environment's profiles.
     */
    Set<String> expected(Environment env);

    /** The artifacts to write for this backup (the context's service filter applies). */
    List<ArtifactSource> sources(BackupContext ctx);

    /**
     * Restores {@code artifact} into a scratch place (a scratch database, a scratch mount), compares its data
     * fingerprint with the one recorded in the manifest, and removes the scratch; the real service is not touched.
     */
    DrillOutcome drill(BackupContext ctx, ArtifactInfo artifact, DumpSource content);

    /**
     * The plan step that restores {@code artifact} into its live service in a rollback, or empty when this
     * contributor does not restore that kind in place.
     */
    default Optional<Step> restoreStep(BackupContext ctx, ArtifactInfo artifact, DumpSource content) {
        return Optional.empty();
    }

    /**
     * Compares the live service with the data fingerprint the manifest recorded for {@code artifact}: the
     * differences (by part and count, never a value), an empty list when they match; empty when this contributor
     * cannot compare that artifact. What a rollback's result is checked against.
     *
     * <p>{@code contributor.compareLive(ctx, BackupSet.info(a)).orElseThrow() // [] after a full rollback}
     */
    default Optional<List<String>> compareLive(BackupContext ctx, ArtifactInfo artifact) {
        return Optional.empty();
    }
}
