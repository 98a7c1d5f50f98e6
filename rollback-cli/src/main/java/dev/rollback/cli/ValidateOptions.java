package dev.rollback.cli;

import picocli.CommandLine.Option;

/**
 * {@code --no-validate} of the rollback commands that end with the checks of their scope ({@code full},
 * {@code service}, {@code phase}, {@code security}).
 */
final class ValidateOptions {
    @Option(
            names = "--no-validate",
            description = "Do not end with the checks of this rollback's scope (rollback validate runs them later).")
    boolean skip;
}
