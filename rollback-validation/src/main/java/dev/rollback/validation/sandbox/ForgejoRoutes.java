package dev.rollback.validation.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The Forgejo stand-in's routes: {@code GET /} (a page naming Forgejo), {@code GET /api/healthz} (Forgejo's health
 * JSON, 503 when the state file is missing or corrupt), {@code GET /api/v1/version}, {@code GET /api/v1/repos}
 * (the repositories, by name), {@code GET|POST|DELETE /api/v1/repos/<name>}. A repository is a folder
 * {@code <data>/repositories/<name>.git} holding {@code repo.json}.
 *
 * <p>{@code curl -fsS -X POST http://forgejo:3000/api/v1/repos/devstack-core // 201, the repository's JSON}
 */
final class ForgejoRoutes implements HttpHandler {
    static final String VERSION = "7.0.0+sandbox";
    private static final String OWNER = "sandbox";
    private static final String REPOS = "/api/v1/repos";
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9_.-]{0,99}");
    private static final String PAGE = "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            + "<title>Forgejo: Beyond coding. We forge.</title></head>\n<body><h1>Forgejo</h1>"
            + "<p>A stand-in of Forgejo for the rollback SDK's e2e environment.</p></body></html>\n";

    private final StandInState state;
    private final ObjectMapper json;

    ForgejoRoutes(StandInState state, ObjectMapper json) {
        this.state = state;
        this.json = json;
    }

    @Override
    public void handle(HttpExchange x) throws IOException {
        String path = x.getRequestURI().getPath();
        if (path.equals("/") || path.equals("/api/healthz") || path.equals("/api/v1/version") || path.equals(REPOS)) {
            if (!Exchanges.isRead(x)) {
                Exchanges.notAllowed(x, "GET, HEAD", "message", json);
            } else if (path.equals("/")) {
                Exchanges.html(x, 200, PAGE);
            } else if (path.equals("/api/healthz")) {
                health(x);
            } else if (path.equals("/api/v1/version")) {
                Exchanges.json(x, 200, Map.of("version", VERSION), json);
            } else {
                list(x);
            }
        } else if (path.startsWith(REPOS + "/")) {
            repo(x, path.substring(REPOS.length() + 1));
        } else {
            message(x, 404, "not found: " + path);
        }
    }

    private void health(HttpExchange x) throws IOException {
        Optional<String> problem = state.problem();
        String now = Instant.now().toString();
        ObjectNode reply = json.createObjectNode()
                .put("status", problem.isEmpty() ? "pass" : "fail")
                .put("description", "Forgejo: Beyond coding. We forge.");
        ObjectNode checks = reply.putObject("checks");
        checks.putArray("cache:ping").addObject().put("status", "pass").put("time", now);
        ObjectNode db = checks.putArray("database:ping")
                .addObject()
                .put("status", problem.isEmpty() ? "pass" : "fail")
                .put("time", now);
        problem.ifPresent(p -> db.put("output", p));
        Exchanges.json(x, problem.isEmpty() ? 200 : 503, reply, json);
    }

    private void list(HttpExchange x) throws IOException {
        if (unhealthy(x)) {
            return;
        }
        ArrayNode repos = json.createArrayNode();
        Path dir = state.dir().resolve("repositories");
        if (Files.isDirectory(dir)) {
            List<Path> folders;
            try (var entries = Files.list(dir)) {
                folders = entries.filter(p -> p.getFileName().toString().endsWith(".git"))
                        .sorted()
                        .toList();
            }
            for (Path folder : folders) {
                try {
                    repos.add(json.readTree(folder.resolve("repo.json").toFile()));
                } catch (IOException e) {
                    message(x, 503, "repository " + folder.getFileName() + " is unreadable: " + e.getMessage());
                    return;
                }
            }
        }
        Exchanges.json(x, 200, repos, json);
    }

    private void repo(HttpExchange x, String name) throws IOException {
        if (!NAME.matcher(name).matches() || name.endsWith(".git")) {
            message(x, 422, "invalid repository name '" + name + "'");
            return;
        }
        if (unhealthy(x)) {
            return;
        }
        Path folder = state.dir().resolve("repositories").resolve(name + ".git");
        Path file = folder.resolve("repo.json");
        switch (x.getRequestMethod()) {
            case "GET", "HEAD" -> {
                try {
                    Exchanges.json(x, 200, Files.readAllBytes(file), json);
                } catch (NoSuchFileException e) {
                    message(x, 404, "repository '" + name + "' does not exist");
                }
            }
            case "POST" -> {
                Files.createDirectories(folder.getParent());
                try {
                    Files.createDirectory(folder);
                } catch (FileAlreadyExistsException e) {
                    message(x, 409, "repository '" + name + "' already exists");
                    return;
                }
                JsonNode repo = json.createObjectNode()
                        .put("name", name)
                        .put("full_name", OWNER + "/" + name)
                        .put("owner", OWNER)
                        .put("created_at", Instant.now().toString());
                DataFiles.write(file, json.writeValueAsBytes(repo));
                Exchanges.json(x, 201, repo, json);
            }
            case "DELETE" -> {
                if (!Files.exists(folder)) {
                    message(x, 404, "repository '" + name + "' does not exist");
                    return;
                }
                Files.deleteIfExists(file);
                Files.delete(folder);
                Exchanges.json(x, 204, new byte[0], json);
            }
            default -> Exchanges.notAllowed(x, "GET, HEAD, POST, DELETE", "message", json);
        }
    }

    private boolean unhealthy(HttpExchange x) throws IOException {
        Optional<String> problem = state.problem();
        if (problem.isPresent()) {
            message(x, 503, problem.get());
        }
        return problem.isPresent();
    }

    private void message(HttpExchange x, int status, String message) throws IOException {
        Exchanges.json(x, status, Map.of("message", message), json);
    }
}
