package dev.rollback.plan;

import dev.rollback.errors.EnvironmentLockedException;
import dev.rollback.errors.RollbackException;
import dev.rollback.io.SecureFiles;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One run at a time per environment: {@code .rollback/lock} holds the holder's pid and its process's start time; a
 * lock whose process is gone, or whose pid now belongs to a process started at another time, is stale and taken
 * over. A second run is refused with exit code 5, naming the holder.
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
        ProcessHandle me = ProcessHandle.current();
        String content = me.pid() + "\n" + Instant.now() + "\n" + what + "\n"
                + startOf(me).orElse("") + "\n";
        try {
            SecureFiles.createPrivateDirectories(stateDir);
            for (int attempt = 0; attempt < 2; attempt++) {
                OutputStream out;
                try {
                    out = Files.newOutputStream(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                } catch (FileAlreadyExistsException e) {
                    Optional<ProcessHandle> holder = liveHolder(file);
                    if (holder.isPresent()) {
                        throw new EnvironmentLockedException(
                                "another rollback is running on this "
                                        + "environment (pid " + holder.get().pid() + ": " + describe(file)
                                        + "); wait for it "
                                        + "to finish (rollback history shows it as running), or stop it",
                                holder.get().pid());
                    }
                    Files.deleteIfExists(file); // stale: its process is gone, or the pid is another process's now
                    continue;
                }
                // the file is this process's from here: a lock that cannot be written whole (a full disk) is removed,
                // never left behind empty
                try (out) {
                    out.write(content.getBytes(StandardCharsets.UTF_8));
                } catch (IOException e) {
                    Files.deleteIfExists(file);
                    throw new RollbackException(
                            "cannot write the lock " + file + " (" + e.getMessage() + "); free "
                                    + "space on the disk of " + stateDir + " and run again: nothing was changed",
                            e);
                }
                return new EnvironmentLock(file);
            }
            throw new RollbackException("cannot take the lock " + file + ": it keeps reappearing; another run "
                    + "is starting at the same time");
        } catch (IOException e) {
            throw new RollbackException("cannot take the lock " + file + ": " + e.getMessage(), e);
        }
    }

    /** Whether a live process holds the lock of this state directory now. */
    public static boolean held(Path stateDir) {
        return liveHolder(stateDir.resolve(FILE)).isPresent();
    }

    /**
     * The process named by the lock, if it is alive and is the same process that took the lock: the same pid with
     * another start time is a new process that reused the pid of a holder that died (a reboot, a kill -9).
     */
    private static Optional<ProcessHandle> liveHolder(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return Optional.empty();
        }
        long pid;
        try {
            pid = Long.parseLong(lines.isEmpty() ? "" : lines.get(0).strip());
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        Optional<ProcessHandle> p = ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
        String recorded = lines.size() >= 4 ? lines.get(3).strip() : "";
        if (p.isPresent() && !recorded.isEmpty()) {
            Optional<String> now = startOf(p.get());
            if (now.isPresent() && !now.get().equals(recorded)) {
                return Optional.empty();
            }
        }
        return p;
    }

    private static Optional<String> startOf(ProcessHandle p) {
        return p.info().startInstant().map(Instant::toString);
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
