package dev.rollback.cli;

import dev.rollback.ExitCode;
import dev.rollback.backup.BackupManifest;
import dev.rollback.backup.BackupSet;
import dev.rollback.backup.Backups;
import dev.rollback.env.Environment;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code rollback backups}: the environment's backup sets, newest first.
 *
 * <p>{@code rollback backups --json}
 */
@Command(name = "backups", description = "List the backup sets, newest first, with size and age.")
final class BackupsCommand implements Callable<Integer> {
    @ParentCommand
    RootCommand root;

    @Spec
    CommandSpec spec;

    @Option(names = "--json", description = "Print JSON.")
    boolean json;

    @Override
    public Integer call() {
        Environment env = Environment.load(root.home());
        List<BackupSet> sets = Backups.in(env).list();
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            Json.print(out, sets.stream().map(BackupSet::manifest).toList());
            return ExitCode.SUCCESS;
        }
        if (sets.isEmpty()) {
            out.println("No backup sets in " + env.backupRoot() + "; take one with: rollback backup");
        }
        for (BackupSet s : sets) {
            BackupManifest m = s.manifest();
            long bytes = m.artifacts().stream().mapToLong(BackupManifest.Artifact::size).sum();
            Duration age = Duration.between(m.created(), Instant.now());
            out.printf("%-20s %10d bytes %4d artifacts  %s old%s%n", m.id(), bytes, m.artifacts().size(),
                    age.toDays() > 0 ? age.toDays() + "d" : age.toHours() > 0 ? age.toHours() + "h" : age.toMinutes() + "m",
                    m.encryption() != null ? "  encrypted" : "");
        }
        out.flush();
        return ExitCode.SUCCESS;
    }
}
