package dev.rollback.databases.spi;

/**
 * Runs an engine's own tool ({@code pg_dumpall}, {@code mariadb}) somewhere: as a process on this host
 * ({@link LocalCommandRunner}) or inside the service's container (rollback-databases' {@code ContainerCommandRunner}).
 * Secrets travel in {@link Command#environment()}, never in arguments.
 *
 * <p>{@code CommandResult r = runner.run(Command.of("pg_dumpall", "-h", host).withEnvironment(Map.of("PGPASSWORD", pw))
 * .withStdout(out));}
 */
public interface CommandRunner {

    /** Where commands run, for messages ({@code host process}, {@code container of service postgres}). */
    String describe();

    /**
     * Runs the command to its end, streaming stdin and stdout. Returns whatever the exit code; throws a
     * {@link dev.rollback.errors.RollbackException} naming the tool when it cannot be started (not installed) or does not
     * finish within {@link Command#timeout()}.
     */
    CommandResult run(Command command);

    /**
     * The host a tool run here must connect to for {@code target}: the target's own host for a process on this host,
     * the container's loopback for a tool inside the service's container (the target's host and port are what this
     * host reaches, a published port).
     */
    default String toolHost(DatabaseTarget target) {
        return target.host();
    }

    /** The port a tool run here must connect to for {@code target}; see {@link #toolHost}. */
    default int toolPort(DatabaseTarget target) {
        return target.port();
    }
}
