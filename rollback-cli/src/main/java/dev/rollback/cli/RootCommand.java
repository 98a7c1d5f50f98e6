package dev.rollback.cli;

import dev.rollback.Rollback;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * {@code rollback}: the top-level command; its subcommands do the work. Every command below it, to any depth,
 * inherits {@code -h/--help} and {@code -V/--version} (the command scope); each lists its own examples.
 *
 * <p>{@code rollback -C ~/devstack-core status}
 */
@Command(
        name = "rollback",
        scope = ScopeType.INHERIT,
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Safe, fast, verified rollback of a docker-compose development environment.",
        subcommands = {
            StatusCommand.class,
            FullCommand.class,
            PhaseCommand.class,
            ServiceCommand.class,
            ConfigCommand.class,
            BackupCommand.class,
            BackupsCommand.class,
            VerifyCommand.class,
            ValidateCommand.class,
            BaselineCommand.class,
            AdviseCommand.class,
            WatchCommand.class,
            VaultCommand.class,
            DrillCommand.class,
            SecurityCommand.class,
            HistoryCommand.class,
            ShowCommand.class,
            UndoCommand.class,
            ResumeCommand.class
        },
        footer = {
            "",
            "Exit codes: 0 success, 1 failure, 2 usage error, 3 health timeout, 4 verification failed,"
                    + " 5 preflight refused (or another run holds the environment's lock), 6 incomplete backup,"
                    + " 7 a rollback trigger fired (advise, watch).",
            "",
            "Examples:",
            "  rollback status",
            "  rollback full --to 9bef892 --dry-run",
            "  rollback validate",
            "  rollback advise",
            "  rollback service mysql --help"
        })
final class RootCommand {

    @Option(
            names = {"-C", "--dir"},
            paramLabel = "<dir>",
            scope = ScopeType.INHERIT,
            description = "The environment's directory (default: $ROLLBACK_HOME, else the working directory).")
    Path dir;

    @Option(names = "--verbose", scope = ScopeType.INHERIT, description = "Print stack traces of errors.")
    boolean verbose;

    /** The environment directory from {@code -C}, {@code ROLLBACK_HOME} or the working directory. */
    Path home() {
        return dir != null ? dir.toAbsolutePath().normalize() : Rollback.home();
    }
}
