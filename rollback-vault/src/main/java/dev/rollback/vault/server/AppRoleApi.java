package dev.rollback.vault.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;

/**
 * The AppRole mount {@code auth/approle/}: a role's role-id, its secret-id's lookup, and login, which issues a
 * token with the role's policies ({@code default}, {@code <role>-policy}) allowed under {@code secret/data/<role>}
 * and {@code secret/metadata/<role>}. Bodies as in Vault's API documentation (auth/approle).
 *
 * <p>{@code Reply r = AppRoleApi.login(state, body, random);}
 */
final class AppRoleApi {
    private AppRoleApi() {
    }

    static Reply route(VaultState state, String method, String rest, JsonNode body) {
        String role = rest.substring(0, rest.indexOf('/') < 0 ? rest.length() : rest.indexOf('/'));
        VaultState.AppRole r = state.roles.get(role);
        if (r == null || !state.authMounts.containsKey("approle")) {
            return Reply.error(400, "invalid role name \"" + role + "\"");
        }
        if (rest.endsWith("/role-id") && method.equals("GET")) {
            return Reply.ok(VaultApiServer.JSON.createObjectNode().put("role_id", r.roleId()));
        }
        if (rest.endsWith("/secret-id/lookup") && (method.equals("POST") || method.equals("PUT"))) {
            if (!VaultState.isSecretId(r, body.path("secret_id").asText(null))) {
                return Reply.noContent();
            }
            ObjectNode d = VaultApiServer.JSON.createObjectNode();
            d.set("cidr_list", VaultApiServer.JSON.createArrayNode());
            d.put("creation_time", r.created().toString());
            d.put("expiration_time", r.secretIdTtl().isZero() ? "0001-01-01T00:00:00Z"
                    : r.created().plus(r.secretIdTtl()).toString());
            d.put("last_updated_time", r.created().toString());
            d.set("metadata", VaultApiServer.JSON.createObjectNode());
            d.put("secret_id_accessor", r.secretIdAccessor());
            d.put("secret_id_num_uses", 0).put("secret_id_ttl", r.secretIdTtl().toSeconds());
            d.set("token_bound_cidrs", VaultApiServer.JSON.createArrayNode());
            return Reply.ok(d);
        }
        return Reply.error(405, "unsupported operation");
    }

    static Reply login(VaultState state, JsonNode body, SecureRandom random) {
        if (!state.authMounts.containsKey("approle")) {
            return Reply.error(400, "no handler for route \"auth/approle/login\". route entry not found.");
        }
        for (Map.Entry<String, VaultState.AppRole> e : state.roles.entrySet()) {
            VaultState.AppRole r = e.getValue();
            if (r.roleId().equals(body.path("role_id").asText())
                    && VaultState.isSecretId(r, body.path("secret_id").asText(null))) {
                List<String> policies = List.of("default", e.getKey() + "-policy");
                String t = state.newToken(policies, List.of("secret/data/" + e.getKey(),
                        "secret/metadata/" + e.getKey()), random);
                ObjectNode auth = VaultApiServer.JSON.createObjectNode().put("client_token", t)
                        .put("accessor", VaultState.random(random, 12));
                auth.set("policies", VaultApiServer.JSON.valueToTree(policies));
                auth.set("token_policies", VaultApiServer.JSON.valueToTree(policies));
                auth.set("metadata", VaultApiServer.JSON.createObjectNode().put("role_name", e.getKey()));
                auth.put("lease_duration", 3600).put("renewable", true);
                ObjectNode o = Reply.envelope();
                o.putNull("data");
                o.set("auth", auth);
                return new Reply(200, o);
            }
        }
        return Reply.error(400, "invalid role or secret ID");
    }
}
