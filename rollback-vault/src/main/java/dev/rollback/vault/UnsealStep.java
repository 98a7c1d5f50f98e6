package dev.rollback.vault;

import dev.rollback.backup.BackupManifest;
import dev.rollback.backup.BackupSet;
import dev.rollback.backup.Backups;
import dev.rollback.env.Environment;
import dev.rollback.errors.Problem;
import dev.rollback.errors.RollbackException;
import dev.rollback.io.Durations;
import dev.rollback.plan.Step;
import dev.rollback.plan.StepContext;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The runbook's known issue "Vault sealed after rollback": unseals Vault with the key directory's keys.json when it is
 * sealed, and does nothing when it is not. When unsealing fails it says so and names the remedy: the Vault volume
 * restore from the latest backup set that holds that volume.
 *
 * <p>{@code new UnsealStep(VaultSettings.from(env), "devstack-core_vault_data")} checks the key directory strictly in
 * preflight (the plan is about unsealing); {@link #ifSealed} is the form added after a rollback's restart
 * ({@link VaultPlanExtension}): Vault may not be sealed at all, and an earlier step may restore the key directory,
 * so its preflight only warns.
 */
public final class UnsealStep implements Step {
    static final int POLL_MILLIS = 100;
    private final VaultSettings settings;
    private final String volume;
    private final Environment environment;
    private final boolean strict;
    private final Duration apiWait;

    /**
     * @param settings where Vault and the key directory are
     * @param volume the Vault data volume named in the advice when unsealing fails
     */
    public UnsealStep(VaultSettings settings, String volume) {
        this(settings, volume, null, true, Duration.ZERO);
    }

    private UnsealStep(
            VaultSettings settings, String volume, Environment environment, boolean strict, Duration apiWait) {
        this.settings = settings;
        this.volume = volume;
        this.environment = environment;
        this.strict = strict;
        this.apiWait = apiWait;
    }

    /**
     * Unseal-if-sealed for the end of a rollback: preflight only warns about the key directory (it is read only when
     * Vault turns out sealed), and a failure names the newest backup set of {@code env} holding {@code volume}.
     */
    public static UnsealStep ifSealed(Environment env, VaultSettings settings, String volume) {
        return ifSealed(env, settings, volume, Duration.ZERO);
    }

    /**
     * {@link #ifSealed(Environment, VaultSettings, String)} right after Vault's container was recreated: its API is
     * given up to {@code apiWait} to answer (asked every {@value #POLL_MILLIS} ms) before the seal is read.
     */
    public static UnsealStep ifSealed(Environment env, VaultSettings settings, String volume, Duration apiWait) {
        return new UnsealStep(settings, volume, env, false, apiWait);
    }

    @Override
    public String name() {
        return "vault-unseal";
    }

    @Override
    public String describe() {
        return "unseal Vault at " + settings.address() + " with "
                + settings.keyDir().resolve(KeyFile.NAME) + " if it is sealed";
    }

    /** Nothing to record: an unseal loses nothing, and the restart an undo ends with unseals Vault again. */
    @Override
    public boolean canUndo() {
        return true;
    }

    @Override
    public List<String> touches() {
        return List.of("Vault's seal state (keys are read from the key directory, never printed)");
    }

    @Override
    public List<Problem> preflight(StepContext ctx) {
        List<Problem> found = KeyDirectory.of(settings.keyDir()).verify().stream()
                .filter(p -> p.blocking() || p.found().contains("mode"))
                .toList();
        if (strict) {
            return found;
        }
        return found.stream()
                .map(p -> !p.blocking()
                        ? p
                        : Problem.warning(
                                p.subject(),
                                p.found()
                                        + (p.found().contains("mode")
                                                ? ""
                                                : "; if Vault is sealed after the restart it cannot be unsealed"),
                                p.advice()))
                .toList();
    }

    @Override
    public void execute(StepContext ctx) {
        try (VaultClient vault = VaultClient.connect(settings)) {
            SealStatus before = awaitStatus(vault, ctx);
            if (before.initialized() && !before.sealed()) {
                ctx.note("vault: unsealed already; no key needed");
                return;
            }
            UnsealResult r;
            try {
                r = vault.unseal(KeyFile.load(settings.keyDir()));
            } catch (RollbackException e) {
                throw new RollbackException(
                        "vault: Vault at " + settings.address() + " is sealed and unsealing " + "failed: "
                                + e.getMessage() + ". " + volumeAdvice(),
                        e);
            }
            if (!r.unsealed()) {
                throw new RollbackException("vault: Vault at " + settings.address() + " is still sealed after "
                        + r.keysSubmitted() + " keys (" + r.after().describe() + "). " + volumeAdvice());
            }
            ctx.note("vault: " + r.describe());
        }
    }

    /** Vault's seal status, asked until its API answers or {@link #apiWait} has passed. */
    private SealStatus awaitStatus(VaultClient vault, StepContext ctx) {
        Instant deadline = ctx.clock().instant().plus(apiWait);
        int attempts = 0;
        while (true) {
            try {
                SealStatus s = vault.status();
                if (attempts > 0) {
                    ctx.note("vault: its API answered after " + attempts + " attempt(s)");
                }
                return s;
            } catch (RollbackException e) {
                attempts++;
                if (!ctx.clock().instant().isBefore(deadline)) {
                    throw new RollbackException(
                            "vault: cannot tell whether Vault is sealed after the rollback"
                                    + (apiWait.isZero()
                                            ? ""
                                            : " (its API did not answer within " + Durations.format(apiWait) + ")")
                                    + ": " + e.getMessage()
                                    + "; check its container: docker compose logs vault",
                            e);
                }
                ctx.sleeper().pause(Duration.ofMillis(POLL_MILLIS), "vault: interrupted while waiting for its API");
            }
        }
    }

    /** The next step when the keys cannot unseal Vault: restore its volume from the newest set that holds it. */
    String volumeAdvice() {
        String how = "stop vault, replace the volume with its archive volume-" + volume + ".tar.zst from that set, "
                + "start vault, then unseal again: rollback vault unseal";
        Optional<BackupSet> latest = latestSetWithVolume();
        if (latest.isPresent()) {
            return "Next: restore the Vault volume " + volume + " from the latest backup set holding it, "
                    + latest.get().manifest().id() + " in " + latest.get().dir().getParent() + " (list them: "
                    + "rollback backups): " + how;
        }
        return "Next: restore the Vault volume " + volume + " from the backup set (list them: rollback backups"
                + (environment == null ? "" : "; none in " + environment.backupRoot() + " holds it yet") + "): "
                + how;
    }

    private Optional<BackupSet> latestSetWithVolume() {
        if (environment == null) {
            return Optional.empty();
        }
        try {
            return Backups.in(environment).list().stream()
                    .filter(s -> holdsVolume(s.manifest(), volume))
                    .findFirst();
        } catch (RollbackException e) {
            return Optional.empty(); // advice only: an unreadable backup root must not hide the unseal failure
        }
    }

    /** The volume named in the advice. */
    public String volume() {
        return volume;
    }

    static boolean holdsVolume(BackupManifest m, String volume) {
        return m.artifacts().stream().anyMatch(a -> "volume".equals(a.kind()) && volume.equals(a.service()));
    }
}
