package dev.rollback.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.CreateContainerResponse;
import com.github.dockerjava.api.model.AccessMode;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Volume;
import dev.rollback.errors.RollbackException;
import dev.rollback.spi.VolumeStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * Volume archives through a stopped helper container: the volume is mounted at {@code /data} (read-only to archive
 * it) and its files stream through the engine's archive API, never extracted on the host.
 *
 * <p>{@code new DockerVolumes(client, VolumeEngine.of(client, http, unix)).archive("devstack-core_postgres_data", out)}
 */
final class DockerVolumes {
    /**
     * Images tried, in order, for the helper container (archives and plain restores run nothing in it; an in-place
     * replace runs {@code sh} to empty the volume).
     */
    static final List<String> HELPER_IMAGES = List.of("local/busybox", "busybox", "alpine", "local/debian:bookworm");
    /** What the helper of an in-place replace runs: every entry of {@code /data}, dot files too, removed. */
    static final String EMPTY_DATA = "cd /data && rm -rf -- * .[!.]* ..?*";

    private final DockerClient client;
    private final VolumeEngine engine;
    private String helperImage;
    /** Helpers started ahead by {@link #prepare}, by volume, until {@link #archive} takes them. */
    private final Map<String, Future<Optional<FifoArchive.Helper>>> prepared = new HashMap<>();
    /** Removes used helpers off the archiving thread; {@link #close} waits for it. */
    private final ExecutorService cleaner = Executors.newSingleThreadExecutor(daemon("rollback-volume-cleaner"));

    private final Map<String, CompletableFuture<Void>> releasing = new ConcurrentHashMap<>();
    private final CompletableFuture<Void> swept;

    DockerVolumes(DockerClient client, VolumeEngine engine) {
        this.client = client;
        this.engine = engine;
        // an engine on this host (the owners' pids are this host's): leftovers go on the cleaner thread, and what
        // a leftover could be in the way of (removing or restoring a volume) waits for the sweep
        swept = engine.local()
                ? CompletableFuture.runAsync(() -> VolumeHelpers.sweep(engine), cleaner)
                : CompletableFuture.completedFuture(null);
    }

    boolean exists(String name) {
        return engine.volumeExists(name);
    }

    void create(String name, Map<String, String> labels) {
        if (exists(name)) {
            throw new RollbackException("volume " + name + " already exists");
        }
        EngineCalls.run(
                "create volume " + name,
                () -> client.createVolumeCmd().withName(name).withLabels(labels).exec());
    }

    void remove(String name) {
        free(name);
        List<Container> users = client.listContainersCmd()
                .withShowAll(true)
                .withVolumeFilter(List.of(name))
                .exec();
        Map<String, String> mine = VolumeHelpers.labels();
        List<Container> leftovers = users.stream()
                .filter(c -> c.getLabels() != null
                        && mine.entrySet().stream()
                                .allMatch(l -> l.getValue().equals(c.getLabels().get(l.getKey()))))
                .toList();
        if (!leftovers.isEmpty()) {
            // this process's own helpers (one whose removal the engine refused under load): never in the way
            leftovers.forEach(c -> VolumeHelpers.remove(engine, c.getId()));
            users = client.listContainersCmd()
                    .withShowAll(true)
                    .withVolumeFilter(List.of(name))
                    .exec();
        }
        if (!users.isEmpty()) {
            throw new RollbackException("volume " + name + " is still used by "
                    + users.stream().map(c -> c.getNames()[0].substring(1)).toList() + "; stop and remove them first");
        }
        EngineCalls.run(
                "remove volume " + name, () -> client.removeVolumeCmd(name).exec());
    }

    /**
     * Starts the pipe helpers of these volumes on a background thread, so that their containers are created and
     * started while the caller does other work; {@link #archive} then takes a volume's helper ready-made. Closing
     * the handle removes the helpers not used. Nothing of a volume is read before its archive is asked for.
     */
    VolumeStore.Prepared prepare(List<String> names) {
        if (!engine.local() || FifoArchive.disabled() || names.isEmpty()) {
            return VolumeStore.Prepared.NONE;
        }
        ExecutorService starter = Executors.newSingleThreadExecutor(daemon("rollback-volume-helpers"));
        Map<String, Future<Optional<FifoArchive.Helper>>> mine = new LinkedHashMap<>();
        synchronized (prepared) {
            for (String name : names) {
                if (!prepared.containsKey(name)) {
                    // no helper image fails this start only; archive() then names the problem
                    Future<Optional<FifoArchive.Helper>> f =
                            starter.submit(() -> FifoArchive.start(engine, helperImage(), name));
                    prepared.put(name, f);
                    mine.put(name, f);
                }
            }
        }
        starter.shutdown();
        return () -> {
            for (Map.Entry<String, Future<Optional<FifoArchive.Helper>>> e : mine.entrySet()) {
                boolean unused;
                synchronized (prepared) {
                    unused = prepared.remove(e.getKey(), e.getValue());
                }
                if (unused) {
                    helper(e.getValue()).ifPresent(this::releaseLater);
                }
            }
        };
    }

