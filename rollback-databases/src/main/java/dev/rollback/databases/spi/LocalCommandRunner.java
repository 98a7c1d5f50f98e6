package dev.rollback.databases.spi;

import dev.rollback.errors.RollbackException;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs tools as processes on this host, against services reached by host and port (the {@code local} target, CI's
 * host services). Input and output are streamed through 64 KiB buffers; nothing is held in memory.
 *
 * <p>{@code CommandResult r = new LocalCommandRunner().run(Command.of("pg_dumpall", "--version"));}
 */
public final class LocalCommandRunner implements CommandRunner {
    private static final int BUFFER = 64 * 1024;
    private static final int TAIL = 8 * 1024;

    @Override
    public String describe() {
        return "host process";
    }

    @Override
    public CommandResult run(Command command) {
        Path executable = resolve(command.tool());
        ProcessBuilder pb = new ProcessBuilder(command.commandLine());
        pb.command().set(0, executable.toString());
        pb.environment().putAll(command.environment());
        if (command.stdin().isEmpty()) {
            pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        }
        long start = System.nanoTime();
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new RollbackException(
                    "tool '" + command.tool() + "' could not be started on this host (" + e.getMessage()
                            + "); check that it is installed and executable",
                    e);
        }
        AtomicBoolean timedOut = new AtomicBoolean();
        Thread watchdog = daemon("watchdog " + command.tool(), () -> {
            try {
                if (!p.waitFor(command.timeout().toMillis(), TimeUnit.MILLISECONDS)) {
                    timedOut.set(true);
                    p.descendants().forEach(ProcessHandle::destroyForcibly);
                    p.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        TailBuffer stderr = new TailBuffer(TAIL);
        Thread errPump = daemon("stderr " + command.tool(), () -> pump(p.getErrorStream(), stderr));
        AtomicReference<IOException> stdinFailure = new AtomicReference<>();
        Thread inPump = command.stdin()
                .map(in -> daemon("stdin " + command.tool(), () -> {
                    try (OutputStream toProcess = p.getOutputStream()) {
                        in.transferTo(toProcess);
                    } catch (IOException e) {
                        stdinFailure.set(e);
                    }
                }))
                .orElse(null);
        ByteArrayOutputStream collected = command.stdout() == null ? new ByteArrayOutputStream() : null;
        try (InputStream fromProcess = p.getInputStream()) {
            OutputStream target = collected != null ? new TailBuffer(BUFFER) : command.stdout();
            byte[] buf = new byte[BUFFER];
            for (int n; (n = fromProcess.read(buf)) >= 0; ) {
                target.write(buf, 0, n);
            }
            if (collected != null) {
                collected.write(((TailBuffer) target).bytes());
            }
            int exit = p.waitFor();
            join(inPump);
            join(errPump);
            if (timedOut.get()) {
                throw new RollbackException("tool '" + command.tool() + "' did not finish within " + command.timeout()
                        + " and was stopped; raise the operation timeout or check the server");
            }
            if (exit == 0 && stdinFailure.get() != null) {
                throw new RollbackException(
                        "tool '" + command.tool() + "' did not read all of its input ("
                                + stdinFailure.get().getMessage() + ")",
                        stdinFailure.get());
            }
            String out = collected == null ? "" : collected.toString(StandardCharsets.UTF_8);
            return new CommandResult(exit, out, stderr.text(), Duration.ofNanos(System.nanoTime() - start));
        } catch (IOException e) {
            p.destroyForcibly();
            throw new RollbackException(
                    "tool '" + command.tool() + "': streaming its output failed (" + e.getMessage()
                            + "); the output is incomplete",
                    e);
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new RollbackException("tool '" + command.tool() + "' was interrupted", e);
        } finally {
            watchdog.interrupt();
        }
    }

    /** The tool's path: as given when it names a file, else the first match on this process's PATH. */
    static Path resolve(String tool) {
        if (tool.contains("/")) {
            Path p = Path.of(tool);
            if (Files.isExecutable(p)) {
                return p;
            }
            throw notFound(tool, "no executable file at that path");
        }
        String path = Optional.ofNullable(System.getenv("PATH")).orElse("/usr/local/bin:/usr/bin:/bin");
        for (String dir : path.split(File.pathSeparator)) {
            if (!dir.isEmpty()) {
                Path candidate = Path.of(dir, tool);
                if (Files.isExecutable(candidate) && !Files.isDirectory(candidate)) {
                    return candidate;
                }
            }
        }
        throw notFound(tool, "not found on this host's PATH");
    }

    private static RollbackException notFound(String tool, String why) {
        return new RollbackException("tool '" + tool + "' is missing: " + why + "; install the engine's client"
                + " tools on this host, or run the tool in the service's container (ContainerCommandRunner)");
    }

    private static void pump(InputStream in, OutputStream out) {
        try (in) {
            in.transferTo(out);
        } catch (IOException e) {
            // the process ended; what was read is kept
        }
    }

    private static Thread daemon(String name, Runnable r) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    private static void join(Thread t) throws InterruptedException {
        if (t != null) {
            t.join();
        }
    }

    /** Keeps the last {@code capacity} bytes written. */
    static final class TailBuffer extends OutputStream {
        private final byte[] ring;
        private long written;

        TailBuffer(int capacity) {
            ring = new byte[capacity];
        }

        @Override
        public synchronized void write(int b) {
            ring[(int) (written++ % ring.length)] = (byte) b;
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            for (int i = 0; i < len; i++) {
                ring[(int) (written++ % ring.length)] = b[off + i];
            }
        }

        synchronized byte[] bytes() {
            int n = (int) Math.min(written, ring.length);
            byte[] out = new byte[n];
            long from = written - n;
            for (int i = 0; i < n; i++) {
                out[i] = ring[(int) ((from + i) % ring.length)];
            }
            return out;
        }

        String text() {
            return new String(bytes(), StandardCharsets.UTF_8);
        }
    }
}
