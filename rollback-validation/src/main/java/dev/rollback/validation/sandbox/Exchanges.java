package dev.rollback.validation.sandbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;

/**
 * Writing the stand-ins' replies: JSON, HTML, redirects; a {@code HEAD} request (as {@code wget --spider} sends)
 * gets the status and headers of its {@code GET} without the body.
 *
 * <p>{@code Exchanges.json(exchange, 200, Map.of("status", "ok"), json);}
 */
final class Exchanges {
    /** The largest request body read; more is refused with 413. */
    static final int MAX_BODY = 1 << 20;

    private Exchanges() {}

    static boolean isRead(HttpExchange x) {
        return "GET".equals(x.getRequestMethod()) || "HEAD".equals(x.getRequestMethod());
    }

    static void json(HttpExchange x, int status, Object body, ObjectMapper json) throws IOException {
        byte[] bytes;
        try {
            bytes = body instanceof byte[] raw ? raw : json.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IOException("cannot write the reply: " + e.getMessage(), e);
        }
        send(x, status, "application/json", bytes);
    }

    static void html(HttpExchange x, int status, String body) throws IOException {
        send(x, status, "text/html; charset=utf-8", body.getBytes(StandardCharsets.UTF_8));
    }

    static void redirect(HttpExchange x, int status, String location) throws IOException {
        x.getResponseHeaders().set("Location", location);
        send(x, status, "application/json", new byte[0]);
    }

    /** 405 naming the methods the path takes. */
    static void notAllowed(HttpExchange x, String allow, String field, ObjectMapper json) throws IOException {
        x.getResponseHeaders().set("Allow", allow);
        json(x, 405, Map.of(field, "method " + x.getRequestMethod() + " not allowed; use " + allow), json);
    }

    /** The request body, or empty when it is larger than {@link #MAX_BODY}. */
    static Optional<byte[]> body(HttpExchange x) throws IOException {
        try (InputStream in = x.getRequestBody()) {
            byte[] b = in.readNBytes(MAX_BODY + 1);
            return b.length > MAX_BODY ? Optional.empty() : Optional.of(b);
        }
    }

    private static void send(HttpExchange x, int status, String type, byte[] body) throws IOException {
        x.getResponseHeaders().set("Content-Type", type);
        if ("HEAD".equals(x.getRequestMethod())) {
            x.getResponseHeaders().set("Content-Length", String.valueOf(body.length));
            x.sendResponseHeaders(status, -1);
            x.close();
            return;
        }
        x.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = x.getResponseBody()) {
            out.write(body);
        }
    }
}
