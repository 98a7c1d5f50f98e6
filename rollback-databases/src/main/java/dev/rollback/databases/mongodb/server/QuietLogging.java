package dev.rollback.databases.mongodb.server;

/**
 * Silences SLF4J for the stand-in's command-line tools: mongo-java-server, Netty and the MongoDB driver log
 * through it, and a container's output should hold the tools' own lines only.
 *
 * <p>{@code QuietLogging.apply(); // before the first logger is made}
 *
 * <p>A {@code -Dslf4j.provider=...} given on the command line wins, so a provider on the class path (for
 * instance logback) can be turned on to debug.
 */
final class QuietLogging {
    private static final String PROVIDER = "slf4j.provider";

    private QuietLogging() {}

    static void apply() {
        if (System.getProperty(PROVIDER) == null) {
            System.setProperty(PROVIDER, "org.slf4j.helpers.NOP_FallbackServiceProvider");
            // else SLF4J announces the explicitly named provider on stderr
            System.setProperty("slf4j.internal.verbosity", "WARN");
        }
    }
}
