package dev.rollback.vault;

import dev.rollback.env.Environment;
import dev.rollback.env.ServiceDefinition;
import dev.rollback.errors.IncompleteBackupException;
import dev.rollback.errors.RollbackException;
import dev.rollback.plan.Step;
import dev.rollback.spi.ArtifactInfo;
import dev.rollback.spi.ArtifactSource;
import dev.rollback.spi.BackupContext;
import dev.rollback.spi.BackupContributor;
import dev.rollback.spi.DrillOutcome;
import dev.rollback.spi.DumpSource;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Vault's KV v2 mount {@code secret/} in backup sets, as a {@link BackupContributor} of kind {@code vault-kv} for the
 * environment's Vault service: every secret's latest version as one deterministic JSON document ({@link KvExport};
 * the set's writer encrypts it when the set is encrypted), the manifest's {@code fingerprint.secrets} a hash of
 * paths and value hashes (never a value); the drill re-hashes the export and compares it with the manifest (and,
 * for information, with the live Vault); the restore step writes the secrets back as new versions
 * ({@link KvRestoreStep}). Vault is found through {@link VaultSettings#from} ({@code VAULT_ADDR}, {@code VAULT_TOKEN}
 * or the key directory's {@code root-token}). Listed in {@code META-INF/services/dev.rollback.spi.BackupContributor}.
 *
 * <p>{@code for (ArtifactSource s : new VaultKvContributor().sources(ctx)) writer.add(s);}
 */
public final class VaultKvContributor implements BackupContributor {
    /** The artifact kind. */
    public static final String KIND = "vault-kv";
    /** The KV v2 mount exported (DevStack Core keeps every service secret there). */
    public static final String MOUNT = "secret";
    /** The manifest entry holding the export's fingerprint. */
    public static final String FINGERPRINT = "fingerprint.secrets";

    private static final Logger LOG = LoggerFactory.getLogger(VaultKvContributor.class);
    private static final Duration LIVE_TIMEOUT = Duration.ofSeconds(2);

    @Override
    public Set<String> kinds() {
        return Set.of(KIND);
    }

    @Override
    public Set<String> expected(Environment env) {
        return VaultPlanExtension.vaultService(env)
                .map(s -> Set.of(KIND + ":" + s.name()))
                .orElse(Set.of());
    }

    @Override
    public List<ArtifactSource> sources(BackupContext ctx) {
        Optional<ServiceDefinition> vault = VaultPlanExtension.vaultService(ctx.environment());
        if (vault.isEmpty() || !ctx.includes(vault.get().name())) {
            return List.of();
        }
        String service = vault.get().name();
        VaultSettings settings = VaultSettings.from(ctx.environment());
        VaultClient client = VaultClient.connect(settings);
        String version;
        try {
            HealthStatus h = client.health();
            if (!h.serving()) {
                throw new VaultException(
                        "sys/health",
                        h.code(),
                        "Vault at " + settings.address() + " is "
                                + h.state().name().toLowerCase(Locale.ROOT).replace('_', ' ') + "; unseal it "
                                + "(rollback vault unseal) and back up again");
            }
            client.token();
            version = h.version();
        } catch (RollbackException e) {
            if (!ctx.partial() || ctx.services().contains(service)) {
                throw new IncompleteBackupException(
                        List.of(KIND + ":" + service),
                        "backup of " + service
                                + "'s secrets (" + KIND + "): " + e.getMessage() + "; nothing was written"
                                + (ctx.services().contains(service) ? "" : "; or leave them out with --partial"),
                        e);
            }
            LOG.warn("{}: left out of the backup (--partial): {}", KIND + ":" + service, e.getMessage());
            return List.of();
        }
        String tool = "rollback-vault KV v2 export" + (version.isEmpty() ? "" : " (Vault " + version + ")");
        return List.of(new ArtifactSource(KIND, service, KIND + "-" + service + ".json", tool, out -> {
            String fp = KvExport.stream(client, MOUNT, out);
            Map<String, String> m = new LinkedHashMap<>();
            m.put(FINGERPRINT, fp);
            m.put("format", KvExport.FORMAT);
            m.put("mount", MOUNT);
            if (!version.isEmpty()) {
                m.put("server", "vault " + version);
            }
            return m;
        }));
    }

    @Override
    public DrillOutcome drill(BackupContext ctx, ArtifactInfo artifact, DumpSource content) {
        String what = KIND + " of " + artifact.service();
        KvExport export;
        try (InputStream in = content.open()) {
            export = KvExport.parse(in);
        } catch (IOException | RollbackException e) {
            return DrillOutcome.failed(what + ": " + e.getMessage());
        }
        String recorded = artifact.fingerprint().get(FINGERPRINT);
        if (recorded == null) {
            return DrillOutcome.failed(what + ": the manifest records no " + FINGERPRINT + " to compare with");
        }
        String actual = export.fingerprint();
        if (!recorded.equals(actual)) {
            return DrillOutcome.failed(what + ": the export's " + export.count() + " secrets hash to " + actual
                    + " but the manifest recorded " + recorded + "; the artifact was altered after the backup");
        }
        return DrillOutcome.passed(what + ": " + export.count() + " secrets of " + export.mount() + "/ parsed, "
                + "value hashes equal the manifest's; " + live(ctx.environment(), export));
    }

    /** The live secrets' fingerprint against the recorded one; which paths differ is not recorded, so one line. */
    @Override
    public Optional<List<String>> compareLive(BackupContext ctx, ArtifactInfo artifact) {
        if (!KIND.equals(artifact.kind())) {
            return Optional.empty();
        }
        String recorded = artifact.fingerprint().get(FINGERPRINT);
        VaultSettings settings = VaultSettings.from(ctx.environment());
        try (VaultClient vault = VaultClient.connect(settings)) {
            KvExport now = KvExport.read(vault, artifact.fingerprint().getOrDefault("mount", MOUNT));
            return Optional.of(
                    now.fingerprint().equals(recorded)
                            ? List.of()
                            : List.of("the " + now.count()
                                    + " secrets of Vault at " + settings.address() + " hash to " + now.fingerprint()
                                    + ", the backup "
                                    + "recorded " + recorded));
        }
    }

    /** How the live Vault compares with the export, for information: never a failure of the drill. */
    private static String live(Environment env, KvExport export) {
        VaultSettings settings = VaultSettings.from(env).withTimeout(LIVE_TIMEOUT);
        try (VaultClient vault = VaultClient.connect(settings)) {
            KvExport now = KvExport.read(vault, export.mount());
            List<String> diff = export.differences(now, "the backup", "Vault");
            if (diff.isEmpty()) {
                return "the live Vault at " + settings.address() + " holds the same secrets";
            }
            return "the live Vault at " + settings.address() + " differs at " + diff.size() + " path(s) (info, not "
                    + "a failure): " + String.join(", ", diff.subList(0, Math.min(10, diff.size())))
                    + (diff.size() > 10 ? ", ..." : "");
        } catch (RollbackException e) {
            return "the live Vault was not compared (" + e.getMessage() + ")";
        }
    }

    @Override
    public Optional<Step> restoreStep(BackupContext ctx, ArtifactInfo artifact, DumpSource content) {
        if (!KIND.equals(artifact.kind())) {
            return Optional.empty();
        }
        KvRestoreStep step = new KvRestoreStep(
                VaultSettings.from(ctx.environment()),
                content,
                artifact.fingerprint().get(FINGERPRINT));
        // a rollback's restore puts Vault back as the backup had it: what came since is soft-deleted (undeletable)
        return Optional.of(ctx.restartedFirst() ? step.afterRestart().deletingExtras() : step);
    }
}
