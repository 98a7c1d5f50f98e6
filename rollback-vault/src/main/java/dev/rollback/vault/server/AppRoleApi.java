package dev.rollback.vault.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The AppRole mount {@code auth/approle/}: a role written, read for its role-id and deleted; secret-ids issued and
 * looked up; and login, which issues a token with {@code default} and the role's policies, allowed under the paths
 * of those policies' rules ({@link PolicyPaths}); a policy without a text, as the tests' {@code <role>-policy},
 * allows {@code secret/data/<role>} and {@code secret/metadata/<role>}. Bodies as in Vault's API documentation
 * (auth/approle). A secret-id's TTL is told by its lookup but not enforced: an expired one still logs in, and
 * is not tidied away.
 *
 * <p>{@code Reply r = AppRoleApi.login(state, body, random);}
 */
final class AppRoleApi {
    private static final Pattern DURATION_PART = Pattern.compile("(\\d+)(ms|s|m|h|d)");

    private AppRoleApi() {}

    static Reply route(VaultState state, String method, String rest, JsonNode body, SecureRandom random) {
        int slash = rest.indexOf('/');
        String role = slash < 0 ? rest : rest.substring(0, slash);
        String what = slash < 0 ? "" : rest.substring(slash + 1);
        VaultState.AppRole r = state.roles.get(role);
        if (!state.authMounts.containsKey("approle")) {
            return Reply.error(400, "invalid role name \"" + role + "\"");
        }
        if (what.isEmpty() && (method.equals("POST") || method.equals("PUT"))) {
            return write(state, role, r, body);
        }
        if (r == null) {
            return Reply.error(400, "invalid role name \"" + role + "\"");
        }
        if (what.isEmpty() && method.equals("DELETE")) {
            state.roles.remove(role);
            state.modified();
            return Reply.noContent();
        }
        if (what.equals("role-id") && method.equals("GET")) {
            return Reply.ok(VaultApiServer.JSON.createObjectNode().put("role_id", r.roleId()));
        }
        if (what.equals("secret-id") && (method.equals("POST") || method.equals("PUT"))) {
            return issue(state, r, random);
        }
        if (what.equals("secret-id/lookup") && (method.equals("POST") || method.equals("PUT"))) {
            return lookup(r, body);
        }
        return Reply.error(405, "unsupported operation");
    }

    /** Creates a role (a new random role-id) or updates its policies and secret-id TTL. */
    private static Reply write(VaultState state, String role, VaultState.AppRole r, JsonNode body) {
        List<String> policies = r == null ? List.of() : r.policies();
        JsonNode given = body.has("token_policies") ? body.get("token_policies") : body.get("policies");
        if (given != null) {
            List<String> list = new ArrayList<>();
            if (given.isArray()) {
                given.forEach(p -> list.add(p.asText().trim()));
            } else {
                for (String p : given.asText().split(",")) {
                    list.add(p.trim());
                }
            }
            policies = list.stream().filter(p -> !p.isEmpty()).distinct().toList();
        }
        Duration ttl = r == null ? Duration.ZERO : r.secretIdTtl();
        if (body.has("secret_id_ttl")) {
            ttl = duration(body.get("secret_id_ttl"));
            if (ttl == null) {
                return Reply.error(
                        400,
                        "error parsing secret_id_ttl: \""
                                + body.get("secret_id_ttl").asText() + "\" is not a duration");
            }
        }
        state.roles.put(
                role,
                new VaultState.AppRole(
                        r == null ? UUID.randomUUID().toString() : r.roleId(),
                        policies,
                        ttl,
                        r == null ? new ArrayList<>() : r.secretIds()));
        state.modified();
        return Reply.noContent();
    }

    private static Reply issue(VaultState state, VaultState.AppRole r, SecureRandom random) {
        String secretId = new UUID(random.nextLong(), random.nextLong()).toString();
        String accessor = new UUID(random.nextLong(), random.nextLong()).toString();
        r.secretIds().add(VaultState.SecretId.of(secretId, accessor, Instant.now(), r.secretIdTtl()));
        state.modified();
        ObjectNode d = VaultApiServer.JSON
                .createObjectNode()
                .put("secret_id", secretId)
                .put("secret_id_accessor", accessor)
                .put("secret_id_num_uses", 0)
                .put("secret_id_ttl", r.secretIdTtl().toSeconds());
        return Reply.ok(d);
    }

    private static Reply lookup(VaultState.AppRole r, JsonNode body) {
        VaultState.SecretId s = r.secretId(body.path("secret_id").asText(null));
        if (s == null) {
            return Reply.noContent();
        }
        ObjectNode d = VaultApiServer.JSON.createObjectNode();
        d.set("cidr_list", VaultApiServer.JSON.createArrayNode());
        d.put("creation_time", s.created().toString());
        d.put(
                "expiration_time",
                s.ttl().isZero()
                        ? "0001-01-01T00:00:00Z"
                        : s.created().plus(s.ttl()).toString());
        d.put("last_updated_time", s.created().toString());
        d.set("metadata", VaultApiServer.JSON.createObjectNode());
        d.put("secret_id_accessor", s.accessor());
        d.put("secret_id_num_uses", 0).put("secret_id_ttl", s.ttl().toSeconds());
        d.set("token_bound_cidrs", VaultApiServer.JSON.createArrayNode());
        return Reply.ok(d);
    }

    static Reply login(VaultState state, JsonNode body, SecureRandom random) {
        if (!state.authMounts.containsKey("approle")) {
            return Reply.error(400, "no handler for route \"auth/approle/login\". route entry not found.");
        }
        for (Map.Entry<String, VaultState.AppRole> e : state.roles.entrySet()) {
            VaultState.AppRole r = e.getValue();
            VaultState.SecretId s = r.secretId(body.path("secret_id").asText(null));
            if (r.roleId().equals(body.path("role_id").asText()) && s != null) {
                List<String> policies = new ArrayList<>(List.of("default"));
                r.policies().stream().filter(p -> !policies.contains(p)).forEach(policies::add);
                List<String> paths =
                        state.pathsOf(policies, List.of("secret/data/" + e.getKey(), "secret/metadata/" + e.getKey()));
                String t = state.newToken(policies, paths, random);
                ObjectNode auth = VaultApiServer.JSON
                        .createObjectNode()
                        .put("client_token", t)
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

    /** Seconds as a number or a string, or {@code 720h}, {@code 1h30m}, {@code 30d}; {@code null} if neither. */
    static Duration duration(JsonNode n) {
        if (n.isIntegralNumber()) {
            return Duration.ofSeconds(n.asLong());
        }
        String text = n.asText().trim();
        if (text.matches("\\d+")) {
            return Duration.ofSeconds(Long.parseLong(text));
        }
        Matcher m = DURATION_PART.matcher(text);
        Duration d = Duration.ZERO;
        int end = 0;
        while (m.find() && m.start() == end) {
            long v = Long.parseLong(m.group(1));
            d = d.plus(
                    switch (m.group(2)) {
                        case "ms" -> Duration.ofMillis(v);
                        case "s" -> Duration.ofSeconds(v);
                        case "m" -> Duration.ofMinutes(v);
                        case "h" -> Duration.ofHours(v);
                        default -> Duration.ofDays(v);
                    });
            end = m.end();
        }
        return end == text.length() && end > 0 ? d : null;
    }
}
