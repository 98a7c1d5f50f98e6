package dev.rollback.databases.backup;

import dev.rollback.databases.spi.DatabaseAdapter;
import dev.rollback.databases.spi.DatabaseAdapters;
import dev.rollback.databases.spi.DatabaseHealth;
import dev.rollback.databases.spi.DatabaseTarget;
import dev.rollback.databases.spi.DumpResult;
import dev.rollback.databases.spi.Fingerprint;
import dev.rollback.databases.spi.RestoreOptions;
import dev.rollback.env.Environment;
import dev.rollback.env.ServiceDefinition;
import dev.rollback.env.ServiceKind;
import dev.rollback.errors.IncompleteBackupException;
import dev.rollback.errors.RollbackException;
import dev.rollback.plan.Step;
import dev.rollback.spi.ArtifactContent;
import dev.rollback.spi.ArtifactInfo;
import dev.rollback.spi.ArtifactSource;
import dev.rollback.spi.BackupContext;
import dev.rollback.spi.BackupContributor;
import dev.rollback.spi.DrillOutcome;
import dev.rollback.spi.DumpSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Database dumps in backup sets ({@value #KIND} artifacts) through the {@link DatabaseAdapter}s: one artifact per
 * database service (a Redis cluster is one artifact, named after its first node, holding every node's keys), its
 * restore drill into a scratch server, and its restore into the live service in a rollback.
 *
 * <p>{@code for (ArtifactSource s : new DatabaseBackupContributor().sources(ctx)) { ... }}
 *
 * <p>Manifest entries beside the writer's {@code sha256}/{@code bytes}: {@code format} (the adapter's format name),
 * {@code tool} (what produced it), {@code server} (the server's version), {@code dump-sha256} and
 * {@code dump-bytes} (as the adapter counted them; restores verify against {@code dump-sha256}), {@code scope}
 * when limited, {@code nodes} for a Redis cluster, and the data fingerprint taken right after the dump
 * ({@link FingerprintEntries}: {@code fingerprint.<part>} = {@code count:hash}, or a combined digest beyond
 * {@value FingerprintEntries#MAX_PARTS} parts).
 */
public final class DatabaseBackupContributor implements BackupContributor {
    /** The artifact kind. */
    public static final String KIND = "db-dump";

    private static final Logger LOG = LoggerFactory.getLogger(DatabaseBackupContributor.class);
    private final Map<String, List<String>> scopes;
    private final boolean dropExtras;
    private final Duration scratchReady;

    /** What {@link java.util.ServiceLoader} creates: whole servers, restores that drop extras, 3 min for a scratch. */
    public DatabaseBackupContributor() {
        this(Map.of(), true, Duration.ofMinutes(3));
    }

    private DatabaseBackupContributor(Map<String, List<String>> scopes, boolean dropExtras, Duration scratchReady) {
        this.scopes = Map.copyOf(scopes);
        this.dropExtras = dropExtras;
        this.scratchReady = scratchReady;
    }

    /**
     * Limits services to some databases, key patterns or vhosts ({@link DatabaseTarget#scope()}), by the service
     * name the artifact is recorded under.
     */
    public DatabaseBackupContributor withScopes(Map<String, List<String>> serviceScopes) {
        return new DatabaseBackupContributor(serviceScopes, dropExtras, scratchReady);
    }

    /**
     * Restore steps keep what the live service has and the backup does not (by default they remove it, so the
     * service holds exactly the backup's data; what goes is in the safety dump first).
     */
    public DatabaseBackupContributor keepingExtras() {
        return new DatabaseBackupContributor(scopes, false, scratchReady);
    }

    /** How long a drill's scratch server may take to answer (default 3 min: MySQL initialises slowly). */
    public DatabaseBackupContributor withScratchTimeout(Duration timeout) {
        return new DatabaseBackupContributor(scopes, dropExtras, timeout);
    }

    @Override
    public Set<String> kinds() {
        return Set.of(KIND);
    }

    /** {@code db-dump:<service>} for each active database service with an adapter; one key per Redis cluster. */
    @Override
    public Set<String> expected(Environment env) {
        Set<String> out = new LinkedHashSet<>();
        new EnvironmentTargets(env, Optional.empty(), Optional.empty()).units().forEach(u -> out.add(u.key()));
        return out;
    }

    /**
     * One source per database unit in the context's service filter. A service that cannot be reached now (no
     * container, no path to it, server down, login refused) is an {@link IncompleteBackupException} saying why,
     * unless the context allows a partial backup and the user named no services: then it is left out with a
     * warning, and COMPLETENESS names it.
     */
    @Override
    public List<ArtifactSource> sources(BackupContext ctx) {
        EnvironmentTargets targets = targets(ctx);
        List<ArtifactSource> out = new ArrayList<>();
        for (DatabaseUnit unit : targets.units()) {
            if (unit.members().stream().noneMatch(ctx::includes)) {
                continue;
            }
            DatabaseAdapter adapter = DatabaseAdapters.require(unit.kind());
            DatabaseTarget target;
            DatabaseHealth health;
            try {
                target = targets.target(unit);
                health = adapter.health(target);
            } catch (RollbackException e) {
                if (!ctx.partial() || !ctx.services().isEmpty()) {
                    throw new IncompleteBackupException(
                            List.of(unit.key()),
                            "cannot back up the database of "
                                    + "service " + unit.service() + ": " + e.getMessage()
                                    + "; nothing was written; start it and "
                                    + "back up again"
                                    + (ctx.services().isEmpty() ? ", or leave it out with --partial" : ""),
                            e);
                }
                LOG.warn(
                        "database of service {} left out of the backup (--partial): {}",
                        unit.service(),
                        e.getMessage());
                continue;
            }
            out.add(new ArtifactSource(
                    KIND, unit.service(), fileName(unit), tool(unit.kind()), content(adapter, target, unit, health)));
        }
        return out;
    }

    /** The live service's data fingerprint, in the scope the dump was taken with, against the recorded one. */
    @Override
    public Optional<List<String>> compareLive(BackupContext ctx, ArtifactInfo artifact) {
        if (!KIND.equals(artifact.kind()) || !FingerprintEntries.present(artifact.fingerprint())) {
            return Optional.empty();
        }
        DatabaseUnit unit = unit(ctx.environment(), artifact.service(), artifact.fingerprint())
                .orElseThrow(
                        () -> new RollbackException("the environment has no database service " + artifact.service()));
        DatabaseTarget target = targets(ctx).target(unit).withScope(recordedScope(artifact.fingerprint()));
        Fingerprint now = DatabaseAdapters.require(unit.kind()).fingerprint(target);
        return Optional.of(FingerprintEntries.differences(artifact.fingerprint(), now));
    }

    /**
     * Restores the dump into a scratch server (never the live service), fingerprints it there and compares with
     * the manifest's {@code fingerprint.*} entries; the scratch is removed whatever happens. Differences are
     * reported by part name and row count, never by value.
     */
    @Override
    public DrillOutcome drill(BackupContext ctx, ArtifactInfo artifact, DumpSource content) {
        long start = System.nanoTime();
        Map<String, String> recorded = artifact.fingerprint();
        String service = artifact.service();
        if (!FingerprintEntries.present(recorded)) {
            return DrillOutcome.failed("db-dump of " + service + " has no data fingerprint in the manifest, so a"
                    + " restore drill has nothing to compare with; take a new backup");
        }
        Optional<DatabaseUnit> unit = unit(ctx.environment(), service, recorded);
        if (unit.isEmpty()) {
            return DrillOutcome.failed("db-dump of " + service + ": the environment has no database service " + service
                    + " (with an adapter) to take the engine and image from");
        }
        EnvironmentTargets targets = targets(ctx);
        DatabaseAdapter adapter = DatabaseAdapters.require(unit.get().kind());
        String where = "a scratch server";
        ScratchServer scratch = null;
        try {
            DatabaseTarget login = targets.login(unit.get()).withScope(recordedScope(recorded));
            long[] marks = new long[4];
            scratch = ScratchServers.start(
                    ctx.environment(), ctx.runtime(), unit.get(), login, adapter, content, scratchReady);
            marks[0] = System.nanoTime();
            where = scratch.describe();
            RestoreOptions options =
                    RestoreOptions.ofDefaults().withoutSafetyDump().dropExtra();
            Optional<String> sha = expectedSha256(recorded);
            if (sha.isPresent()) {
                options = options.withExpectedSha256(sha.get());
            }
            long restored = adapter.restore(scratch.target(), content, options).bytes();
            marks[1] = System.nanoTime();
            Fingerprint got = adapter.fingerprint(scratch.target());
            marks[2] = System.nanoTime();
            ScratchServer done = scratch;
            scratch = null;
            try {
                done.close();
            } catch (RuntimeException notRemoved) {
                return DrillOutcome.failed("restored into " + where + " and compared, but the scratch could not be"
                        + " removed: " + notRemoved.getMessage());
            }
            marks[3] = System.nanoTime();
            String phases = "scratch ready " + seconds(start, marks[0]) + ", restore " + seconds(marks[0], marks[1])
                    + ", fingerprint " + seconds(marks[1], marks[2]) + ", removal " + seconds(marks[2], marks[3]);
            String took = seconds(start);
            List<String> diffs = FingerprintEntries.differences(recorded, got);
            int parts = FingerprintEntries.parts(recorded);
            if (diffs.isEmpty()) {
                return DrillOutcome.passed("restored " + restored + " bytes into " + where + " (removed) in " + took
                        + " (" + phases + "); fingerprint equal: " + parts + (parts == 1 ? " part, " : " parts, ")
                        + FingerprintEntries.rows(got) + " rows");
            }
            return DrillOutcome.failed("restored into " + where + " (removed) in " + took + ", but the data differs"
                    + " from the backup's fingerprint in " + diffs.size() + " place" + (diffs.size() == 1 ? "" : "s")
                    + ": " + String.join("; ", diffs.subList(0, Math.min(10, diffs.size())))
                    + (diffs.size() > 10 ? "; and " + (diffs.size() - 10) + " more" : ""));
        } catch (RuntimeException e) {
            String removal = "nothing left behind";
            if (scratch != null) {
                try {
                    scratch.close();
                    removal = "scratch removed";
                } catch (RuntimeException notRemoved) {
                    removal = "and the scratch could not be removed: " + notRemoved.getMessage();
                }
            }
            return DrillOutcome.failed("restore drill of " + service + " into " + where + " failed after "
                    + seconds(start) + " (" + removal + "): " + e.getMessage());
        }
    }

    /** A {@code db-restore/<service>} step restoring the dump into the live service; see {@link DatabaseRestoreStep}. */
    @Override
    public Optional<Step> restoreStep(BackupContext ctx, ArtifactInfo artifact, DumpSource content) {
        return Optional.of(new DatabaseRestoreStep(ctx, artifact, content, dropExtras));
    }

    /** The unit an artifact was recorded for: from the active units, else from the catalog (an inactive service). */
    static Optional<DatabaseUnit> unit(Environment env, String service, Map<String, String> recorded) {
        Optional<DatabaseUnit> active = new EnvironmentTargets(env, Optional.empty(), Optional.empty())
                .units().stream().filter(u -> u.service().equals(service)).findFirst();
        if (active.isPresent()) {
            return active;
        }
        Optional<ServiceDefinition> s = env.catalog().find(service);
        if (s.isEmpty() || DatabaseAdapters.forKind(s.get().kind()).isEmpty()) {
            return Optional.empty();
        }
        List<String> members =
                recorded.containsKey("nodes") ? List.of(recorded.get("nodes").split(",")) : List.of(service);
        return Optional.of(new DatabaseUnit(service, s.get().kind(), members));
    }

    /** The scope the dump was taken with ({@code scope} entry), which restores and drills must keep. */
    static List<String> recordedScope(Map<String, String> recorded) {
        String s = recorded.get("scope");
        return s == null || s.isEmpty() ? List.of() : List.of(s.split(","));
    }

    static Optional<String> expectedSha256(Map<String, String> recorded) {
        return Optional.ofNullable(recorded.get("dump-sha256")).or(() -> Optional.ofNullable(recorded.get("sha256")));
    }

    private EnvironmentTargets targets(BackupContext ctx) {
        return EnvironmentTargets.of(ctx).withScopes(scopes);
    }

    private static ArtifactContent content(
            DatabaseAdapter adapter, DatabaseTarget target, DatabaseUnit unit, DatabaseHealth health) {
        return out -> {
            DumpResult d = adapter.dump(target, out);
            Fingerprint f = adapter.fingerprint(target);
            Map<String, String> m = new LinkedHashMap<>();
            m.put("format", d.format());
            m.put("tool", d.tool());
            m.put("server", health.serverVersion());
            m.put("dump-sha256", d.sha256());
            m.put("dump-bytes", Long.toString(d.bytes()));
            if (!target.scope().isEmpty()) {
                m.put("scope", String.join(",", target.scope()));
            }
            if (unit.cluster()) {
                m.put("nodes", String.join(",", unit.members()));
            }
            m.putAll(FingerprintEntries.encode(f));
            return m;
        };
    }

    static String fileName(DatabaseUnit unit) {
        return "db-" + unit.service()
                + (unit.kind() == ServiceKind.POSTGRES || unit.kind() == ServiceKind.MYSQL ? ".sql" : ".archive");
    }

    private static String tool(ServiceKind kind) {
        return switch (kind) {
            case POSTGRES -> "pg_dumpall";
            case MYSQL -> "mariadb-dump/mysqldump";
            case MONGODB -> "mongodb-driver-sync";
            case REDIS -> "jedis SCAN/DUMP/PTTL";
            case RABBITMQ -> "management API /api/definitions";
            default -> kind.name();
        };
    }

    private static String seconds(long startNanos) {
        return seconds(startNanos, System.nanoTime());
    }

    private static String seconds(long from, long to) {
        return String.format(Locale.ROOT, "%.1f s", (to - from) / 1e9);
    }
}
