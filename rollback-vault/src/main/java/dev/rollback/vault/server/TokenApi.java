package dev.rollback.vault.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;

/**
 * The token auth mount's {@code auth/token/create}, as Vault's API documentation (auth/token) has it.
 *
 * <p>{@code Reply r = TokenApi.create(state, caller, body, random);}
 */
final class TokenApi {
    private TokenApi() {}

    /**
     * {@code auth/token/create}: a token with the given policies (the caller's when none are given), which must be
     * among the caller's unless the caller is root; its paths are those of the policies' rules.
     */
    static Reply create(VaultState state, VaultState.Token caller, JsonNode body, SecureRandom random) {
        List<String> policies = new ArrayList<>();
        JsonNode given = body.get("policies");
        if (given != null && given.isArray()) {
            given.forEach(p -> policies.add(p.asText().trim()));
        } else if (given != null) {
            for (String p : given.asText().split(",")) {
                policies.add(p.trim());
            }
        }
        policies.removeIf(String::isEmpty);
        if (policies.isEmpty()) {
            policies.addAll(caller.policies());
        }
        if (!caller.root() && !caller.policies().containsAll(policies)) {
            return Reply.error(400, "child policies must be subset of parent");
        }
        boolean root = policies.contains("root");
        if (!root && !policies.contains("default")) {
            policies.add(0, "default");
        }
        String t = state.newToken(policies, root ? List.of() : state.pathsOf(policies, List.of()), random);
        ObjectNode auth = VaultApiServer.JSON
                .createObjectNode()
                .put("client_token", t)
                .put("accessor", VaultState.random(random, 12));
        auth.set("policies", VaultApiServer.JSON.valueToTree(policies));
        auth.set("token_policies", VaultApiServer.JSON.valueToTree(policies));
        auth.putNull("metadata");
        auth.put("lease_duration", root ? 0 : 2764800).put("renewable", !root);
        ObjectNode o = Reply.envelope();
        o.putNull("data");
        o.set("auth", auth);
        return new Reply(200, o);
    }
}