    void archive(String name, OutputStream out) {
        requireExists(name);
        Future<Optional<FifoArchive.Helper>> ready;
        synchronized (prepared) {
            ready = prepared.remove(name);
        }
        Optional<FifoArchive.Helper> pipe = ready != null
                ? helper(ready)
                : engine.local() && !FifoArchive.disabled()
                        ? FifoArchive.start(engine, helperImage(), name)
                        : Optional.empty();
        if (pipe.isPresent()) {
            try {
                if (pipe.get().stream(out)) {
                    return;
                }
            } finally {
                releaseLater(pipe.get()); // the container is exiting; this thread goes on meanwhile
            }
        }
        withHelper(name, true, id -> {
            try (InputStream tar = engine.archive(id, "/data")) {
                copy(tar, out);
            } catch (IOException e) {
                throw new RollbackException("archive of volume " + name + " broke off: " + e.getMessage(), e);
            }
        });
    }

    void restore(String name, InputStream tar) {
        requireExists(name);
        free(name);
        withHelper(name, false, id -> putArchive(name, id, tar));
    }

    /** Extracts a tar at the root of a helper container (its {@code data/} entries land in the volume). */
    private void putArchive(String name, String id, InputStream tar) {
        try {
            engine.extract(id, "/", tar);
        } catch (IOException e) {
            throw new RollbackException("restore of volume " + name + " broke off: " + e.getMessage(), e);
        }
    }

    /**
     * Replaces the volume's content in place with a tar made by {@link #archive}: a helper mounting it empties it,
     * then the tar is extracted. The volume itself (its labels, driver and the stopped containers that mount it)
     * stays, so compose recreates its services on it as before. Refused, changing nothing, while a running container
     * uses it.
     */
    void replace(String name, InputStream tar) {
        requireExists(name);
        free(name);
        List<String> running = runningUsers(name);
        if (!running.isEmpty()) {
            throw new RollbackException("volume " + name + " is in use by running container(s) " + running
                    + "; stop them first (nothing in the volume was changed)");
        }
        withHelper(name, false, List.of("sh", "-c", EMPTY_DATA), id -> {
            EngineCalls.run(
                    "empty volume " + name, () -> client.startContainerCmd(id).exec());
            Integer code = EngineCalls.call(
                    "empty volume " + name,
                    () -> client.waitContainerCmd(id).start().awaitStatusCode(5, TimeUnit.MINUTES));
            if (code == null || code != 0) {
                throw new RollbackException("volume " + name + ": emptying it before the restore failed (exit code "
                        + code + " in the helper container); its previous content is in the safety archive");
            }
            putArchive(name, id, tar);
        });
    }

    /**
     * Several volumes replaced by one helper ({@link FifoReplace}) on an engine on this host; one by one otherwise.
     * Refused, changing nothing, while a running container uses any of them.
     */
    void replaceAll(List<VolumeStore.Replacement> list, Runnable oneByOne) {
        for (VolumeStore.Replacement r : list) {
            requireExists(r.name());
            free(r.name());
            List<String> running = runningUsers(r.name());
            if (!running.isEmpty()) {
                throw new RollbackException("volume " + r.name() + " is in use by running container(s) " + running
                        + "; stop them first (no volume was changed)");
            }
        }
        if (engine.local() && !FifoArchive.disabled() && FifoReplace.run(engine, helperImage(), list)) {
            return;
        }
        oneByOne.run();
    }

