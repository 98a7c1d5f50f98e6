package dev.rollback.vault;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rollback.env.Environment;
import dev.rollback.errors.Problem;
import dev.rollback.errors.RollbackException;
import dev.rollback.io.SecureFiles;
import dev.rollback.plan.Step;
import dev.rollback.plan.StepContext;
import dev.rollback.plan.UndoRecipe;
import dev.rollback.spi.DumpSource;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Writes the secrets of a {@code vault-kv} backup artifact back into Vault: each secret whose live data differs
 * from the backup's gets the backup's data as a new version (Vault keeps the older versions, so nothing is lost);
 * secrets only in Vault are left alone unless {@link #deletingExtras()} (then their latest version is soft-deleted,
 * which {@code vault kv undelete} reverses). Preflight: the artifact parses and matches the manifest's fingerprint,
 * Vault answers and is unsealed, and the token may create and update every path. No value is ever printed.
 *
 * <p>{@code new KvRestoreStep(VaultSettings.from(env), content, artifact.fingerprint().get("fingerprint.secrets"))}
 */
public final class KvRestoreStep implements Step {
    private final VaultSettings settings;
    private final DumpSource content;
    private final String expectedFingerprint;
    private final boolean deleteExtras;
    private final boolean afterRestart;
    private KvExport parsed;

    /**
     * @param settings where Vault is and how to authenticate
     * @param content the artifact's plain content (decrypted, decompressed)
     * @param expectedFingerprint the manifest's {@code fingerprint.secrets}, or null to skip that check
     */
    public KvRestoreStep(VaultSettings settings, DumpSource content, String expectedFingerprint) {
        this(settings, content, expectedFingerprint, false, false);
    }

    private KvRestoreStep(
            VaultSettings settings,
            DumpSource content,
            String expectedFingerprint,
            boolean deleteExtras,
            boolean afterRestart) {
        this.settings = settings;
        this.content = content;
        this.expectedFingerprint = expectedFingerprint;
        this.deleteExtras = deleteExtras;
        this.afterRestart = afterRestart;
    }

    /** Also soft-deletes the latest version of secrets Vault has under the mount and the backup does not. */
    public KvRestoreStep deletingExtras() {
        return new KvRestoreStep(settings, content, expectedFingerprint, true, afterRestart);
    }

    /**
     * For a plan that restarts Vault (and puts back the key directory and {@code .env}) before this step: preflight
     * checks the artifact only, since Vault may be down or sealed until then, and the step reads Vault's address and
     * token from the environment as it is when it runs.
     */
    public KvRestoreStep afterRestart() {
        return new KvRestoreStep(settings, content, expectedFingerprint, deleteExtras, true);
    }

    @Override
    public String name() {
        return "vault-kv-restore";
    }

    @Override
    public String describe() {
        return "write the secrets of " + content.describe() + " back into Vault at " + settings.address()
                + " (a new version of each that differs; "
                + (deleteExtras ? "secrets the backup lacks are " + "soft-deleted)" : "none deleted)");
    }

    @Override
    public List<String> touches() {
        return List.of("Vault KV secrets: a new version of each secret whose data differs from the backup (older "
                + "versions stay in Vault's history)"
                + (deleteExtras ? "; the latest version of secrets not in the " + "backup is soft-deleted" : ""));
    }

    @Override
    public boolean canUndo() {
        return true;
    }

    /**
     * Before the first write: the mount's live secrets exported into the run's safety folder (0600, written whole
     * then renamed), and their restore, removing what they lack, recorded as the undo ({@code vault-kv}).
     */
    private static void keepBefore(StepContext ctx, VaultClient vault, String mount) {
        Path file = ctx.safetyDir().resolve("vault-kv-before-restore.json");
        Map<String, String> f = new LinkedHashMap<>();
        f.put("export", file.toString());
        VaultPlanExtension.vaultService(ctx.environment()).ifPresent(s -> f.put("service", s.name()));
        ctx.undoWith(UndoRecipe.of("vault-kv", "Vault KV secrets of " + mount + " back as they were", f));
        Path partial = file.resolveSibling(file.getFileName() + ".partial");
        try {
            Files.deleteIfExists(partial);
            Files.createFile(partial, PosixFilePermissions.asFileAttribute(SecureFiles.FILE_0600));
            try (OutputStream out = Files.newOutputStream(partial)) {
                KvExport.read(vault, mount).writeTo(out);
            }
            Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new RollbackException(
                    "vault-kv: cannot keep the secrets as they are in " + file + " (" + e.getMessage()
                            + "); nothing was written to Vault",
                    e);
        }
    }

