package dev.rollback.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.ExecCreateCmd;
import com.github.dockerjava.api.command.InspectExecResponse;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.StreamType;
import dev.rollback.errors.RollbackException;
import dev.rollback.spi.ExecRequest;
import dev.rollback.spi.ExecResult;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Runs one command in a running container through the engine's exec API, streaming stdin, stdout and stderr.
 *
 * <p>{@code new ContainerExec(requests, streams).run("redis", containerId, ExecRequest.of("redis-cli", "ping"))}
 *
 * <p>The environment goes into the exec's own environment, never into its arguments. Stdin: the engine never
 * passes an end-of-file through an attached exec (docker-java #1684, #1552), so exactly
 * {@link ExecRequest#stdinLength()} bytes are sent and the command must read exactly that many
 * ({@code sh -c 'head -c 1048576 | psql ...'}); a command that reads to end-of-file would wait until its timeout.
 */
final class ContainerExec {
    /** Collected output beyond this many bytes per stream is dropped. */
    static final int COLLECT_LIMIT = 64 * 1024;

    private final DockerClient requests;
    private final DockerClient streams;

    ContainerExec(DockerClient requests, DockerClient streams) {
        this.requests = requests;
        this.streams = streams;
    }

    ExecResult run(String service, String containerId, ExecRequest r) {
        if (r.command().isEmpty()) {
            throw new RollbackException("exec in service '" + service + "' needs a command");
        }
        if (r.stdin().isPresent() && r.stdinLength() < 0) {
            throw new RollbackException("exec of '" + r.command().get(0) + "' in service '" + service
                    + "': stdin needs its exact length (the engine never delivers end-of-file to an exec)");
        }
        String what = "'" + r.command().get(0) + "' in service '" + service + "'";
        long begin = System.nanoTime();
        String execId = EngineCalls.call("create exec " + what, () -> {
            ExecCreateCmd cmd = requests.execCreateCmd(containerId)
                    .withCmd(r.command().toArray(String[]::new))
                    .withEnv(environment(r.environment()))
                    .withAttachStdout(true)
                    .withAttachStderr(true)
                    .withAttachStdin(r.stdin().isPresent())
                    .withTty(false);
            r.user().ifPresent(cmd::withUser);
            return cmd.exec().getId();
        });
        Sink out = new Sink(r.stdout());
        Sink err = new Sink(r.stderr());
        Bounded stdin = r.stdin().map(in -> new Bounded(in, r.stdinLength())).orElse(null);
        Output output = EngineCalls.call(
                "start exec " + what,
                () -> streams.execStartCmd(execId)
                        .withDetach(false)
                        .withTty(false)
                        .withStdIn(stdin)
                        .exec(new Output(out, err)));
        try {
            if (!output.awaitCompletion(r.timeout().toNanos(), TimeUnit.NANOSECONDS)) {
                output.close();
                String fed = stdin == null || stdin.sent == stdin.length
                        ? ""
                        : "; only " + stdin.sent + " of " + stdin.length + " stdin bytes were sent"
                                + (stdin.ended ? " (the input ended early)" : "");
                throw new RollbackException("command " + what + " did not finish within "
                        + r.timeout().toMillis() / 1000.0
                        + " s and was abandoned (it may still run in the container)" + fed
                        + "; a command fed stdin must read exactly stdinLength bytes (head -c N)");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            output.close();
            throw new RollbackException("interrupted while running " + what, e);
        }
        if (output.failure != null) {
            throw new RollbackException(
                    "the output of " + what + " could not be "
                            + (output.failure instanceof IOException ? "written: " : "read from the Docker engine: ")
                            + EngineCalls.firstLine(output.failure.getMessage()),
                    output.failure);
        }
        int exit = exitCode(execId, what, begin + r.timeout().toNanos());
        return new ExecResult(exit, out.collected(), err.collected(), Duration.ofNanos(System.nanoTime() - begin));
    }

    /** The exit code; the stream can end a moment before the engine records it. */
    private int exitCode(String execId, String what, long deadline) {
        while (true) {
            InspectExecResponse r = EngineCalls.call(
                    "inspect exec " + what,
                    () -> requests.inspectExecCmd(execId).exec());
            if (!Boolean.TRUE.equals(r.isRunning()) && r.getExitCodeLong() != null) {
                return r.getExitCodeLong().intValue();
            }
            if (System.nanoTime() > deadline) {
                throw new RollbackException(
                        "command " + what + " closed its output but did not exit before its timeout");
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
        }
    }

    private static List<String> environment(Map<String, String> env) {
        List<String> list = new ArrayList<>();
        env.forEach((k, v) -> {
            if (k.isEmpty() || k.contains("=")) {
                throw new RollbackException("exec environment variable name '" + k + "' is not valid");
            }
            list.add(k + "=" + v);
        });
        return list;
    }

    /** The caller's stream, or a capped buffer. */
    private static final class Sink {
        private final OutputStream target;
        private final ByteArrayOutputStream buffer;

        Sink(OutputStream target) {
            this.target = target;
            this.buffer = target == null ? new ByteArrayOutputStream() : null;
        }

        void write(byte[] b) throws IOException {
            if (target != null) {
                target.write(b);
                target.flush();
            } else {
                int room = COLLECT_LIMIT - buffer.size();
                buffer.write(b, 0, Math.max(0, Math.min(room, b.length)));
            }
        }

        String collected() {
            return buffer == null ? "" : buffer.toString(StandardCharsets.UTF_8);
        }
    }

    /** Demultiplexed frames into the two sinks. */
    private static final class Output extends ResultCallback.Adapter<Frame> {
        private final Sink out;
        private final Sink err;
        volatile Throwable failure;

        Output(Sink out, Sink err) {
            this.out = out;
            this.err = err;
        }

        @Override
        public void onNext(Frame frame) {
            try {
                (frame.getStreamType() == StreamType.STDERR ? err : out).write(frame.getPayload());
            } catch (IOException e) {
                failure = e;
                close();
            }
        }

        @Override
        public void onError(Throwable t) {
            if (failure == null) {
                failure = t;
            }
            close();
        }

        @Override
        public void close() {
            try {
                super.close();
            } catch (IOException ignored) {
                // already closed
            }
        }
    }

    /** Exactly {@code length} bytes of the caller's input, then end-of-file. */
    private static final class Bounded extends InputStream {
        private final InputStream in;
        final long length;
        volatile long sent;
        volatile boolean ended;

        Bounded(InputStream in, long length) {
            this.in = in;
            this.length = length;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            long left = length - sent;
            if (left <= 0) {
                return -1;
            }
            int n = in.read(b, off, (int) Math.min(len, left));
            if (n < 0) {
                ended = true;
                return -1;
            }
            sent += n;
            return n;
        }
    }
}
