package dev.rollback.validation.probe;

import dev.rollback.env.Environment;
import dev.rollback.errors.RollbackException;
import dev.rollback.spi.ContainerRuntime;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

/**
 * Asks an HTTP endpoint of a service from this host, following redirects as {@code curl -L} does: at the host port
 * the service publishes its container port on, else at the container's address on its network.
 *
 * <p>{@code HttpAnswer a = new HttpProbe(Duration.ofSeconds(5)).ask(engine, env, endpoint);}
 */
public final class HttpProbe {
    /** How many timed GETs {@link #responseTime} takes the fastest of, for the baseline and the check alike. */
    public static final int RESPONSE_TRIES = 5;

    private static final int MAX_BODY = 4096;
    private final Duration timeout;
    private final HttpClient client;

    public HttpProbe(Duration timeout) {
        this.timeout = timeout;
        this.client = HttpClient.newBuilder()
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NORMAL)
                .proxy(HttpClient.Builder.NO_PROXY)
                .build();
    }

    /** Where this host reaches the endpoint; empty when the service neither publishes the port nor has an address. */
    public static Optional<URI> address(ContainerRuntime engine, Environment env, HttpEndpoint e) {
        return HostPort.of(engine, env, e.service(), e.port()).map(hp -> URI.create("http://" + hp + e.path()));
    }

    /**
     * The endpoint's response time as the fastest of {@code tries} GETs after one to open the connection. Delays on a
     * busy host only add to a request, so the fastest is the figure that moves with the service itself; the baseline
     * and the check both take it this way, so they compare like with like.
     */
    public Duration responseTime(ContainerRuntime engine, Environment env, HttpEndpoint e, int tries) {
        ask(engine, env, e);
        Duration fastest = null;
        for (int i = 0; i < tries; i++) {
            Duration took = ask(engine, env, e).took();
            if (fastest == null || took.compareTo(fastest) < 0) {
                fastest = took;
            }
        }
        return fastest;
    }

    /** One GET; an error naming the service and the address when it does not answer. */
    public HttpAnswer ask(ContainerRuntime engine, Environment env, HttpEndpoint e) {
        URI uri = address(engine, env, e)
                .orElseThrow(() -> new RollbackException(e.service() + " publishes no port " + e.port()
                        + " and has no network address this host can reach"));
        long start = System.nanoTime();
        try {
            HttpResponse<byte[]> r = client.send(
                    HttpRequest.newBuilder(uri)
                            .timeout(timeout)
                            .header("Accept", "application/json")
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            byte[] b = r.body();
            String body = new String(b, 0, Math.min(b.length, MAX_BODY), StandardCharsets.UTF_8);
            return new HttpAnswer(uri.toString(), r.statusCode(), body, took);
        } catch (IOException ex) {
            throw new RollbackException(
                    e.service() + " does not answer at " + uri + ": "
                            + (ex.getMessage() == null ? ex.getClass().getSimpleName() : ex.getMessage()),
                    ex);
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new RollbackException("interrupted while asking " + uri, ex);
        }
    }
}
