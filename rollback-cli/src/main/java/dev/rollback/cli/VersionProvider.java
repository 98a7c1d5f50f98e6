package dev.rollback.cli;

import picocli.CommandLine.IVersionProvider;

/**
 * The version from the jar's manifest, or {@code development} when run from classes.
 *
 * <p>{@code rollback --version}
 */
final class VersionProvider implements IVersionProvider {
    @Override
    public String[] getVersion() {
        String v = RootCommand.class.getPackage().getImplementationVersion();
        return new String[] {"rollback " + (v == null ? "development" : v), "Java " + Runtime.version()};
    }
}
