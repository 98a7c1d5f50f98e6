package dev.rollback.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Frame;
import dev.rollback.errors.RollbackException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Reads a container's log lines since a moment, as {@code docker logs --since <t> --tail <n>} does, from the engine's
 * log stream (stdout and stderr in the order the engine stored them).
 *
 * <p>{@code new ContainerLogs(streams, Duration.ofSeconds(10)).read("postgres", id, since, 5000)}
 */
final class ContainerLogs {
    private final DockerClient streams;
    private final Duration timeout;

    ContainerLogs(DockerClient streams, Duration timeout) {
        this.streams = streams;
        this.timeout = timeout;
    }

    List<String> read(String service, String containerId, Instant since, int maxLines) {
        StringBuilder text = new StringBuilder();
        ResultCallback.Adapter<Frame> callback = new ResultCallback.Adapter<>() {
            @Override
            public void onNext(Frame frame) {
                synchronized (text) {
                    text.append(new String(frame.getPayload(), StandardCharsets.UTF_8));
                }
            }
        };
        try (ResultCallback.Adapter<Frame> open = EngineCalls.call(
                "read the log of service " + service,
                () -> streams.logContainerCmd(containerId)
                        .withStdOut(true)
                        .withStdErr(true)
                        .withSince((int) Math.max(0, since.getEpochSecond()))
                        .withTail(Math.max(1, maxLines))
                        .exec(callback))) {
            if (!open.awaitCompletion(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new RollbackException("the Docker engine did not send the log of service '" + service
                        + "' within " + timeout.toSeconds() + " s; " + EngineCalls.START_ENGINE);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RollbackException("interrupted while reading the log of service '" + service + "'", e);
        } catch (IOException e) {
            throw new RollbackException("could not close the log stream of service '" + service + "'", e);
        }
        List<String> lines = new ArrayList<>();
        synchronized (text) {
            for (String line : text.toString().split("\r?\n")) {
                if (!line.isEmpty()) {
                    lines.add(line);
                }
            }
        }
        return lines.size() <= maxLines ? lines : List.copyOf(lines.subList(lines.size() - maxLines, lines.size()));
    }
}
