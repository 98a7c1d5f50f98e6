package dev.rollback.backup;

import dev.rollback.errors.Problem;
import dev.rollback.git.GitRepository;
import dev.rollback.plan.Step;
import dev.rollback.plan.StepContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Refuses, at preflight, to restore from a set that does not verify to DECRYPT (every artifact present, its
 * checksum right, its content readable to the end): nothing is touched when the backup is broken.
 *
 * <p>{@code new BackupCheckStep(set, key)}
 */
public final class BackupCheckStep implements Step {
    private final BackupSet set;
    private final BackupKey key;
    private final Map<String, String> required;

    public BackupCheckStep(BackupSet set, BackupKey key) {
        this(set, key, Map.of());
    }

    /**
     * @param required the parts the plan restores from the set, as {@code kind:service} keys ({@code env},
     *                 {@code db-dump:mysql}), each with the option that asked for it ({@code --databases}): a set
     *                 that could not take one (a partial backup) is refused; one taken without it by choice
     *                 (a backup of some services) is a warning naming it, never silently passed over
     */
    public BackupCheckStep(BackupSet set, BackupKey key, Map<String, String> required) {
        this.set = set;
        this.key = key;
        this.required = new LinkedHashMap<>(required);
    }

    @Override
    public String name() {
        return "backup-check";
    }

    @Override
    public String describe() {
        return "verify backup " + set.manifest().id() + " to its content before anything is restored from it";
    }

    @Override
    public List<Problem> preflight(StepContext ctx) {
        if (set.manifest().encryption() != null && key == null) {
            return List.of(Problem.blocking(
                    "backup",
                    "backup " + set.manifest().id() + " is encrypted and no " + "passphrase was given",
                    "set " + Passphrases.VARIABLE + " or write the passphrase file (0600)"));
        }
        Optional<Problem> stashed = untrackedInWorkTree(ctx);
        if (stashed.isPresent()) {
            return List.of(stashed.get());
        }
        List<Problem> lacking = lacking();
        if (lacking.stream().anyMatch(Problem::blocking)) {
            return lacking;
        }
        VerificationReport r =
                set.verify(VerifyLevel.DECRYPT, VerifyOptions.defaults().withKey(key));
        if (!r.passed()) {
            return List.of(Problem.blocking(
                    "backup",
                    "backup " + set.manifest().id() + " does not verify: "
                            + r.failures().stream()
                                    .map(c -> c.artifact() + ": " + c.detail())
                                    .toList(),
                    "restore from another set (rollback backups) or repair this one"));
        }
        return lacking;
    }

    /** The required parts the set does not hold (a partial backup, or one of another environment). */
    private List<Problem> lacking() {
        Set<String> have =
                set.manifest().artifacts().stream().map(BackupSet::kindKey).collect(Collectors.toSet());
        List<Problem> out = new ArrayList<>();
        required.forEach((part, option) -> {
            if (have.contains(part)) {
                return;
            }
            if (set.manifest().leftOut().contains(part)) {
                out.add(Problem.blocking(
                        part,
                        "backup " + set.manifest().id() + " is partial: it could not take " + part + ", which " + option
                                + " restores",
                        "restore from a complete set (rollback backups), " + "or leave " + option + " out"));
                return;
            }
            // not in the set by choice (a backup of some services, or of some volumes), or a service added since
            out.add(Problem.warning(
                    part,
                    "backup " + set.manifest().id() + " holds no " + part + "; " + option + " leaves it as it is",
                    "back it up next time, or check it after the rollback"));
        });
        return out;
    }

    /** A set lying untracked in the project's work tree would be stashed away by the rollback's own stash. */
    private Optional<Problem> untrackedInWorkTree(StepContext ctx) {
        Path home = ctx.environment().projectDir().toAbsolutePath().normalize();
        Path dir = set.dir().toAbsolutePath().normalize();
        if (!dir.startsWith(home) || !Files.exists(home.resolve(".git"))) {
            return Optional.empty();
        }
        String prefix = home.relativize(dir).toString().replace('\\', '/') + "/";
        try (GitRepository repo = GitRepository.open(home)) {
            if (repo.status().untracked().stream().anyMatch(f -> f.startsWith(prefix))) {
                return Optional.of(Problem.blocking(
                        "backup",
                        "backup " + set.manifest().id() + " lies "
                                + "untracked in the project's work tree (" + prefix
                                + "), so the rollback's stash would move "
                                + "it away",
                        "add " + prefix.substring(0, prefix.indexOf('/') + 1) + " to .gitignore or set "
                                + "backup_root in rollback.yaml outside the project"));
            }
        }
        return Optional.empty();
    }

    @Override
    public void execute(StepContext ctx) {
        ctx.note("backup " + set.manifest().id() + " verified at preflight ("
                + set.manifest().artifacts().size() + " artifacts)");
    }
}
