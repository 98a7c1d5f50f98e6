package dev.rollback.docker;

import dev.rollback.errors.RollbackException;
import dev.rollback.io.FileTrees;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A volume's tar streamed out of a helper container through a named pipe: the helper mounts the volume read-only
 * and runs {@code tar c -C / data} into a FIFO bind-mounted from this host, which this process reads as it is
 * written. Nothing is extracted or stored on the host; the kernel pipe replaces the engine's archive API (which tars
 * in the daemon and wraps the stream in HTTP), and the tar has the same layout ({@code data/...}), so restores and
 * fingerprints are unchanged. {@code ROLLBACK_VOLUME_STREAM=api} (or the system property
 * {@code rollback.volume.stream}) turns it off. Only for an engine on this host (its unix socket).
 *
 * <p>A helper can be started ahead of time ({@link #start}): its shell blocks opening the pipe, so nothing of the
 * volume is read until {@link Helper#stream} opens the other end. After tar the helper writes tar's exit status to a
 * file beside the pipe, which is read as soon as it appears instead of waiting for the container to exit; the
 * container is then removed by {@link Helper#release}. The helper is created and started by direct calls on the
 * engine's socket ({@link SocketCalls}, a few ms where a cold docker-java takes ~100); so are the watchdog's checks
 * that it still runs and its removal.
 *
 * <p>{@code Optional<Helper> h = FifoArchive.start(engine, image, volume); if (h.get().stream(out)) ...}
 */
final class FifoArchive {
    private static final int BUFFER = 1 << 20;
    /** tar into the pipe, then its exit status into {@code status} (renamed into place, so it is read whole). */
    private static final String SCRIPT =
            "tar c -C / data > /out/tar; echo $? > /out/status.new" + " && mv /out/status.new /out/status";

    private FifoArchive() {}

    /** Whether the pipe is turned off ({@code ROLLBACK_VOLUME_STREAM=api}): the engine's archive API is used. */
    static boolean disabled() {
        return "api".equals(System.getProperty("rollback.volume.stream", System.getenv("ROLLBACK_VOLUME_STREAM")));
    }

    /**
     * Makes the pipe and starts a helper that waits on it; empty (nothing left behind) when the pipe cannot be
     * used here, so the caller falls back to the archive API.
     */
    static Optional<Helper> start(VolumeEngine engine, String image, String volume) {
        Path dir = null;
        String id = null;
        try {
            removeLeftovers(Path.of(System.getProperty("java.io.tmpdir")));
            dir = Files.createTempDirectory(PREFIX + ProcessHandle.current().pid() + "-");
            Path fifo = dir.resolve("tar");
            Process mk = new ProcessBuilder("mkfifo", "-m", "600", fifo.toString())
                    .redirectErrorStream(true)
                    .start();
            mk.getInputStream().readAllBytes();
            if (!mk.waitFor(10, TimeUnit.SECONDS) || mk.exitValue() != 0) {
                delete(dir);
                return Optional.empty();
            }
            id = engine.run(
                            image,
                            List.of("sh", "-c", SCRIPT),
                            List.of(volume + ":/data:ro", dir + ":/out:rw"),
                            VolumeHelpers.labels())
                    .orElse(null);
            if (id == null) {
                delete(dir);
                return Optional.empty();
            }
            return Optional.of(new Helper(engine, volume, dir, id));
        } catch (IOException | RuntimeException e) {
            new Helper(engine, volume, dir, id).release();
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            new Helper(engine, volume, dir, id).release();
            return Optional.empty();
        }
    }

    /** A started helper container, its shell blocked opening the pipe until {@link #stream} reads it. */
    static final class Helper {
        private final VolumeEngine engine;
        private final String volume;
        private final Path dir;
        private final String id;

        private Helper(VolumeEngine engine, String volume, Path dir, String id) {
            this.engine = engine;
            this.volume = volume;
            this.dir = dir;
            this.id = id;
        }

        String volume() {
            return volume;
        }

        /**
         * Reads the pipe to its end into {@code out} and checks tar's exit status; false when the helper wrote
         * nothing (the caller then uses the archive API), an error once part of the tar went out.
         */
        boolean stream(OutputStream out) {
            long[] written = {0};
            try {
                return copy(out, written);
            } catch (IOException | RuntimeException e) {
                if (e instanceof RollbackException r) {
                    throw r;
                }
                if (written[0] > 0) {
                    // part of the tar is in the caller's stream already: a fallback would append a second one to it
                    throw new RollbackException(
                            "archive of volume " + volume + " broke off after " + written[0] + " bytes: "
                                    + e.getMessage(),
                            e);
                }
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                if (written[0] > 0) {
                    throw new RollbackException(
                            "archive of volume " + volume + " was interrupted after " + written[0] + " bytes", e);
                }
                return false;
            }
        }

        /** Removes the container (killing a helper still waiting) and the pipe's folder; never fails. */
        void release() {
            if (id != null) {
                // if it fails: labelled with its owner, the next process's VolumeHelpers.sweep removes the leftover
                VolumeHelpers.remove(engine, id);
            }
            delete(dir);
        }

        /** Reads the pipe to its end; a helper that dies before it writes anything unblocks the open. */
        private boolean copy(OutputStream out, long[] written) throws IOException, InterruptedException {
            Path fifo = dir.resolve("tar");
            AtomicBoolean opened = new AtomicBoolean();
            // the helper ended without opening the pipe: the reader sees an empty stream
            Thread watchdog = PipeWatchdog.start(
                    opened,
                    () -> engine.running(id),
                    () -> Files.newOutputStream(fifo).close());
            try (InputStream in = Files.newInputStream(fifo)) {
                opened.set(true);
                PipeBuffer.grow(fifo, BUFFER);
                byte[] buf = new byte[BUFFER];
                for (int n; (n = in.read(buf)) > 0; ) {
                    written[0] += n; // counted before the write: a failing write may have passed part of it on
                    out.write(buf, 0, n);
                }
            } finally {
                opened.set(true);
                watchdog.interrupt();
            }
            long bytes = written[0];
            int code = exitStatus();
            if (code == 0 && bytes > 0) {
                return true;
            }
            if (bytes == 0) {
                return false; // nothing written yet: the caller uses the archive API instead
            }
            throw new RollbackException("archive of volume " + volume + " broke off: tar in the helper container"
                    + " exited " + code + " after " + bytes + " bytes; retry with ROLLBACK_VOLUME_STREAM=api to use"
                    + " the engine's archive API");
        }

        /**
         * tar's exit status from the file the helper writes after it, polled every millisecond (it appears within
         * a few of the pipe's end); the container's own exit code if the helper ends without writing it.
         */
        private int exitStatus() throws IOException, InterruptedException {
            Path status = dir.resolve("status");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            for (int i = 0; System.nanoTime() < deadline; i++) {
                try {
                    return Integer.parseInt(
                            Files.readString(status, StandardCharsets.US_ASCII).strip());
                } catch (NoSuchFileException e) {
                    if (i % 50 == 49 && !engine.running(id)) {
                        return Files.exists(status) ? exitStatus() : engine.exitCode(id);
                    }
                    Thread.sleep(1);
                } catch (NumberFormatException e) {
                    throw new IOException("the helper wrote no exit status for tar", e);
                }
            }
            throw new IOException("the helper container did not finish within 60 s of the end of the tar");
        }
    }

    /** The pipe folders' name: {@code rollback-volume-<pid>-<random>}, so that a dead process's are known. */
    static final String PREFIX = "rollback-volume-";

    private static final AtomicBoolean SWEPT = new AtomicBoolean();

    /**
     * Once per process: removes the pipe folders a process that is gone left in {@code tmp} (killed half way through a
     * volume's archive). They hold a pipe, never data, but nothing should be left behind.
     */
    static void removeLeftovers(Path tmp) {
        if (!SWEPT.compareAndSet(false, true)) {
            return;
        }
        sweep(tmp);
    }

    /** {@link #removeLeftovers} without the once-per-process guard; the folders it removed. */
    static List<Path> sweep(Path tmp) {
        List<Path> removed = new ArrayList<>();
        try (var dirs = Files.newDirectoryStream(tmp, PREFIX + "*")) {
            for (Path d : dirs) {
                String rest = d.getFileName().toString().substring(PREFIX.length());
                int dash = rest.indexOf('-');
                if (dash <= 0 || !rest.substring(0, dash).chars().allMatch(Character::isDigit)) {
                    continue; // not ours, or from a version that did not name its pid: left alone
                }
                long pid;
                try {
                    pid = Long.parseLong(rest.substring(0, dash));
                } catch (NumberFormatException e) {
                    continue;
                }
                if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
                    continue;
                }
                delete(d);
                if (!Files.exists(d)) {
                    removed.add(d);
                }
            }
        } catch (IOException | RuntimeException e) {
            // a temporary folder that cannot be listed: nothing to sweep
        }
        return removed;
    }

    private static void delete(Path dir) {
        if (dir != null) {
            try {
                FileTrees.delete(dir);
            } catch (IOException e) {
                // an empty temp folder with a pipe in it
            }
        }
    }
}
