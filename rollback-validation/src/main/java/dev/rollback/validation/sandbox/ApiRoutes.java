package dev.rollback.validation.sandbox;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The routes of the stand-in for DevStack's reference APIs: {@code GET /health} (307 to {@code /health/}, as
 * FastAPI redirects), {@code GET /health/} ({@code {"status":"ok"}}), {@code GET /health/all}
 * ({@code {"status":"healthy","services":{...}}}; {@code /health/} reports the word in {@code <data>/health-status}
 * instead of {@code ok} when that file exists, still with 200, as a degraded API does), and a small resource kept in
 * the data directory:
 * {@code GET /api/items} (the ids), {@code GET|PUT|DELETE /api/items/<id>} (any JSON value, one file
 * {@code <data>/items/<id>.json} each). The health routes answer 503 when the state file is missing or corrupt, and
 * so do the item routes.
 *
 * <p>{@code curl -fsS -X PUT -d '{"n":1}' http://api:8000/api/items/a // 201, then GET /api/items/a gives {"n":1}}
 */
final class ApiRoutes implements HttpHandler {
    private static final String ITEMS = "/api/items";
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9_.-]{0,99}");

    private final StandInState state;
    private final ObjectMapper json;

    ApiRoutes(StandInState state, ObjectMapper json) {
        this.state = state;
        this.json = json;
    }

    @Override
    public void handle(HttpExchange x) throws IOException {
        String path = x.getRequestURI().getPath();
        if (path.startsWith(ITEMS + "/")) {
            item(x, path.substring(ITEMS.length() + 1));
            return;
        }
        if (!List.of("/", "/health", "/health/", "/health/all", ITEMS).contains(path)) {
            detail(x, 404, "Not Found");
        } else if (!Exchanges.isRead(x)) {
            Exchanges.notAllowed(x, "GET, HEAD", "detail", json);
        } else if (path.equals("/")) {
            Exchanges.json(x, 200, Map.of("service", "sandbox-api", "health", "/health/"), json);
        } else if (path.equals("/health")) {
            Exchanges.redirect(x, 307, "/health/");
        } else if (path.equals("/health/")) {
            Optional<String> problem = state.problem();
            Exchanges.json(
                    x,
                    problem.isEmpty() ? 200 : 503,
                    problem.isEmpty()
                            ? Map.of("status", state.reportedStatus().orElse("ok"))
                            : Map.of("status", "error", "detail", problem.get()),
                    json);
        } else if (path.equals("/health/all")) {
            all(x);
        } else {
            list(x);
        }
    }

    private void all(HttpExchange x) throws IOException {
        Optional<String> problem = state.problem();
        ObjectNode reply = json.createObjectNode().put("status", problem.isEmpty() ? "healthy" : "unhealthy");
        ObjectNode data = reply.putObject("services")
                .putObject("data")
                .put("status", problem.isEmpty() ? "healthy" : "unhealthy");
        problem.ifPresent(p -> data.put("error", p));
        Exchanges.json(x, problem.isEmpty() ? 200 : 503, reply, json);
    }

    private void list(HttpExchange x) throws IOException {
        if (unhealthy(x)) {
            return;
        }
        Path dir = state.dir().resolve("items");
        List<String> ids = List.of();
        if (Files.isDirectory(dir)) {
            try (var entries = Files.list(dir)) {
                ids = entries.map(p -> p.getFileName().toString())
                        .filter(n -> n.endsWith(".json") && !n.startsWith("."))
                        .map(n -> n.substring(0, n.length() - ".json".length()))
                        .sorted()
                        .toList();
            }
        }
        Exchanges.json(x, 200, Map.of("items", ids), json);
    }

    private void item(HttpExchange x, String id) throws IOException {
        if (!ID.matcher(id).matches()) {
            detail(x, 422, "invalid item id '" + id + "'");
            return;
        }
        if (unhealthy(x)) {
            return;
        }
        Path file = state.dir().resolve("items").resolve(id + ".json");
        switch (x.getRequestMethod()) {
            case "GET", "HEAD" -> {
                try {
                    Exchanges.json(x, 200, Files.readAllBytes(file), json);
                } catch (NoSuchFileException e) {
                    detail(x, 404, "item '" + id + "' not found");
                }
            }
            case "PUT" -> {
                Optional<byte[]> body = Exchanges.body(x);
                if (body.isEmpty()) {
                    detail(x, 413, "the body is larger than " + Exchanges.MAX_BODY + " bytes");
                    return;
                }
                byte[] value;
                try {
                    var node = json.readTree(body.get());
                    if (node == null || node.isMissingNode()) {
                        detail(x, 422, "the body is empty; send a JSON value");
                        return;
                    }
                    value = json.writeValueAsBytes(node);
                } catch (IOException e) {
                    detail(x, 422, "the body is not JSON");
                    return;
                }
                boolean existed = Files.exists(file);
                DataFiles.write(file, value);
                Exchanges.json(x, existed ? 200 : 201, value, json);
            }
            case "DELETE" -> {
                if (Files.deleteIfExists(file)) {
                    Exchanges.json(x, 204, new byte[0], json);
                } else {
                    detail(x, 404, "item '" + id + "' not found");
                }
            }
            default -> Exchanges.notAllowed(x, "GET, HEAD, PUT, DELETE", "detail", json);
        }
    }

    private boolean unhealthy(HttpExchange x) throws IOException {
        Optional<String> problem = state.problem();
        if (problem.isPresent()) {
            detail(x, 503, problem.get());
        }
        return problem.isPresent();
    }

    private void detail(HttpExchange x, int status, String detail) throws IOException {
        Exchanges.json(x, status, Map.of("detail", detail), json);
    }
}
