package dev.rollback.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.PortBinding;
import com.github.dockerjava.api.model.Ports;
import dev.rollback.errors.RollbackException;
import dev.rollback.spi.ExecRequest;
import dev.rollback.spi.ExecResult;
import dev.rollback.spi.ScratchContainer;
import dev.rollback.spi.ScratchSpec;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * A throwaway container outside any compose project, its ports published on {@code 127.0.0.1} at random ports,
 * labelled {@value #LABEL}; removed (forced, with its anonymous volumes) on close.
 *
 * <p>{@code try (ScratchContainer s = DockerScratch.start(client, streams, spec)) { s.publishedPort(5432); }}
 */
final class DockerScratch implements ScratchContainer {
    /** The label every scratch container carries, whatever labels the spec adds. */
    static final String LABEL = "dev.rollback.scratch";

    private final DockerClient client;
    private final DockerClient streams;
    private final String id;
    private final String name;
    private final String image;
    private volatile boolean removed;

    private DockerScratch(DockerClient client, DockerClient streams, String id, String name, String image) {
        this.client = client;
        this.streams = streams;
        this.id = id;
        this.name = name;
        this.image = image;
    }

    static DockerScratch start(DockerClient client, DockerClient streams, ScratchSpec spec) {
        try {
            client.inspectImageCmd(spec.image()).exec();
        } catch (NotFoundException e) {
            throw new RollbackException("image " + spec.image() + " is not on this Docker engine, so no scratch"
                    + " container can run it; pull or build it first (nothing is pulled implicitly)");
        }
        String name = "rollback-scratch-"
                + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x100000, 0xffffff));
        Ports bindings = new Ports();
        List<ExposedPort> exposed = new ArrayList<>();
        for (int p : spec.ports()) {
            ExposedPort e = ExposedPort.tcp(p);
            exposed.add(e);
            bindings.add(new PortBinding(Ports.Binding.bindIp("127.0.0.1"), e));
        }
        Map<String, String> labels = new LinkedHashMap<>(spec.labels());
        labels.putIfAbsent(LABEL, "true");
        List<String> env = new ArrayList<>();
        spec.environment().forEach((k, v) -> env.add(k + "=" + v));
        String id = EngineCalls.call("create a scratch container of " + spec.image(), () -> {
            CreateContainerCmd cmd = client.createContainerCmd(spec.image())
                    .withName(name)
                    .withEnv(env)
                    .withLabels(labels)
                    .withExposedPorts(exposed)
                    .withHostConfig(HostConfig.newHostConfig().withPortBindings(bindings));
            if (!spec.command().isEmpty()) {
                cmd.withCmd(spec.command());
            }
            return cmd.exec().getId();
        });
        DockerScratch s = new DockerScratch(client, streams, id, name, spec.image());
        try {
            EngineCalls.run(
                    "start scratch container " + name,
                    () -> client.startContainerCmd(id).exec());
        } catch (RuntimeException e) {
            s.close();
            throw e;
        }
        return s;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public String describe() {
        return "scratch container " + name + " of " + image;
    }

    @Override
    public Optional<Integer> publishedPort(int containerPort) {
        return DockerRuntime.published(inspect(), containerPort);
    }

    @Override
    public ExecResult exec(ExecRequest request) {
        return new ContainerExec(client, streams).run(name, id, request);
    }

    @Override
    public boolean running() {
        InspectContainerResponse.ContainerState st = inspect().getState();
        return st != null && Boolean.TRUE.equals(st.getRunning());
    }

    @Override
    public String logTail(int lines) {
        StringBuilder b = new StringBuilder();
        ResultCallback.Adapter<Frame> cb = new ResultCallback.Adapter<>() {
            @Override
            public void onNext(Frame f) {
                synchronized (b) {
                    b.append(new String(f.getPayload(), StandardCharsets.UTF_8));
                }
            }
        };
        try {
            client.logContainerCmd(id)
                    .withStdOut(true)
                    .withStdErr(true)
                    .withTail(lines)
                    .exec(cb)
                    .awaitCompletion(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            return "(no logs: " + EngineCalls.firstLine(e.getMessage()) + ")";
        }
        synchronized (b) {
            return b.toString().strip();
        }
    }

    @Override
    public void close() {
        if (removed) {
            return;
        }
        try {
            client.removeContainerCmd(id)
                    .withForce(true)
                    .withRemoveVolumes(true)
                    .exec();
        } catch (NotFoundException gone) {
            // removed already
        } catch (RuntimeException e) {
            throw new RollbackException(
                    "could not remove " + describe() + " (" + EngineCalls.firstLine(e.getMessage())
                            + "); remove it by hand: docker rm -fv " + name,
                    e);
        }
        removed = true;
    }

    private InspectContainerResponse inspect() {
        return EngineCalls.call(
                "inspect " + describe(), () -> client.inspectContainerCmd(id).exec());
    }
}
