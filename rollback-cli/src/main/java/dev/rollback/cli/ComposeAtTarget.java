package dev.rollback.cli;

import dev.rollback.backup.BackupManifest;
import dev.rollback.backup.Backups;
import dev.rollback.env.Environment;
import dev.rollback.env.RollbackConfig;
import dev.rollback.errors.ComposeFileException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The environment a {@code full} rollback plans with. Today's compose file may be the very file the rollback puts
 * back (an edit that broke its YAML): when it does not load, the plan reads the compose files as they are at the
 * commit the rollback goes to ({@code --to}, else {@code baseline_commit} of {@code rollback.yaml}, else the commit
 * of the {@code --from-backup} set), and says so.
 *
 * <p>{@code Environment env = ComposeAtTarget.load(home, commit, fromBackup, err);}
 */
final class ComposeAtTarget {
    private ComposeAtTarget() {}

    static Environment load(Path home, String commit, String fromBackup, PrintWriter err) {
        try {
            return Environment.load(home);
        } catch (ComposeFileException today) {
            Optional<String> revision =
                    Optional.ofNullable(commit).or(() -> baseline(home)).or(() -> setCommit(home, fromBackup));
            if (revision.isEmpty()) {
                throw today;
            }
            Environment env;
            try {
                env = Environment.custom(home).withComposeAt(revision.get()).build();
            } catch (RuntimeException atTarget) {
                today.addSuppressed(atTarget);
                throw today;
            }
            err.println("note: " + today.getMessage());
            err.println("      the plan reads the compose files as they are at " + revision.get() + ", the commit "
                    + "this rollback goes to (the rollback puts them back)");
            err.flush();
            return env;
        }
    }

    private static Optional<String> baseline(Path home) {
        Path config = home.resolve("rollback.yaml");
        return Files.isRegularFile(config) ? RollbackConfig.load(config).baselineCommit() : Optional.empty();
    }

    /** The commit the named set was taken at, the set found with the compose files of HEAD. */
    private static Optional<String> setCommit(Path home, String fromBackup) {
        if (fromBackup == null) {
            return Optional.empty();
        }
        try {
            Environment atHead = Environment.custom(home).withComposeAt("HEAD").build();
            return Optional.ofNullable(
                            Backups.in(atHead).find(fromBackup).manifest().git())
                    .map(BackupManifest.GitInfo::commit)
                    .filter(c -> !c.isBlank());
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }
}
