package dev.rollback.docker;

import dev.rollback.errors.RollbackException;
import dev.rollback.io.FileTrees;
import dev.rollback.io.SecureFiles;
import dev.rollback.spi.VolumeStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Several volumes replaced in place by one helper container, through named pipes: the helper mounts every volume
 * (read-write) and, for each in turn, tars its current content into one pipe (the caller's safety copy, written to
 * disk and synced before the helper may go on), empties it, and untars the new content from a second pipe, writing
 * each tar's exit status to a file beside its pipe. One
 * container's start and removal instead of three per volume (archive helper, emptying helper, archive API), which is
 * most of a small volume's time. The tar layout is the archives' ({@code data/...}). Only for an engine on this host.
 *
 * <p>{@code FifoReplace.run(engine, "local/busybox", List.of(new Replacement(...)))}
 */
final class FifoReplace {
    private static final int BUFFER = 1 << 20;

    private FifoReplace() {}

    /**
     * The helper's script: for each volume {@code /v/<i>}, the safety tar (when its pipe exists), then a wait on the
     * {@code go} pipe, which this process opens only once the safety copy is on disk, then empty, untar.
     */
    static String script(int count) {
        return "for i in $(seq 0 " + (count - 1) + "); do "
                + "if [ -p /io/out-$i ]; then tar c -C /v/$i data > /io/out-$i; echo $? > /io/out-$i.s.new"
                + " && mv /io/out-$i.s.new /io/out-$i.s; cat /io/go-$i > /dev/null; fi; "
                + "(cd /v/$i/data && rm -rf -- * .[!.]* ..?*); "
                + "tar x -C /v/$i < /io/in-$i; echo $? > /io/in-$i.s.new && mv /io/in-$i.s.new /io/in-$i.s; done";
    }