    /**
     * The names of the running containers that mount the volume, this process's own helpers left out (those it
     * still removes in the background are waited for), and a killed process's leftover helpers removed first (one
     * killed while it replaced the volume still holds it).
     */
    List<String> runningUsers(String name) {
        await(swept);
        awaitReleased(name);
        Map<String, String> mine = VolumeHelpers.labels();
        return EngineCalls.call(
                        "list the containers using volume " + name,
                        () -> client.listContainersCmd()
                                .withVolumeFilter(List.of(name))
                                .exec())
                .stream()
                .filter(c -> c.getLabels() == null
                        || !mine.entrySet().stream()
                                .allMatch(l -> l.getValue().equals(c.getLabels().get(l.getKey()))))
                .map(c -> c.getNames()[0].substring(1))
                .toList();
    }

    /** Waits for the helpers being removed in the background (at most 30 s), then stops the cleaner. */
    void close() {
        cleaner.shutdown();
        try {
            cleaner.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Removes the helper on the cleaner thread; {@link #awaitReleased} waits for it where the volume must be free. */
    private void releaseLater(FifoArchive.Helper h) {
        try {
            CompletableFuture<Void> gone = CompletableFuture.runAsync(h::release, cleaner);
            releasing.merge(h.volume(), gone, (a, b) -> CompletableFuture.allOf(a, b));
        } catch (RejectedExecutionException closed) {
            h.release();
        }
    }

    /**
     * Before the volume is removed, restored or replaced, the helpers of this process that mount it are gone: the
     * one started ahead for it and not taken by an archive is removed (it would hold the volume until its
     * {@link VolumeStore.Prepared} is closed), those released in the background are waited for, and so is the sweep
     * of a killed process's leftovers.
     */
    private void free(String name) {
        Future<Optional<FifoArchive.Helper>> ahead;
        synchronized (prepared) {
            ahead = prepared.remove(name);
        }
        if (ahead != null) {
            helper(ahead).ifPresent(FifoArchive.Helper::release);
        }
        awaitReleased(name);
        await(swept);
    }

    /** Until the helpers of this volume released in the background are gone (at most 30 s). */
    private void awaitReleased(String volume) {
        CompletableFuture<Void> gone = releasing.remove(volume);
        if (gone != null) {
            await(gone);
        }
    }

    /** Until background housekeeping (a release, the sweep) is done, at most 30 s. */
    private static void await(CompletableFuture<Void> work) {
        try {
            work.get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // the housekeeping never fails; a container still in the way is named by the engine's own error
        }
    }

    private static Optional<FifoArchive.Helper> helper(Future<Optional<FifoArchive.Helper>> f) {
        try {
            return f.get();
        } catch (ExecutionException e) {
            return Optional.empty(); // start() reports nothing; the archive API is the fallback
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    private static ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    private static void copy(InputStream in, OutputStream out) throws IOException {
        byte[] buf = new byte[1 << 20];
        for (int n; (n = in.read(buf)) > 0; ) {
            out.write(buf, 0, n);
        }
    }

    private void requireExists(String name) {
        if (!exists(name)) {
            throw new RollbackException(
                    "volume " + name + " does not exist on this engine; list them with: docker " + "volume ls");
        }
    }

    private void withHelper(String volume, boolean readOnly, Consumer<String> work) {
        withHelper(volume, readOnly, List.of("true"), work);
    }

    private void withHelper(String volume, boolean readOnly, List<String> cmd, Consumer<String> work) {
        Bind bind = new Bind(volume, new Volume("/data"), readOnly ? AccessMode.ro : AccessMode.rw);
        CreateContainerResponse c = EngineCalls.call(
                "create a helper container for volume " + volume,
                () -> client.createContainerCmd(helperImage())
                        .withHostConfig(HostConfig.newHostConfig().withBinds(bind))
                        .withLabels(VolumeHelpers.labels())
                        .withCmd(cmd)
                        .exec());
        try {
            work.accept(c.getId());
        } finally {
            // if it fails: labelled with its owner, the next process's VolumeHelpers.sweep removes the leftover
            VolumeHelpers.remove(engine, c.getId());
        }
    }

    private synchronized String helperImage() {
        if (helperImage == null) {
            String configured = System.getenv("ROLLBACK_HELPER_IMAGE");
            for (String image : configured != null ? List.of(configured) : HELPER_IMAGES) {
                if (engine.imageExists(image)) {
                    helperImage = image;
                    break;
                }
            }
            if (helperImage == null) {
                throw new RollbackException("no helper image for volume archives on this engine (tried " + HELPER_IMAGES
                        + "); set ROLLBACK_HELPER_IMAGE to any local image");
            }
        }
        return helperImage;
    }
}
