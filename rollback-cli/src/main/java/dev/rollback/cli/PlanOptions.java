package dev.rollback.cli;

import picocli.CommandLine.Option;

/**
 * Options every rollback command shares: {@code --dry-run} and {@code --json}.
 *
 * <p>{@code rollback full --to 9bef892 --dry-run --json}
 */
final class PlanOptions {
    @Option(
            names = {"-n", "--dry-run"},
            description = "Print the plan and what preflight finds; change nothing.")
    boolean dryRun;

    @Option(names = "--json", description = "Print JSON (the plan, or the run's result) instead of text.")
    boolean json;
}
