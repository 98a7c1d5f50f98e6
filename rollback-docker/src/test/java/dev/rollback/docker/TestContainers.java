package dev.rollback.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Frame;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

/**
 * Containers a test creates on the real engine, removed (with their volumes) when the test closes it.
 *
 * <p>{@code try (TestContainers c = new TestContainers()) { String id = c.start("local/redis:7", cmd -> cmd); }}
 */
final class TestContainers implements Closeable {
    static final Duration RESPONSE_TIMEOUT = Duration.ofMinutes(2);

    final DockerClient client = DockerClients.open(Duration.ofSeconds(5), RESPONSE_TIMEOUT);
    private final List<String> created = new ArrayList<>();

    /** A container name no other test run uses: {@code rollback-it-<prefix>-<random>}. */
    static String uniqueName(String prefix) {
        return "rollback-it-" + prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** Creates (not starts) a container; it is removed on {@link #close()}. */
    String create(String image, String name, UnaryOperator<CreateContainerCmd> customize) {
        String id = customize
                .apply(client.createContainerCmd(image).withName(name))
                .exec()
                .getId();
        created.add(id);
        return id;
    }

    /** Creates and starts a container; it is removed on {@link #close()}. */
    String start(String image, String name, UnaryOperator<CreateContainerCmd> customize) {
        String id = create(image, name, customize);
        client.startContainerCmd(id).exec();
        return id;
    }

    /** Waits for the container to exit and returns its exit code. */
    int awaitExit(String id, Duration timeout) {
        return client.waitContainerCmd(id).start().awaitStatusCode(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The container's stdout and stderr so far. */
    String logs(String id) throws InterruptedException {
        Output out = new Output();
        client.logContainerCmd(id).withStdOut(true).withStdErr(true).exec(out).awaitCompletion(30, TimeUnit.SECONDS);
        return out.stdout.toString() + out.stderr;
    }

    /** Runs a command in the running container and waits for it. */
    ExecResult exec(String id, List<String> env, String... cmd) throws InterruptedException {
        String execId = client.execCreateCmd(id)
                .withCmd(cmd)
                .withEnv(env)
                .withAttachStdout(true)
                .withAttachStderr(true)
                .exec()
                .getId();
        Output out = new Output();
        if (!client.execStartCmd(execId)
                .exec(out)
                .awaitCompletion(RESPONSE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException("exec " + String.join(" ", cmd) + " did not finish");
        }
        Long exit = client.inspectExecCmd(execId).exec().getExitCodeLong();
        return new ExecResult(exit == null ? -1 : exit.intValue(), out.stdout.toString(), out.stderr.toString());
    }

    /**
     * Runs {@code cmd} until it exits 0, every {@code interval}, for at most {@code timeout}; returns the last result.
     */
    ExecResult execUntilSuccess(String id, Duration timeout, Duration interval, List<String> env, String... cmd)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        ExecResult last = exec(id, env, cmd);
        while (last.exitCode() != 0 && System.nanoTime() < deadline) {
            if (!"running"
                    .equals(client.inspectContainerCmd(id).exec().getState().getStatus())) {
                return last; // it died: no point waiting
            }
            TimeUnit.NANOSECONDS.sleep(interval.toNanos());
            last = exec(id, env, cmd);
        }
        return last;
    }

    String ipAddress(String id) {
        return client.inspectContainerCmd(id)
                .exec()
                .getNetworkSettings()
                .getNetworks()
                .get("bridge")
                .getIpAddress();
    }

    @Override
    public void close() {
        try {
            for (String id : created) {
                try {
                    client.removeContainerCmd(id)
                            .withForce(true)
                            .withRemoveVolumes(true)
                            .exec();
                } catch (NotFoundException alreadyGone) {
                    // removed by the test itself
                }
            }
        } finally {
            try {
                client.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** A finished exec: exit code and both streams. */
    record ExecResult(int exitCode, String stdout, String stderr) {
        @Override
        public String toString() {
            return "exit " + exitCode + "\nstdout: " + stdout + "\nstderr: " + stderr;
        }
    }

    private static final class Output extends ResultCallback.Adapter<Frame> {
        final StringBuilder stdout = new StringBuilder();
        final StringBuilder stderr = new StringBuilder();

        @Override
        public void onNext(Frame frame) {
            String text = new String(frame.getPayload(), StandardCharsets.UTF_8);
            switch (frame.getStreamType()) {
                case STDERR -> stderr.append(text);
                default -> stdout.append(text);
            }
        }
    }
}
