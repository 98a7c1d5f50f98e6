package dev.rollback.databases.support;

import dev.rollback.testing.HostServices;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

/**
 * Arranges test objects on the host's RabbitMQ through the management API, independent of the adapter's own client.
 * Path segments after {@code /api/<kind>/} are encoded here, so callers pass names as they are.
 *
 * <p>{@code new TestBroker().put("/api/vhosts/" + vhost, "{}")}
 */
public final class TestBroker {
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .build();
    private final String base = HostServices.rabbitmqManagementUrl();
    private final String auth = "Basic "
            + Base64.getEncoder()
                    .encodeToString(
                            URI.create(HostServices.rabbitmqUrl()).getUserInfo().getBytes(StandardCharsets.UTF_8));

    public void put(String path, String json) {
        expect2xx(
                send(HttpRequest.newBuilder(uri(path))
                        .header("Content-Type", "application/json")
                        .PUT(HttpRequest.BodyPublishers.ofString(json))),
                "PUT " + path);
    }

    public void post(String path, String json) {
        expect2xx(
                send(HttpRequest.newBuilder(uri(path))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(json))),
                "POST " + path);
    }

    /** A POST that answers with a body (e.g. {@code /api/queues/<vhost>/<queue>/get}). */
    public String postForBody(String path, String json) {
        HttpResponse<String> r = send(HttpRequest.newBuilder(uri(path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
        expect2xx(r, "POST " + path);
        return r.body();
    }

    public String get(String path) {
        HttpResponse<String> r = send(HttpRequest.newBuilder(uri(path)).GET());
        expect2xx(r, "GET " + path);
        return r.body();
    }

    public void delete(String path) {
        send(HttpRequest.newBuilder(uri(path)).DELETE());
    }

    public int status(String path) {
        return send(HttpRequest.newBuilder(uri(path)).GET()).statusCode();
    }

    /** Path segments after {@code /api/<kind>/} are encoded one by one. */
    private URI uri(String path) {
        String[] parts = path.split("/");
        StringBuilder b = new StringBuilder(base);
        for (int i = 1; i < parts.length; i++) {
            b.append('/')
                    .append(
                            i <= 2
                                    ? parts[i]
                                    : URLEncoder.encode(parts[i], StandardCharsets.UTF_8)
                                            .replace("+", "%20"));
        }
        return URI.create(b.toString());
    }

    private HttpResponse<String> send(HttpRequest.Builder b) {
        try {
            return http.send(
                    b.header("Authorization", auth)
                            .timeout(Duration.ofSeconds(10))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException("management API call failed: " + e, e);
        }
    }

    private static void expect2xx(HttpResponse<String> r, String what) {
        if (r.statusCode() / 100 != 2) {
            throw new IllegalStateException(what + " answered " + r.statusCode() + ": " + r.body());
        }
    }
}
