package dev.rollback.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Container;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The labels of the helper containers that archive and restore volumes, and the sweep of those a killed process
 * left behind. Each helper names the process that made it ({@code dev.rollback.owner}: its pid, start time and host
 * name, so that a process in another container, with pids of its own, is never judged by this one's). A helper
 * whose owner is gone is a leftover: one that waits on a pipe nobody will read, or a stopped one, still holding its
 * volume (so {@code docker volume rm} and a restore of it would be refused). On an engine on this host,
 * {@link #sweep} removes those before the first volume operation of a process; helpers of a process still running,
 * of another host, or without an owner label, are left alone.
 *
 * <p>{@code client.createContainerCmd(image).withLabels(VolumeHelpers.labels())...; VolumeHelpers.sweep(client);}
 */
final class VolumeHelpers {
    static final String HELPER = "dev.rollback.helper";
    static final String OWNER = "dev.rollback.owner";
    private static final String HOST = hostName();

    private VolumeHelpers() {
    }

    /** The labels of a helper made by this process. */
    static Map<String, String> labels() {
        return Map.of(HELPER, "volume", OWNER, owner(ProcessHandle.current()).orElse("unknown"));
    }

    /**
     * Removes the helpers whose owner process has ended; the names of those removed. Never fails. Straight over the
     * engine's socket where there is one ({@link SocketCalls}: it runs beside a backup's first stream), else through
     * docker-java.
     */
    static List<String> sweep(DockerClient client, Optional<UnixSocketHttp> unix) {
        List<String> removed = new ArrayList<>();
        try {
            Optional<List<SocketCalls.Listed>> fast = unix.flatMap(u -> SocketCalls.list(u, HELPER, "volume"));
            List<SocketCalls.Listed> helpers = fast.orElseGet(() -> client.listContainersCmd().withShowAll(true)
                    .withLabelFilter(Map.of(HELPER, "volume")).exec().stream().map(VolumeHelpers::listed).toList());
            for (SocketCalls.Listed c : helpers) {
                String owner = c.labels().get(OWNER);
                if (owner != null && !alive(owner) && remove(client, unix, c.id())) {
                    removed.add(c.name());
                }
            }
        } catch (RuntimeException e) {
            // the sweep is housekeeping; the operation it precedes reports the engine's errors itself
        }
        return removed;
    }

    /** Removes a helper, running or not; false when the engine refused (removed meanwhile counts as done). */
    static boolean remove(DockerClient client, Optional<UnixSocketHttp> unix, String id) {
        // a busy engine refuses a removal now and then (the helper's kill still under way): ask again, briefly
        for (long pause : new long[] {100, 300, 1000, 0}) {
            if (removeOnce(client, unix, id)) {
                return true;
            }
            if (pause == 0) {
                break;
            }
            try {
                Thread.sleep(pause);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return false; // the engine refuses: the next sweep tries again
    }

    private static boolean removeOnce(DockerClient client, Optional<UnixSocketHttp> unix, String id) {
        if (unix.isPresent() && SocketCalls.remove(unix.get(), id)) {
            return true;
        }
        try {
            client.removeContainerCmd(id).withForce(true).exec();
            return true;
        } catch (com.github.dockerjava.api.exception.NotFoundException e) {
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static SocketCalls.Listed listed(Container c) {
        String name = c.getNames() != null && c.getNames().length > 0 ? c.getNames()[0].substring(1) : c.getId();
        return new SocketCalls.Listed(c.getId(), name, c.getLabels() == null ? Map.of() : c.getLabels());
    }

    /**
     * {@code <pid>@<start time in ms>@<host name>} of a process of this host; empty when the system does not say
     * when it started or what this host is called.
     */
    static Optional<String> owner(ProcessHandle p) {
        return HOST.isEmpty() ? Optional.empty() : p.info().startInstant()
                .map(t -> p.pid() + "@" + t.toEpochMilli() + "@" + HOST);
    }

    /** Whether the owner is alive, or not one this host can judge (another host's, or no owner of ours). */
    private static boolean alive(String owner) {
        String[] parts = owner.split("@", 3);
        if (parts.length != 3 || HOST.isEmpty() || !parts[2].equals(HOST)) {
            return true;
        }
        try {
            return ProcessHandle.of(Long.parseLong(parts[0])).flatMap(VolumeHelpers::owner).map(owner::equals)
                    .orElse(false);
        } catch (NumberFormatException e) {
            return true;
        }
    }

    /** This host's name as the kernel has it (its UTS namespace: a container has its own), or "" if unknown. */
    private static String hostName() {
        try {
            return java.nio.file.Files.readString(java.nio.file.Path.of("/proc/sys/kernel/hostname")).strip();
        } catch (java.io.IOException | RuntimeException e) {
            return "";
        }
    }
}
