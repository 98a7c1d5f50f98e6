package dev.rollback.databases.redis;

import dev.rollback.databases.ContainerCommandRunner;
import dev.rollback.databases.spi.Command;
import dev.rollback.databases.spi.CommandResult;
import dev.rollback.databases.spi.CommandRunner;
import dev.rollback.databases.spi.DatabaseTarget;
import dev.rollback.databases.spi.LocalCommandRunner;
import dev.rollback.errors.RollbackException;
import dev.rollback.io.SecureFiles;
import dev.rollback.io.Sleeper;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.args.SaveMode;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisDataException;

/**
 * Puts an RDB in place of one node's data file and restarts the node, so that the server loads it with its own
 * code at native speed (what an operator does by hand: stop, copy {@code dump.rdb}, start). Everything is checked
 * first, before anything changes ({@link #prepare}): where the node keeps its file ({@code CONFIG GET dir
 * dbfilename}), that it does not load from an append-only file instead ({@code appendonly yes} is refused), and that
 * it can be restarted: in its container (the target's {@link ContainerCommandRunner}; a cluster's nodes are the
 * services in the {@code nodeServices} option, in {@code nodes} order) or, on this host, by the {@code
 * restart_command} option ({@code {port}} in it becomes the node's port). Then {@link #load}: automatic saves are turned off ({@code CONFIG SET save ""}, not
 * written to the config file) so the server cannot overwrite the new file, the file is written beside the old one
 * through the runner ({@code sh}, the data on stdin) and renamed over it, the node is stopped without saving and
 * started, and PING is awaited until the data is loaded.
 *
 * <p>{@code RedisRdbLoad.prepare(target, node, 0).load(rdb, length);}
 */
final class RedisRdbLoad {
    /** Writes stdin beside the target file, gives it the data folder's owner, and renames it over the old file. */
    private static final String WRITE = "cat > \"$1.rollback-new\" || exit 1; "
            + "chown --reference=\"$(dirname \"$1\")\" \"$1.rollback-new\" 2>/dev/null; mv -f \"$1.rollback-new\" \"$1\"";

    private final DatabaseTarget target;
    private final HostAndPort node;
    private final String file;
    private final CommandRunner runner;
    private Clock clock = Clock.systemUTC();
    private Sleeper sleeper = Sleeper.SYSTEM;

    RedisRdbLoad(DatabaseTarget target, HostAndPort node, String file, CommandRunner runner) {
        this.target = target;
        this.node = node;
        this.file = file;
        this.runner = runner;
    }

    /** The clock the restart's waits are timed with and the sleeper they pause with (default the system's). */
    RedisRdbLoad withTime(Clock clock, Sleeper sleeper) {
        this.clock = clock;
        this.sleeper = sleeper;
        return this;
    }

    /** Checks the node can take an RDB (nothing changes); {@code index} is its place in the target's nodes. */
    static RedisRdbLoad prepare(DatabaseTarget target, HostAndPort node, int index) {
        Optional<String> password = target.password().filter(p -> !p.isEmpty());
        if (password.isPresent()
                && target.option("restart_command")
                        .filter(c -> c.contains(password.get()))
                        .isPresent()) {
            throw new RollbackException("service " + target.service() + " (redis node " + node + "): the"
                    + " restart_command option holds the node's password, which would show in this host's process list;"
                    + " nothing was changed. Let the command read it from a file (e.g. a redis.conf with requirepass)");
        }
        String dir;
        String name;
        try (Jedis j = RedisNodes.open(target, node)) {
            if ("yes".equals(config(j, "appendonly"))) {
                throw new RollbackException("service " + target.service() + " (redis node " + node + "): the node"
                        + " runs with appendonly yes, so at start it loads its append-only file, not an RDB; nothing was"
                        + " changed. Restore this dump format onto a node with appendonly no, or take the dump with"
                        + " format=keys");
            }
            dir = config(j, "dir");
            name = config(j, "dbfilename");
        } catch (JedisConnectionException | JedisDataException e) {
            throw RedisNodes.failure(target, node, "CONFIG GET dir dbfilename appendonly", e);
        }
        CommandRunner runner = target.runner();
        if (runner instanceof ContainerCommandRunner c) {
            runner = nodeService(target, index).map(c::forService).orElse(c);
        } else if (target.option("restart_command").isEmpty()) {
            throw new RollbackException("service " + target.service() + " (redis node " + node + "): an RDB dump is"
                    + " loaded by restarting the node, and this host's node has no restart_command option (the command"
                    + " that starts it, e.g. 'redis-server /etc/redis/redis.conf --daemonize yes'); nothing was changed."
                    + " Set it, or restore a dump taken with format=keys");
        }
        return new RedisRdbLoad(target, node, dir + "/" + name, runner);
    }

    /** Replaces the node's data with {@code length} bytes of RDB from {@code rdb} and restarts it. */
    void load(InputStream rdb, long length) {
        try (Jedis j = RedisNodes.open(target, node)) {
            j.configSet("save", "");
        } catch (JedisConnectionException | JedisDataException e) {
            throw RedisNodes.failure(target, node, "CONFIG SET save \"\"", e);
        }
        if (runner instanceof LocalCommandRunner) {
            writeHere(rdb, length);
        } else {
            CommandResult w = runner.run(Command.of("sh", "-c", WRITE, "sh", file)
                    .withStdin(rdb, length)
                    .withTimeout(target.operationTimeout()));
            if (!w.succeeded()) {
                throw notWritten("exit " + w.exitCode() + ": " + w.stderrTail().strip(), null);
            }
        }
        restart();
    }

