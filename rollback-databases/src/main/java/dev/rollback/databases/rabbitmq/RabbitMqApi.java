package dev.rollback.databases.rabbitmq;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rollback.databases.spi.DatabaseTarget;
import dev.rollback.errors.RollbackException;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The few calls of the RabbitMQ management HTTP API the adapter needs, with basic auth in a header (never in the
 * URL), the target's connect timeout for connecting and its operation timeout per request.
 *
 * <p>{@code JsonNode defs = RabbitMqApi.of(target).get("/api/definitions");}
 *
 * <p>The management port is the target option {@value #PORT_OPTION} (default {@value #DEFAULT_PORT}).
 */
final class RabbitMqApi {
    static final String PORT_OPTION = "managementPort";
    static final int DEFAULT_PORT = 15672;
    static final ObjectMapper JSON = new ObjectMapper();
    private final DatabaseTarget target;
    private final HttpClient http;
    private final String base;
    private final String authorization;

    private RabbitMqApi(DatabaseTarget target) {
        this.target = target;
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1) // h2c upgrade breaks request bodies
                .connectTimeout(target.connectTimeout())
                .build();
        int port = target.option(PORT_OPTION).map(Integer::parseInt).orElse(DEFAULT_PORT);
        this.base = "http://" + target.host() + ":" + port;
        this.authorization = "Basic "
                + Base64.getEncoder()
                        .encodeToString(
                                (target.user() + ":" + target.password().orElse("")).getBytes(StandardCharsets.UTF_8));
    }

    static RabbitMqApi of(DatabaseTarget target) {
        return new RabbitMqApi(target);
    }

    /** A path segment, {@code /} and spaces encoded ({@code %2F} for the default vhost). */
    static String seg(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    JsonNode get(String path) {
        return get(path, false);
    }

    /** {@code missingIsEmpty}: a 404 (e.g. a vhost that does not exist) reads as an empty array. */
    private JsonNode get(String path, boolean missingIsEmpty) {
        HttpResponse<byte[]> r = send(HttpRequest.newBuilder(uri(path)).GET(), "GET " + path);
        if (r.statusCode() == 404) {
            if (missingIsEmpty) {
                return JSON.createArrayNode();
            }
            throw new RollbackException("service " + target.service() + ": GET " + path + " on the management API"
                    + " answered 404; is " + base + " the management plugin?");
        }
        try {
            return JSON.readTree(r.body());
        } catch (IOException e) {
            throw new RollbackException(
                    "service " + target.service() + ": GET " + path + " on the management API"
                            + " did not answer JSON (" + e.getMessage() + "); is " + base + " the management plugin?",
                    e);
        }
    }

    /** A listing; a 404 (a vhost that is not there, e.g. deleted meanwhile) reads as an empty array. */
    JsonNode getListing(String path) {
        return get(path, true);
    }

    void post(String path, byte[] json) {
        send(
                HttpRequest.newBuilder(uri(path))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(json)),
                "POST " + path);
    }

    /** Deletes; a 404 (already gone) is not an error. */
    void delete(String path) {
        send(HttpRequest.newBuilder(uri(path)).DELETE(), "DELETE " + path);
    }

    private URI uri(String path) {
        return URI.create(base + path);
    }

    private HttpResponse<byte[]> send(HttpRequest.Builder b, String what) {
        HttpRequest request = b.header("Authorization", authorization)
                .timeout(target.operationTimeout())
                .build();
        HttpResponse<byte[]> r;
        try {
            r = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new RollbackException(
                    "service " + target.service() + ": the management API at " + base
                            + " is not reachable (" + e.getClass().getSimpleName()
                            + (e.getMessage() == null ? "" : ": " + e.getMessage())
                            + "); start RabbitMQ with the management plugin or set the target option "
                            + PORT_OPTION,
                    e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RollbackException("service " + target.service() + ": interrupted during " + what, e);
        }
        int code = r.statusCode();
        if (code == 401) {
            throw new RollbackException("service " + target.service() + ": the management API at " + base
                    + " refused the login of user " + target.user() + "; check the password in secret/"
                    + target.service());
        }
        if (code == 404 && (what.startsWith("DELETE") || what.startsWith("GET"))) {
            return r;
        }
        if (code / 100 != 2) {
            String body = new String(r.body(), StandardCharsets.UTF_8);
            throw new RollbackException("service " + target.service() + ": " + what + " on the management API"
                    + " answered " + code + ": " + (body.length() > 500 ? body.substring(0, 500) + "..." : body));
        }
        return r;
    }
}
