package dev.rollback.vault;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.rollback.io.Durations;
import io.github.jopenlibs.vault.rest.Rest;
import io.github.jopenlibs.vault.rest.RestException;
import io.github.jopenlibs.vault.rest.RestResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The calls vault-java-driver has no API for ({@code sys/auth}, {@code sys/policies/acl}, AppRole role-id and
 * secret-id lookup), made with the driver's own {@link Rest} and the same timeouts; and the one place that turns a
 * failed call into a {@link VaultException} with a clear message. Bodies are never put into messages: only Vault's
 * {@code errors} strings, which hold no secret.
 */
final class VaultCalls {
    static final ObjectMapper JSON = new ObjectMapper();
    private final VaultSettings settings;

    VaultCalls(VaultSettings settings) {
        this.settings = settings;
    }

    VaultSettings settings() {
        return settings;
    }

    /** One answer: the status and the parsed body ({@link MissingNode} when empty). */
    record Answer(int status, JsonNode body) {}

    Answer get(String path, String token) {
        return send("GET", path, null, token);
    }

    Answer post(String path, Object body, String token) {
        return send("POST", path, body, token);
    }

    Answer delete(String path, String token) {
        return send("DELETE", path, null, token);
    }

    private Answer send(String method, String path, Object body, String token) {
        Rest rest = new Rest()
                .url(settings.address() + "/v1/" + path)
                .header("X-Vault-Request", "true")
                .connectTimeoutSeconds(settings.timeoutSeconds())
                .readTimeoutSeconds(settings.timeoutSeconds());
        if (token != null) {
            rest.header("X-Vault-Token", token);
        }
        try {
            if (body != null) {
                rest.body(JSON.writeValueAsBytes(body));
            }
            RestResponse r = switch (method) {
                case "GET" -> rest.get();
                case "POST" -> rest.post();
                case "DELETE" -> rest.delete();
                default -> throw new IllegalArgumentException(method);
            };
            return new Answer(r.getStatus(), parse(r.getBody()));
        } catch (RestException e) {
            throw unreachable(path, e);
        } catch (IOException e) {
            throw new VaultException(path, "cannot encode the request to " + path, e);
        }
    }

    static JsonNode parse(byte[] body) {
        if (body == null || body.length == 0) {
            return MissingNode.getInstance();
        }
        try {
            return JSON.readTree(new String(body, StandardCharsets.UTF_8));
        } catch (IOException e) {
            return MissingNode.getInstance();
        }
    }

    /** Vault's {@code errors} strings of a body, joined; "no details" when there are none. */
    static String errors(JsonNode body) {
        List<String> out = new ArrayList<>();
        body.path("errors").forEach(e -> out.add(e.asText()));
        return out.isEmpty() ? "no details" : String.join("; ", out);
    }

    /** The exception for a non-success answer, by status. */
    VaultException failure(String path, int status, JsonNode body, String doing) {
        String said = errors(body);
        return switch (status) {
            case 403 ->
                new VaultException(
                        path,
                        status,
                        "token lacks permission for " + path + " (Vault at "
                                + settings.address() + " answered 403: " + said + ") while " + doing
                                + "; use a token whose "
                                + "policy allows it: VAULT_TOKEN, or the root-token of " + settings.keyDir());
            case 503 ->
                new VaultException(
                        path,
                        status,
                        "Vault at " + settings.address() + " is sealed or " + "unavailable (503: " + said + ") while "
                                + doing + "; unseal it: rollback vault unseal");
            default ->
                new VaultException(
                        path,
                        status,
                        "Vault at " + settings.address() + " answered " + status + " for " + path + " while " + doing
                                + ": " + said);
        };
    }

    /** The exception for a call that got no answer (refused, timed out, bad host). */
    VaultException unreachable(String path, Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String why = root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage());
        return new VaultException(
                path,
                "Vault at " + settings.address() + " did not answer " + path + " within "
                        + Durations.format(settings.timeout()) + " (" + why
                        + "); is it running? (docker compose up -d vault; "
                        + "VAULT_ADDR sets the address)",
                root);
    }

    /** Turns a driver exception into ours: a status answer by {@link #failure}, no answer by {@link #unreachable}. */
    VaultException translate(String path, io.github.jopenlibs.vault.VaultException e, String doing) {
        int status = e.getHttpStatusCode();
        if (status == 0) {
            return unreachable(path, e);
        }
        return failure(path, status, bodyOf(e), doing);
    }

    /** The answer body the driver put into its exception message, parsed; only its {@code errors} are ever shown. */
    static JsonNode bodyOf(io.github.jopenlibs.vault.VaultException e) {
        String msg = e.getMessage() == null ? "" : e.getMessage();
        int at = msg.indexOf("Response body: ");
        return at < 0
                ? MissingNode.getInstance()
                : parse(msg.substring(at + "Response body: ".length()).getBytes(StandardCharsets.UTF_8));
    }

    static Map<String, Object> body(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }
}