    /**
     * The undo of a KV restore: the safety export put back (removing secrets it lacks), read from the environment as
     * it is when it runs; a step that only says so when the run stopped before its export was whole (then it wrote
     * nothing to Vault).
     */
    static Step undo(Environment env, UndoRecipe recipe) {
        Path file = Path.of(recipe.field("export"));
        if (!Files.isRegularFile(file)) {
            return new Step() {
                @Override
                public String name() {
                    return "vault-kv-undo";
                }

                @Override
                public String describe() {
                    return "Vault KV secrets: left as they are (the run stopped before writing to them)";
                }

                @Override
                public void execute(StepContext ctx) {
                    ctx.note("vault-kv: no safety export " + file.getFileName() + ": the run wrote nothing to Vault");
                }
            };
        }
        return new KvRestoreStep(VaultSettings.from(env), DumpSource.ofFile(file), null, true, true);
    }

    @Override
    public List<Problem> preflight(StepContext ctx) {
        String subject = "vault-kv";
        KvExport export;
        try {
            export = export();
        } catch (RollbackException e) {
            return List.of(Problem.blocking(subject, e.getMessage(), "verify the backup set: rollback verify"));
        }
        if (afterRestart) {
            return List.of();
        }
        List<Problem> out = new ArrayList<>();
        try (VaultClient vault = VaultClient.connect(settings)) {
            SealStatus s = vault.status();
            if (!s.initialized() || s.sealed()) {
                return List.of(Problem.blocking(
                        subject,
                        "Vault at " + settings.address() + " is " + s.describe() + "; the KV restore needs it unsealed",
                        "rollback vault unseal"));
            }
            List<String> paths = new ArrayList<>();
            KvMount kv = new KvMount(vault, export.mount());
            export.paths().forEach(p -> paths.add(kv.dataPath(p)));
            List<String> lacking = vault.lacking(paths, "create", "update");
            if (!lacking.isEmpty()) {
                out.add(Problem.blocking(
                        subject,
                        "the token cannot write " + lacking.size() + " of the backup's "
                                + paths.size() + " secrets: "
                                + String.join("; ", lacking.subList(0, Math.min(5, lacking.size())))
                                + (lacking.size() > 5 ? "; ..." : ""),
                        "use a token whose policy "
                                + "allows create and update on " + export.mount()
                                + "/data/*: VAULT_TOKEN, or the root-token "
                                + "of " + settings.keyDir()));
            }
        } catch (RollbackException e) {
            out.add(Problem.blocking(subject, e.getMessage(), ""));
        }
        return out;
    }

    @Override
    public void execute(StepContext ctx) {
        KvExport export = export();
        VaultSettings now =
                afterRestart ? VaultSettings.from(ctx.environment()).withTimeout(settings.timeout()) : settings;
        try (VaultClient vault = VaultClient.connect(now)) {
            keepBefore(ctx, vault, export.mount());
            KvMount kv = new KvMount(vault, export.mount());
            int written = 0;
            int same = 0;
            List<String> previous = new ArrayList<>();
            for (String p : export.paths()) {
                ObjectNode want = export.data(p);
                Optional<KvMount.Latest> live = kv.read(p);
                if (live.isPresent() && KvExport.canonical(live.get().data()).equals(want)) {
                    same++;
                    continue;
                }
                long v = kv.write(p, want.deepCopy());
                written++;
                previous.add(p + (live.isPresent() ? " v" + live.get().version() + " -> v" + v : " new (v" + v + ")"));
            }
            List<String> deleted = new ArrayList<>();
            if (deleteExtras) {
                for (String p : kv.paths()) {
                    if (!export.paths().contains(p) && kv.read(p).isPresent()) {
                        kv.deleteLatest(p);
                        deleted.add(p);
                    }
                }
            }
            ctx.note("vault-kv: " + written + " secret(s) written as new versions, " + same + " unchanged"
                    + (deleteExtras ? ", " + deleted.size() + " soft-deleted" : "; secrets not in the backup kept"));
            if (!previous.isEmpty()) {
                ctx.note("vault-kv: previous versions stay in Vault's history (vault kv rollback -version=<n>): "
                        + String.join(", ", previous));
            }
            if (!deleted.isEmpty()) {
                ctx.note("vault-kv: soft-deleted (vault kv undelete brings them back): " + String.join(", ", deleted));
            }
        }
    }

    private synchronized KvExport export() {
        if (parsed == null) {
            KvExport e;
            try (InputStream in = content.open()) {
                e = KvExport.parse(in);
            } catch (IOException ex) {
                throw new RollbackException(
                        "cannot read the Vault KV export " + content.describe() + ": " + ex.getMessage(), ex);
            }
            if (expectedFingerprint != null && !expectedFingerprint.equals(e.fingerprint())) {
                throw new RollbackException("the Vault KV export " + content.describe() + " does not match the "
                        + "manifest: its secrets hash to " + e.fingerprint() + ", the manifest recorded "
                        + expectedFingerprint + "; it was altered after the backup");
            }
            parsed = e;
        }
        return parsed;
    }
}
