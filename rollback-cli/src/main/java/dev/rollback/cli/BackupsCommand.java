package dev.rollback.cli;

import dev.rollback.backup.BackupManifest;
import dev.rollback.backup.BackupSet;
import dev.rollback.backup.Backups;
import dev.rollback.env.Environment;
import dev.rollback.errors.ExitCode;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
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
@Command(
        name = "backups",
        description = "List the backup sets, newest first, with size, age and last verification.",
        subcommands = BackupsCommand.Prune.class,
        footer = {"", "Examples:", "  rollback backups", "  rollback backups prune --keep 5 --keep-days 14 --dry-run"})
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
        List<Backups.InterruptedSet> stopped = Backups.in(env).interrupted();
        for (BackupSet s : sets) {
            BackupManifest m = s.manifest();
            long bytes =
                    m.artifacts().stream().mapToLong(a -> Math.max(0, a.size())).sum();
            Duration age = Duration.between(m.created(), Instant.now());
            out.printf(
                    "%-20s %10d bytes %4d artifacts  %5s old  %-28s%s%n",
                    m.id(),
                    bytes,
                    m.artifacts().size(),
                    age(age),
                    s.isLegacy()
                            ? "older layout (" + m.toolVersion() + ")"
                            : s.lastVerification()
                                    .map(v -> "verified " + v.level().name().toLowerCase(Locale.ROOT)
                                            + (v.passed() ? " ok" : " FAILED"))
                                    .orElse("not verified"),
                    m.encryption() != null ? "  encrypted" : "");
        }
        for (Backups.InterruptedSet i : stopped) {
            out.printf(
                    "%-20s %10d bytes  %5s old  interrupted: a backup stopped before it finished, never"
                            + " restorable%n",
                    i.name(), i.bytes(), age(Duration.between(i.modified(), Instant.now())));
        }
        if (!stopped.isEmpty()) {
            out.println("Remove what stopped backups left with: rollback backups prune --keep <n>");
        }
        out.flush();
        return ExitCode.SUCCESS;
    }

    private static String age(Duration age) {
        return age.toDays() > 0 ? age.toDays() + "d" : age.toHours() > 0 ? age.toHours() + "h" : age.toMinutes() + "m";
    }

    /** {@code rollback backups prune --keep 5 --keep-days 14}: never the newest set whose verification passed. */
    @Command(
            name = "prune",
            description = "Delete old backup sets: all but the newest --keep and those younger "
                    + "than --keep-days; the newest set whose last verification passed is always kept. Also deletes what "
                    + "stopped backups left (<id>.partial), never what a running backup is writing.",
            footer = {
                "",
                "Examples:",
                "  rollback backups prune --keep 5 --dry-run",
                "  rollback backups prune --keep 5 --keep-days 14"
            })
    static final class Prune implements Callable<Integer> {
        @CommandLine.ParentCommand
        BackupsCommand backups;

        @Spec
        CommandSpec spec;

        @Option(names = "--keep", required = true, paramLabel = "<n>", description = "How many of the newest to keep.")
        int keep;

        @Option(
                names = "--keep-days",
                defaultValue = "0",
                paramLabel = "<days>",
                description = "Also keep every set younger than this (default 0).")
        int keepDays;

        @Option(
                names = {"-n", "--dry-run"},
                description = "List what would be deleted; delete nothing.")
        boolean dryRun;

        @Override
        public Integer call() {
            Backups b = Backups.in(Environment.load(backups.root.home()));
            PrintWriter out = spec.commandLine().getOut();
            List<String> ids =
                    dryRun ? List.copyOf(b.pruneTargets(keep, keepDays).keySet()) : b.prune(keep, keepDays);
            out.println((dryRun ? "Would delete " : "Deleted ") + ids.size() + " backup set(s)"
                    + (ids.isEmpty() ? "" : ": " + String.join(", ", ids)));
            out.flush();
            return ExitCode.SUCCESS;
        }
    }
}
