package dev.rollback.vault.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * The {@code sys/} endpoints past the seal: auth mounts ({@code sys/auth}: list, enable, disable), ACL policies
 * ({@code sys/policies/acl}: list, write, read, delete), the KV v2 mount {@code secret/} ({@code sys/mounts/secret},
 * there from the start, so enabling it again is answered 204), and {@code sys/capabilities-self}. Bodies as in
 * Vault's API documentation (system/auth, system/policies, system/mounts, system/capabilities-self).
 *
 * <p>{@code Reply r = SysApi.route(state, "LIST", "sys/policies/acl", body);}
 */
final class SysApi {
    private SysApi() {}

    static Reply route(VaultState state, String method, String path, JsonNode body) {
        boolean write = method.equals("POST") || method.equals("PUT");
        if (path.equals("sys/auth") && method.equals("GET")) {
            ObjectNode data = VaultApiServer.JSON.createObjectNode();
            state.authMounts.forEach((p, t) -> data.set(
                    p + "/",
                    VaultApiServer.JSON
                            .createObjectNode()
                            .put("accessor", "auth_" + t + "_" + Integer.toHexString(p.hashCode()))
                            .put("description", t.equals("token") ? "token based credentials" : "")
                            .put("type", t)
                            .put("local", false)
                            .put("seal_wrap", false)));
            return Reply.ok(data);
        }
        if (path.startsWith("sys/auth/") && write) {
            String mount = path.substring("sys/auth/".length()).replaceAll("/+$", "");
            if (state.authMounts.containsKey(mount)) {
                return Reply.error(400, "path is already in use at " + mount + "/");
            }
            if (body.path("type").asText("").isEmpty()) {
                return Reply.error(400, "missing required parameter type");
            }
            state.authMounts.put(mount, body.get("type").asText());
            state.modified();
            return Reply.noContent();
        }
        if (path.startsWith("sys/auth/") && method.equals("DELETE")) {
            if (state.authMounts.remove(path.substring("sys/auth/".length())) != null) {
                state.modified();
            }
            return Reply.noContent();
        }
        if (path.equals("sys/policies/acl") && method.equals("LIST")) {
            ArrayNode keys = VaultApiServer.JSON.createArrayNode();
            state.policies.keySet().stream().filter(p -> !p.equals("root")).forEach(keys::add);
            ObjectNode data = VaultApiServer.JSON.createObjectNode();
            data.set("keys", keys);
            return Reply.ok(data);
        }
        if (path.startsWith("sys/policies/acl/") && write) {
            String name = path.substring("sys/policies/acl/".length());
            if (name.equals("root")) {
                return Reply.error(400, "cannot update root policy");
            }
            if (body.path("policy").asText("").isBlank()) {
                return Reply.error(400, "'policy' parameter not supplied or empty");
            }
            state.policies.put(name, body.get("policy").asText());
            state.modified();
            return Reply.noContent();
        }
        if (path.startsWith("sys/policies/acl/") && method.equals("GET")) {
            String name = path.substring("sys/policies/acl/".length());
            String text = state.policies.get(name);
            if (text == null) {
                return Reply.notFound();
            }
            return Reply.ok(
                    VaultApiServer.JSON.createObjectNode().put("name", name).put("policy", text));
        }
        if (path.startsWith("sys/mounts/") && write) {
            String mount = path.substring("sys/mounts/".length()).replaceAll("/+$", "");
            boolean kv = body.path("type").asText().equals("kv")
                    || body.path("type").asText().equals("kv-v2");
            if (!mount.equals("secret") || !kv) {
                return Reply.error(400, "this server has one secrets engine, KV version 2 at secret/");
            }
            return Reply.noContent();
        }
        if (path.startsWith("sys/policies/acl/") && method.equals("DELETE")) {
            String name = path.substring("sys/policies/acl/".length());
            if (name.equals("root") || name.equals("default")) {
                return Reply.error(400, "cannot delete " + name + " policy");
            }
            if (state.policies.remove(name) != null) {
                state.modified();
            }
            return Reply.noContent();
        }
        return Reply.error(404, "no handler for route \"" + path + "\"");
    }

    /**
     * {@code sys/capabilities-self}: per path the token's capabilities, at the top level as the API documentation
     * shows and under {@code data} as Vault's responses also carry them; {@code capabilities} too for one path.
     * The root token has {@code root}; another token has create, delete, list, read, update where one of its path
     * prefixes matches, else {@code deny}.
     */
    static Reply capabilities(VaultState.Token grants, JsonNode body) {
        if (grants == null) {
            return Reply.error(403, "permission denied");
        }
        if (!body.path("paths").isArray() || body.path("paths").isEmpty()) {
            return Reply.error(400, "missing required parameter paths");
        }
        ObjectNode data = VaultApiServer.JSON.createObjectNode();
        for (JsonNode p : body.path("paths")) {
            List<String> caps = grants.root()
                    ? List.of("root")
                    : grants.allows(p.asText())
                            ? List.of("create", "delete", "list", "read", "update")
                            : List.of("deny");
            data.set(p.asText(), VaultApiServer.JSON.valueToTree(caps));
        }
        if (body.path("paths").size() == 1) {
            data.set("capabilities", data.get(body.path("paths").get(0).asText()));
        }
        ObjectNode o = Reply.envelope();
        o.set("data", data);
        data.properties().forEach(f -> o.set(f.getKey(), f.getValue()));
        return new Reply(200, o);
    }
}
