package dev.rollback.docker;

import com.github.dockerjava.api.exception.DockerException;
import dev.rollback.errors.RollbackException;
import java.util.function.Supplier;

/**
 * Wraps docker-java failures once into a {@link RollbackException} that says what was attempted and what to do.
 *
 * <p>{@code EngineCalls.call("stop mysql", () -> client.stopContainerCmd(id).exec())}
 */
final class EngineCalls {
    static final String START_ENGINE =
            "check that dockerd runs (sudo systemctl start docker, or scripts/setup-test-env.sh)"
                    + " or point DOCKER_HOST at a running engine (with DOCKER_TLS_VERIFY=1 and DOCKER_CERT_PATH for TLS)";

    private EngineCalls() {}

    static <T> T call(String what, Supplier<T> call) {
        try {
            return call.get();
        } catch (RollbackException e) {
            throw e;
        } catch (DockerException e) {
            // the engine answered, with an error of its own: no point telling the user to start it
            throw new RollbackException(
                    "could not " + what + ": the Docker engine answered " + e.getHttpStatus() + ": "
                            + firstLine(e.getMessage()),
                    e);
        } catch (RuntimeException e) {
            throw new RollbackException(
                    "could not " + what + " on the Docker engine: " + firstLine(e.getMessage()) + "; " + START_ENGINE,
                    e);
        }
    }

    static void run(String what, Runnable call) {
        call(what, () -> {
            call.run();
            return null;
        });
    }

    static String firstLine(String s) {
        if (s == null) {
            return "(no message)";
        }
        String t = s.strip();
        int nl = t.indexOf('\n');
        return nl < 0 ? t : t.substring(0, nl);
    }
}
