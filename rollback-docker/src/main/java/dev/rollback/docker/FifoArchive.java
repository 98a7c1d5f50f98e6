package dev.rollback.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.CreateContainerResponse;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.AccessMode;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Volume;
import dev.rollback.RollbackException;
import dev.rollback.io.FileTrees;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A volume's tar streamed out of a helper container through a named pipe: the helper mounts the volume read-only
 * and runs {@code tar c -C / data} into a FIFO bind-mounted from this host, which this process reads as it is
 * written. Nothing is extracted or stored on the host; the kernel pipe replaces the engine's archive API (which tars
 * in the daemon and wraps the stream in HTTP), and the tar has the same layout ({@code data/...}), so restores and
 * fingerprints are unchanged. {@code ROLLBACK_VOLUME_STREAM=api} (or the system property
 * {@code rollback.volume.stream}) turns it off. Only for an engine on this host (its unix socket); {@link #archive}
 * returns false,
 * having written nothing, when the pipe cannot be used, so the caller falls back to the archive API.
 *
 * <p>{@code if (!FifoArchive.archive(client, image, volume, out)) { ...archive API... }}
 */
final class FifoArchive {
    private static final int BUFFER = 1 << 20;

    private FifoArchive() {
    }

    static boolean archive(DockerClient client, String image, String volume, OutputStream out) {
        if ("api".equals(System.getProperty("rollback.volume.stream", System.getenv("ROLLBACK_VOLUME_STREAM")))) {
            return false;
        }
        Path dir = null;
        String id = null;
        long[] written = {0};
        try {
            dir = Files.createTempDirectory("rollback-volume-");
            Path fifo = dir.resolve("tar");
            Process mk = new ProcessBuilder("mkfifo", "-m", "600", fifo.toString()).redirectErrorStream(true).start();
            mk.getInputStream().readAllBytes();
            if (!mk.waitFor(10, TimeUnit.SECONDS) || mk.exitValue() != 0) {
                return false;
            }
            CreateContainerResponse c = client.createContainerCmd(image).withHostConfig(HostConfig.newHostConfig()
                    .withBinds(new Bind(volume, new Volume("/data"), AccessMode.ro),
                            new Bind(dir.toString(), new Volume("/out"), AccessMode.rw)).withNetworkMode("none"))
                    .withLabels(Map.of("dev.rollback.helper", "volume"))
                    .withCmd("sh", "-c", "tar c -C / data > /out/tar").exec();
            id = c.getId();
            client.startContainerCmd(id).exec();
            return copy(client, id, fifo, volume, out, written);
        } catch (IOException | RuntimeException e) {
            if (e instanceof RollbackException r) {
                throw r;
            }
            if (written[0] > 0) {
                // part of the tar is in the caller's stream already: a fallback would append a second one to it
                throw new RollbackException("archive of volume " + volume + " broke off after " + written[0]
                        + " bytes: " + e.getMessage(), e);
            }
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            if (id != null) {
                try {
                    client.removeContainerCmd(id).withForce(true).exec();
                } catch (RuntimeException e) {
                    // labelled dev.rollback.helper; a leftover is harmless
                }
            }
            if (dir != null) {
                try {
                    FileTrees.delete(dir);
                } catch (IOException e) {
                    // an empty temp folder with a pipe in it
                }
            }
        }
    }

    /** Reads the pipe to its end; a helper that dies before it writes anything unblocks the open. */
    private static boolean copy(DockerClient client, String id, Path fifo, String volume, OutputStream out,
                                long[] written) throws IOException, InterruptedException {
        AtomicBoolean opened = new AtomicBoolean();
        Thread watchdog = new Thread(() -> {
            while (!opened.get()) {
                InspectContainerResponse.ContainerState s = client.inspectContainerCmd(id).exec().getState();
                if (!Boolean.TRUE.equals(s.getRunning())) {
                    try (OutputStream unblock = Files.newOutputStream(fifo)) {
                        return; // the helper ended without opening the pipe: let the reader see an empty stream
                    } catch (IOException e) {
                        return;
                    }
                }
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "rollback-volume-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
        try (InputStream in = Files.newInputStream(fifo)) {
            opened.set(true);
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
        int code = client.waitContainerCmd(id).start().awaitStatusCode(60, TimeUnit.SECONDS);
        if (code == 0 && bytes > 0) {
            return true;
        }
        if (bytes == 0) {
            return false; // nothing written yet: the caller uses the archive API instead
        }
        throw new RollbackException("archive of volume " + volume + " broke off: tar in the helper container exited "
                + code + " after " + bytes + " bytes; retry with ROLLBACK_VOLUME_STREAM=api to use the engine's "
                + "archive API");
    }
}
