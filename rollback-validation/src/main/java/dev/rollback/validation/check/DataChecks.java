package dev.rollback.validation.check;

import dev.rollback.backup.BackupManifest;
import dev.rollback.backup.BackupSet;
import dev.rollback.env.Environment;
import dev.rollback.spi.ArtifactInfo;
import dev.rollback.spi.BackupContext;
import dev.rollback.spi.BackupContributor;
import dev.rollback.spi.BackupContributors;
import dev.rollback.spi.LiveCheck;
import dev.rollback.spi.LiveChecks;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * "All databases accessible" and "data integrity verified": the live checks the modules offer (each database
 * accepting the environment's login, the Redis cluster's state), and for every artifact of the backup set whose
 * contributor
 * can compare it with the live service (each database's dump, Vault's KV secrets), a check that logs in with the
 * credentials the environment uses, queries the data, and compares its fingerprint (tables or collections or key
 * spaces, with their row counts) with the one the manifest recorded. Differences are named by part and count, never
 * by value.
 *
 * <p>{@code DataChecks.of(set) // db.postgres.data, db.mysql.data, ..., vault.kv-data}
 */
final class DataChecks {
    static final String GROUP = "databases";
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private DataChecks() {}

    static List<Check> of(CheckContext ctx) {
        List<Check> out = new ArrayList<>(live(ctx));
        if (ctx.set().isEmpty()) {
            out.add(Check.of("db.data", GROUP, "Data equal to the backup set's", c -> {
                c.requireSet();
                return Verdict.skip("no backup set");
            }));
            return out;
        }
        BackupSet set = ctx.set().get();
        List<BackupContributor> contributors = BackupContributors.all();
        for (BackupManifest.Artifact a : set.manifest().artifacts()) {
            if (!ctx.inScope(a.service()) || !comparable(a)) {
                continue;
            }
            boolean vault = a.kind().equals("vault-kv");
            String id = vault ? "vault.kv-data" : "db." + a.service() + ".data";
            String title = vault
                    ? "Vault's secrets equal to the backup set's"
                    : a.service() + " accessible, its data equal to the backup set's";
            out.add(new Check(
                    id, vault ? VaultChecks.GROUP : GROUP, title, TIMEOUT, c -> compare(c, set, a, contributors)));
        }
        return out;
    }

    /**
     * The live checks the modules on the class path offer (each database accepting connections, the Redis cluster's
     * state), for the services in scope.
     */
    private static List<Check> live(CheckContext ctx) {
        List<Check> out = new ArrayList<>();
        for (LiveCheck lc : LiveChecks.of(ctx.environment())) {
            if (lc.services().stream().anyMatch(ctx::inScope)) {
                out.add(Check.of(lc.id(), GROUP, lc.title(), c -> live(c, lc)));
            }
        }
        return out;
    }

    private static Verdict live(CheckContext ctx, LiveCheck lc) throws Exception {
        for (String service : lc.services()) {
            ctx.requireRunning(service);
        }
        LiveCheck.Result r = lc.body().check(ctx.backupContext());
        return Verdict.of(
                r.problems().isEmpty(),
                lc.title(),
                r.problems().isEmpty() ? r.found() : String.join("; ", r.problems()),
                lc.todo());
    }

    /** Whether some contributor could compare the artifact: it has a data fingerprint beyond its checksum. */
    private static boolean comparable(BackupManifest.Artifact a) {
        return a.kind().equals("db-dump") || a.kind().equals("vault-kv");
    }

    private static Verdict compare(
            CheckContext ctx, BackupSet set, BackupManifest.Artifact a, List<BackupContributor> contributors) {
        Environment env = ctx.environment();
        String service = a.kind().equals("vault-kv") ? "vault" : a.service();
        if (env.catalog().find(service).isPresent()) {
            ctx.requireRunning(service);
        }
        BackupContext bc = ctx.backupContext();
        ArtifactInfo info = BackupSet.info(a);
        for (BackupContributor c : contributors) {
            Optional<List<String>> diff = c.compareLive(bc, info);
            if (diff.isPresent()) {
                String expected = "the fingerprint of set " + set.manifest().id() + " (" + parts(a) + ")";
                if (diff.get().isEmpty()) {
                    return Verdict.pass(expected, "the same");
                }
                return Verdict.fail(
                        expected,
                        String.join("; ", diff.get()),
                        "restore the data from the set: rollback full --from-backup "
                                + set.manifest().id()
                                + " (or rollback verify " + set.manifest().id()
                                + " first, to see the set is sound)");
            }
        }
        throw new CheckSkipped("no contributor on the class path compares " + a.kind() + " of " + a.service()
                + " (rollback-databases, rollback-vault)");
    }

    private static String parts(BackupManifest.Artifact a) {
        long n = a.fingerprint().keySet().stream()
                .filter(k -> k.startsWith("fingerprint."))
                .count();
        return n == 0 ? a.kind() : n + " parts";
    }
}