    /**
     * Replaces the volumes in order; false (nothing changed) when the helper cannot be started here, so the caller
     * replaces them one by one. An error names the volume that failed and those already replaced.
     */
    static boolean run(VolumeEngine engine, String image, List<VolumeStore.Replacement> list) {
        Path dir = null;
        String id = null;
        try {
            FifoArchive.removeLeftovers(Path.of(System.getProperty("java.io.tmpdir")));
            dir = Files.createTempDirectory(
                    FifoArchive.PREFIX + ProcessHandle.current().pid() + "-");
            List<String> binds = new ArrayList<>();
            for (int i = 0; i < list.size(); i++) {
                if (list.get(i).safety() != null) {
                    mkfifo(dir.resolve("out-" + i));
                    mkfifo(dir.resolve("go-" + i));
                }
                mkfifo(dir.resolve("in-" + i));
                binds.add(list.get(i).name() + ":/v/" + i + "/data:rw");
            }
            binds.add(dir + ":/io:rw");
            id = engine.run(image, List.of("sh", "-c", script(list.size())), binds, VolumeHelpers.labels())
                    .orElse(null);
            if (id == null) {
                return false;
            }
            List<String> done = new ArrayList<>();
            for (int i = 0; i < list.size(); i++) {
                VolumeStore.Replacement r = list.get(i);
                try {
                    if (r.safety() != null) {
                        try (FileChannel file = FileChannel.open(
                                r.safety(),
                                Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                                PosixFilePermissions.asFileAttribute(SecureFiles.FILE_0600))) {
                            read(dir.resolve("out-" + i), Channels.newOutputStream(file), id, engine);
                            file.force(true); // on disk before anything of the volume is removed
                        }
                        check(dir.resolve("out-" + i + ".s"), "archiving its current content", id, engine);
                        write(InputStream.nullInputStream(), dir.resolve("go-" + i), id, engine);
                    }
                    try (InputStream in = r.content().open()) {
                        write(in, dir.resolve("in-" + i), id, engine);
                    }
                    check(dir.resolve("in-" + i + ".s"), "extracting its new content", id, engine);
                } catch (IOException | RuntimeException e) {
                    throw new RollbackException(
                            "volume " + r.name() + ": the replace failed (" + e.getMessage() + ")"
                                    + (done.isEmpty() ? "" : "; already replaced: " + String.join(", ", done))
                                    + "; its current content is in its safety copy when one was asked for",
                            e);
                }
                done.add(r.name());
            }
            return true;
        } catch (IOException e) {
            if (id == null) {
                return false;
            }
            throw new RollbackException("the volume helper failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RollbackException("interrupted while replacing volumes", e);
        } finally {
            if (id != null) {
                VolumeHelpers.remove(engine, id);
            }
            if (dir != null) {
                try {
                    FileTrees.delete(dir);
                } catch (IOException ignored) {
                    // an empty temp folder with pipes in it
                }
            }
        }
    }

    private static void mkfifo(Path fifo) throws IOException, InterruptedException {
        Process mk = new ProcessBuilder("mkfifo", "-m", "600", fifo.toString())
                .redirectErrorStream(true)
                .start();
        mk.getInputStream().readAllBytes();
        if (!mk.waitFor(10, TimeUnit.SECONDS) || mk.exitValue() != 0) {
            throw new IOException("mkfifo " + fifo.getFileName() + " failed");
        }
    }

    /** Reads a pipe to its end; a helper that dies first unblocks the open (the reader then sees nothing). */
    private static void read(Path fifo, OutputStream out, String id, VolumeEngine engine) throws IOException {
        through(fifo, true, id, engine, end -> {
            try (InputStream in = Files.newInputStream(fifo)) {
                end.run();
                in.transferTo(out);
            }
        });
    }

    /** Writes to a pipe; a helper that dies before opening it unblocks the open (the write then fails). */
    private static void write(InputStream in, Path fifo, String id, VolumeEngine engine) throws IOException {
        through(fifo, false, id, engine, end -> {
            try (OutputStream out = Files.newOutputStream(fifo)) {
                end.run();
                in.transferTo(out);
            }
        });
    }

    /** What goes through an open pipe; {@code opened} is called once this end is open. */
    private interface Transfer {
        void run(PipeWatchdog.Unblock opened) throws IOException;
    }

    /**
     * Opens this process's end of a pipe while a watchdog unblocks the open (opening the other end itself) should the
     * helper die first, then transfers.
     */
    private static void through(Path fifo, boolean reading, String id, VolumeEngine engine, Transfer transfer)
            throws IOException {
        AtomicBoolean opened = new AtomicBoolean();
        Thread watchdog = PipeWatchdog.start(opened, () -> engine.running(id), () -> {
            if (reading) {
                Files.newOutputStream(fifo).close();
            } else {
                Files.newInputStream(fifo).close();
            }
        });
        try {
            transfer.run(() -> {
                opened.set(true);
                PipeBuffer.grow(fifo, BUFFER);
            });
        } finally {
            opened.set(true);
            watchdog.interrupt();
        }
    }

    /** The exit status the helper wrote for one tar; an error naming what failed when it is not 0. */
    private static void check(Path status, String what, String id, VolumeEngine engine)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        for (int i = 0; System.nanoTime() < deadline; i++) {
            try {
                int code = Integer.parseInt(
                        Files.readString(status, StandardCharsets.US_ASCII).strip());
                if (code != 0) {
                    throw new IOException(what + ": tar in the helper container exited " + code);
                }
                return;
            } catch (NoSuchFileException e) {
                if (i % 50 == 49 && !engine.running(id) && !Files.exists(status)) {
                    throw new IOException(what + ": the helper container ended (exit code " + engine.exitCode(id)
                            + ") without a status");
                }
                Thread.sleep(1);
            } catch (NumberFormatException e) {
                throw new IOException(what + ": the helper wrote no exit status", e);
            }
        }
        throw new IOException(what + ": no exit status from the helper within 60 s");
    }
}
