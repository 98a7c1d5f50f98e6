package dev.rollback.vault.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The KV v2 mount {@code secret/}: {@code data/} read (a version too), write with check-and-set, merge-patch and
 * soft delete; {@code metadata/} list. Bodies as in Vault's API documentation (secret/kv/kv-v2).
 *
 * <p>{@code Reply r = KvV2Api.route(state, "GET", "secret/data/mysql", Map.of(), body, null);}
 */
final class KvV2Api {
    private KvV2Api() {}

    static Reply route(
            VaultState state, String method, String path, Map<String, String> query, JsonNode body, String type) {
        String rest = path.substring("secret/".length());
        if (rest.startsWith("metadata/") && method.equals("LIST")) {
            return list(state, rest.substring("metadata/".length()));
        }
        if (!rest.startsWith("data/")) {
            return Reply.error(404, "no handler for route \"" + path + "\"");
        }
        String key = rest.substring("data/".length());
        List<VaultState.KvVersion> versions = state.kv.get(key);
        switch (method) {
            case "GET":
                return read(versions, query.getOrDefault("version", "0"));
            case "DELETE":
                state.deleteLatest(key, Instant.now());
                return Reply.noContent();
            case "POST":
            case "PUT":
            case "PATCH":
                return write(state, method, key, versions, body, type);
            default:
                return Reply.error(405, "unsupported operation");
        }
    }

    private static Reply list(VaultState state, String prefix) {
        Set<String> keys = new TreeSet<>();
        state.kv.keySet().stream().filter(k -> k.startsWith(prefix)).forEach(k -> {
            String tail = k.substring(prefix.length());
            keys.add(tail.contains("/") ? tail.substring(0, tail.indexOf('/') + 1) : tail);
        });
        if (keys.isEmpty()) {
            return Reply.notFound();
        }
        ObjectNode data = VaultApiServer.JSON.createObjectNode();
        data.set("keys", VaultApiServer.JSON.valueToTree(keys));
        return Reply.ok(data);
    }

    private static Reply read(List<VaultState.KvVersion> versions, String version) {
        if (versions == null) {
            return Reply.notFound();
        }
        int n;
        try {
            n = Integer.parseInt(version);
        } catch (NumberFormatException e) {
            return Reply.error(400, "error parsing version: \"" + version + "\" is not a number");
        }
        if (n == 0) {
            n = versions.size();
        }
        if (n < 0 || n > versions.size()) {
            return Reply.notFound();
        }
        VaultState.KvVersion v = versions.get(n - 1);
        ObjectNode data = VaultApiServer.JSON.createObjectNode();
        data.set("data", v.isDeleted() ? VaultApiServer.JSON.nullNode() : v.data.deepCopy());
        data.set("metadata", versionMetadata(v, n));
        Reply r = Reply.ok(data);
        return v.isDeleted() ? new Reply(404, r.body()) : r;
    }

    private static Reply write(
            VaultState state,
            String method,
            String key,
            List<VaultState.KvVersion> versions,
            JsonNode body,
            String type) {
        int current = versions == null ? 0 : versions.size();
        if (method.equals("PATCH")) {
            if (!"application/merge-patch+json".equals(type)) {
                return Reply.error(415, "Unsupported Media Type");
            }
            if (versions == null) {
                return Reply.notFound();
            }
        }
        if (body.path("options").has("cas") && body.path("options").path("cas").asInt() != current) {
            return Reply.error(400, "check-and-set parameter did not match the current version");
        }
        if (!body.path("data").isObject()) {
            return Reply.error(400, "no data provided");
        }
        ObjectNode d = VaultApiServer.JSON.createObjectNode();
        if (method.equals("PATCH")) {
            d.setAll(versions.get(current - 1).data.deepCopy());
        }
        body.path("data").properties().forEach(f -> d.set(f.getKey(), f.getValue()));
        int n = state.putKv(key, d, Instant.now());
        return Reply.ok(versionMetadata(state.kv.get(key).get(n - 1), n));
    }

    static ObjectNode versionMetadata(VaultState.KvVersion v, int n) {
        ObjectNode m = VaultApiServer.JSON.createObjectNode().put("created_time", v.created.toString());
        m.putNull("custom_metadata");
        return m.put("deletion_time", v.isDeleted() ? v.deleted.toString() : "")
                .put("destroyed", false)
                .put("version", n);
    }
}
