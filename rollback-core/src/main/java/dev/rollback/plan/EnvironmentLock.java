package dev.rollback.plan;

import dev.rollback.RollbackException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;

/**
 * One run at a time per environment: {@code .rollback/lock} holds the holder's pid; a lock whose process is
 * gone is stale and taken over.
 *
 * <p>{@code try (EnvironmentLock lock = EnvironmentLock.acquire(env.stateDir(), "service mysql")) { ... }}
 */
public final class EnvironmentLock implements AutoCloseable {
    /** The lock file's name inside the state directory. */
    public static final String FILE = "lock";
    private final Path file;
    private boolean released;

    private EnvironmentLock(Path file) {
        this.file = file;
    }

    /**
     * Takes the lock or throws a RollbackException naming the pid and what it runs.
     *
     * @param stateDir the environment's state directory
     * @param what a short description of the run, written into the lock for others to read
     */
    public static EnvironmentLock acquire(Path stateDir, String what) {
        Path file = stateDir.resolve(FILE);
        String content = ProcessHandle.current().pid() + "\n" + Instant.now() + "\n" + what + "\n";
        try {
            dev.rollback.io.SecureFiles.createPrivateDirectories(stateDir);
            for (int attempt = 0; attempt < 2; attempt++) {
                try {
                    Files.writeString(file, content, StandardCharsets.UTF_8,
                            java.nio.file.StandardOpenOption.CREATE_NEW, java.nio.file.StandardOpenOption.WRITE);
                    return new EnvironmentLock(file);
                } catch (FileAlreadyExistsException e) {
                    Optional<Long> holder = holderPid(file);
                    if (holder.isPresent() && ProcessHandle.of(holder.get()).map(ProcessHandle::isAlive)
                            .orElse(false)) {
                        throw new RollbackException("another rollback is running on this environment (pid "
                                + holder.get() + ": " + describe(file) + "); wait for it to finish, or stop it");
                    }
                    Files.deleteIfExists(file); // stale: its process is gone
                }
            }
            throw new RollbackException("cannot take the lock " + file + ": it keeps reappearing; another run "
                    + "is starting at the same time");
        } catch (IOException e) {
            throw new RollbackException("cannot take the lock " + file + ": " + e.getMessage(), e);
        }
    }

    /** Whether a live process holds the lock of this state directory now. */
    public static boolean held(Path stateDir) {
        return holderPid(stateDir.resolve(FILE)).flatMap(ProcessHandle::of).map(ProcessHandle::isAlive)
                .orElse(false);
    }

    private static Optional<Long> holderPid(Path file) {
        try {
            String first = Files.readAllLines(file, StandardCharsets.UTF_8).stream().findFirst().orElse("").strip();
            return Optional.of(Long.parseLong(first));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static String describe(Path file) {
        try {
            var lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            return lines.size() >= 3 ? lines.get(2) + ", since " + lines.get(1) : "unknown run";
        } catch (IOException e) {
            return "unknown run";
        }
    }

    @Override
    public void close() {
        if (!released) {
            released = true;
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                throw new RollbackException("cannot remove the lock " + file + ": " + e.getMessage(), e);
            }
        }
    }
}
