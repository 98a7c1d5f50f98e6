package dev.rollback.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.transport.DockerHttpClient;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The engine calls of the volume helpers, in one place: on an engine on this host straight over its unix socket
 * ({@link SocketCalls}: the calls on a volume backup's path, a few ms each where a cold docker-java takes 30-100 ms,
 * and archives streamed with 1 MiB buffers), on any other engine through docker-java ({@link DockerJavaCalls}).
 *
 * <p>{@code VolumeEngine engine = VolumeEngine.of(client, http, UnixSocketHttp.of(host)); engine.volumeExists("db_data");}
 */
interface VolumeEngine {
    /**
     * The socket's calls for a {@code unix://} engine, docker-java's otherwise ({@code http}, the bare transport for
     * archive streams, is then required).
     */
    static VolumeEngine of(DockerClient client, DockerHttpClient http, Optional<UnixSocketHttp> unix) {
        return unix.<VolumeEngine>map(SocketCalls::new).orElseGet(() -> new DockerJavaCalls(client, http));
    }

    /**
     * Whether the engine runs on this host (its unix socket): its helpers can mount this host's named pipes, and the
     * pids in their owner labels are this host's.
     */
    boolean local();

    boolean volumeExists(String name);

    boolean imageExists(String image);

    /**
     * Creates and starts a container without a network; its id, or empty when it could not be started (a container
     * created but not started is removed again, or left to the labels' sweep).
     */
    Optional<String> run(String image, List<String> cmd, List<String> binds, Map<String, String> labels);

    /** The containers, running or not, that carry the label {@code key=value}. */
    List<Listed> list(String key, String value);

    /** Whether the container runs (false once it is gone); true when the engine cannot say. */
    boolean running(String id);

    /** The exit code of a container that has stopped; an error when the engine cannot tell it. */
    int exitCode(String id);

    /** Removes the container, killing it if it runs; true when it is gone (or was already), false when refused. */
    boolean remove(String id);

    /** The tar of {@code path} in the container (the engine's archive API); an error status is an exception. */
    InputStream archive(String id, String path) throws IOException;

    /** Extracts the tar into the container at {@code path} (the engine's archive API). */
    void extract(String id, String path, InputStream tar) throws IOException;

    /**
     * A container as the engine lists it.
     *
     * @param id its id
     * @param name its first name without the leading slash, or its id when it has none
     * @param labels its labels
     */
    record Listed(String id, String name, Map<String, String> labels) {}
}
