package dev.rollback.validation.junit;

import dev.rollback.env.Environment;
import dev.rollback.errors.RollbackException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One test class at a time resets an environment: held in this JVM by class name, and across JVMs (two builds, a
 * forked test run) by a lock on {@code .rollback/junit.lock}. Classes on different environments run in parallel.
 *
 * <p>{@code try (EnvironmentLock l = EnvironmentLock.acquire(env, "OrderServiceIT")) { ... }}
 */
final class EnvironmentLock implements AutoCloseable {
    static final String FILE = "junit.lock";
    private static final Map<Path, String> HELD = new ConcurrentHashMap<>();

    private final Path dir;
    private final FileChannel channel;
    private final FileLock lock;

    private EnvironmentLock(Path dir, FileChannel channel, FileLock lock) {
        this.dir = dir;
        this.channel = channel;
        this.lock = lock;
    }

    /** The environment for {@code holder}; an error naming the class that holds it when another one does. */
    static EnvironmentLock acquire(Environment env, String holder) {
        Path dir = env.projectDir().toAbsolutePath().normalize();
        String other = HELD.putIfAbsent(dir, holder);
        if (other != null) {
            throw new RollbackException(holder + " cannot reset environment " + dir + ": " + other + " is resetting it"
                    + " now; run the two classes one after the other (@ResourceLock(\"" + dir.getFileName() + "\")), or"
                    + " give each its own environment");
        }
        try {
            Path file = env.stateDir().resolve(FILE);
            Files.createDirectories(file.getParent());
            FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = channel.tryLock();
            if (lock == null) {
                channel.close();
                throw new RollbackException(holder + " cannot reset environment " + dir + ": another test run (another"
                        + " JVM) holds " + file + "; wait for it to end, or give each run its own environment");
            }
            return new EnvironmentLock(dir, channel, lock);
        } catch (IOException | RuntimeException e) {
            HELD.remove(dir, holder);
            if (e instanceof RollbackException r) {
                throw r;
            }
            throw new RollbackException(
                    "cannot lock environment " + dir + " for " + holder + ": " + e.getMessage()
                            + "; check the permissions of its .rollback folder",
                    e);
        }
    }

    @Override
    public void close() {
        try {
            lock.release();
            channel.close();
        } catch (IOException e) {
            // the channel goes with the process at the latest; the lock is released with it
        } finally {
            HELD.remove(dir);
        }
    }
}
