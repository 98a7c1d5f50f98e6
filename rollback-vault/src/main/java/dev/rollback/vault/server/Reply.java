package dev.rollback.vault.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.UUID;

/**
 * One HTTP answer of the server: a status and a JSON body ({@code null} for none), in the envelopes of Vault's API.
 *
 * <p>{@code return Reply.error(403, "permission denied");}
 */
record Reply(int status, JsonNode body) {

    /** 200 with {@code data} in Vault's response envelope. */
    static Reply ok(JsonNode data) {
        ObjectNode o = envelope();
        o.set("data", data);
        return new Reply(200, o);
    }

    /** 204, no body. */
    static Reply noContent() {
        return new Reply(204, null);
    }

    /** 404 with an empty {@code errors} list, as Vault answers for a path with no data. */
    static Reply notFound() {
        return new Reply(
                404, VaultApiServer.JSON.createObjectNode().set("errors", VaultApiServer.JSON.createArrayNode()));
    }

    /** {@code {"errors":[message]}}. */
    static Reply error(int status, String message) {
        ObjectNode o = VaultApiServer.JSON.createObjectNode();
        o.set("errors", VaultApiServer.JSON.createArrayNode().add(message));
        return new Reply(status, o);
    }

    /** Vault's response envelope without {@code data}: request id, lease fields, wrap info, warnings, auth. */
    static ObjectNode envelope() {
        ObjectNode o = VaultApiServer.JSON
                .createObjectNode()
                .put("request_id", UUID.randomUUID().toString())
                .put("lease_id", "")
                .put("renewable", false)
                .put("lease_duration", 0);
        o.putNull("wrap_info");
        o.putNull("warnings");
        o.putNull("auth");
        return o;
    }
}