    /**
     * A node on this host: the file is written by this process (the same user the runner's {@code sh} would run
     * as), beside the old one, forced to disk, given the folder's owner and the old file's mode (0600 when there was
     * none) where allowed, and renamed over it.
     */
    private void writeHere(InputStream rdb, long length) {
        Path dest = Path.of(file);
        Path staged = dest.resolveSibling(dest.getFileName() + ".rollback-new");
        try {
            Files.deleteIfExists(staged); // one a failed run left: made anew, so it is 0600 from its first byte
            try (FileChannel out = FileChannel.open(
                    staged,
                    Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                    PosixFilePermissions.asFileAttribute(SecureFiles.FILE_0600))) {
                long copied = rdb.transferTo(Channels.newOutputStream(out));
                if (copied != length) {
                    throw new IOException("the dump held " + copied + " bytes of " + length);
                }
                out.force(true);
            }
            try {
                Files.setOwner(staged, Files.getOwner(dest.getParent()));
                Files.setPosixFilePermissions(
                        staged, Files.exists(dest) ? Files.getPosixFilePermissions(dest) : SecureFiles.FILE_0600);
            } catch (IOException | UnsupportedOperationException | SecurityException e) {
                // as chown --reference on the container path: the node reads a file it does not own if allowed
            }
            Files.move(staged, dest, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            try {
                Files.deleteIfExists(staged);
            } catch (IOException ignored) {
                // the message below names the file
            }
            throw notWritten(e.getMessage(), e);
        }
    }

    private RollbackException notWritten(String why, Exception cause) {
        return new RollbackException(
                "service " + target.service() + " (redis node " + node + "): writing " + file
                        + " failed (" + why
                        + "); the node's data is as it was and it was not restarted. Automatic saves stay off"
                        + " until it restarts; check the folder's space",
                cause);
    }

    private void restart() {
        if (runner instanceof ContainerCommandRunner c) {
            c.restart(Duration.ofSeconds(30));
            awaitInContainer(c);
            return;
        }
        try (Jedis j = RedisNodes.open(target, node)) {
            j.shutdown(SaveMode.NOSAVE);
        } catch (JedisConnectionException e) {
            // the node closes the connection as it goes down
        } catch (JedisDataException e) {
            throw RedisNodes.failure(target, node, "SHUTDOWN NOSAVE", e);
        }
        awaitDown();
        String command =
                target.option("restart_command").orElseThrow().replace("{port}", Integer.toString(node.getPort()));
        CommandResult r = runner.run(Command.of("sh", "-c", command).withTimeout(Duration.ofMinutes(2)));
        if (!r.succeeded()) {
            throw new RollbackException("service " + target.service() + " (redis node " + node + "): the new RDB is in"
                    + " place but restart_command failed (exit " + r.exitCode() + ": "
                    + r.stderrTail().strip() + ");"
                    + " start the node by hand and it loads the restored data");
        }
        awaitLoaded();
    }

    /** Until the node's port refuses connections (its process has exited), so the new one can bind it. */
    private void awaitDown() {
        Instant deadline = clock.instant().plusSeconds(30);
        while (clock.instant().isBefore(deadline)) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(node.getHost(), node.getPort()), 1000);
            } catch (IOException refused) {
                return;
            }
            sleep(2);
        }
        throw new RollbackException("service " + target.service() + " (redis node " + node + "): the node still"
                + " listens 30 s after SHUTDOWN NOSAVE; the new RDB is in place, restart the node by hand");
    }

    /** PING from this host until the node answers PONG (not LOADING), within the operation timeout. */
    void awaitLoaded() {
        Instant deadline = clock.instant().plus(target.operationTimeout());
        RuntimeException last = null;
        while (clock.instant().isBefore(deadline)) {
            try (Jedis j = RedisNodes.open(target, node)) {
                j.ping();
                return;
            } catch (JedisConnectionException | JedisDataException e) {
                last = e;
                sleep(5);
            }
        }
        throw RedisNodes.failure(
                target,
                node,
                "waiting for the restarted node to load its RDB",
                last != null ? last : new JedisConnectionException("no answer within " + target.operationTimeout()));
    }

    /**
     * {@code redis-cli ping} inside the restarted container until PONG: the container's published port may change
     * when it starts again, its own port does not.
     */
    private void awaitInContainer(ContainerCommandRunner c) {
        Instant deadline = clock.instant().plus(target.operationTimeout());
        Map<String, String> auth = target.password()
                .filter(p -> !p.isEmpty())
                .map(p -> Map.of("REDISCLI_AUTH", p))
                .orElse(Map.of());
        String last = "";
        while (clock.instant().isBefore(deadline)) {
            try {
                CommandResult r = c.run(Command.of("redis-cli", "-p", Integer.toString(c.toolPort(target)), "ping")
                        .withEnvironment(auth)
                        .withTimeout(Duration.ofSeconds(10)));
                if (r.stdout().strip().equals("PONG")) {
                    return;
                }
                last = (r.stdout() + " " + r.stderrTail()).strip();
            } catch (RuntimeException e) {
                last = e.getMessage();
            }
            sleep(20);
        }
        throw new RollbackException("service " + target.service() + " (redis node " + node + ", container of "
                + c.service() + "): the restarted node did not answer PONG within " + target.operationTimeout()
                + " (last: " + last + "); see its log with docker logs");
    }

    private static Optional<String> nodeService(DatabaseTarget target, int index) {
        List<String> services =
                target.option("nodeServices").map(s -> List.of(s.split(","))).orElse(List.of());
        return index < services.size() ? Optional.of(services.get(index).strip()) : Optional.empty();
    }

    private static String config(Jedis j, String name) {
        Map<String, String> v = j.configGet(name);
        return v.getOrDefault(name, "");
    }

    private void sleep(long millis) {
        sleeper.pause(Duration.ofMillis(millis), "interrupted while waiting for a Redis node to restart");
    }
}
