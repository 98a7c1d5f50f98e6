package dev.rollback.vault.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The state file's JSON: {@link VaultState} to and from a tree, field by field (no data binding), refusing with
 * {@link IllegalArgumentException} naming the field when one is missing or of another type.
 *
 * <p>{@code VaultState s = StateCodec.read(VaultApiServer.JSON.readTree(bytes));}
 */
final class StateCodec {
    static final int FORMAT = 1;
    private static final String NOTE = "State of the rollback SDK's Vault API server. Not encrypted (a real Vault"
            + " encrypts its storage with its root key): unseal shares and tokens are kept only as SHA-256 hashes,"
            + " KV data in clear.";

    private StateCodec() {}

    static ObjectNode write(VaultState s) {
        ObjectNode o = VaultApiServer.JSON
                .createObjectNode()
                .put("format", FORMAT)
                .put("note", NOTE)
                .put("initialized", s.initialized);
        ObjectNode seal = o.putObject("seal")
                .put("type", "shamir")
                .put("shares", s.shares)
                .put("threshold", s.threshold);
        s.shareHashes.forEach(seal.putArray("share_sha256")::add);
        ObjectNode tokens = o.putObject("tokens");
        s.tokens.forEach((hash, t) -> {
            ObjectNode e = tokens.putObject(hash);
            t.policies().forEach(e.putArray("policies")::add);
            t.paths().forEach(e.putArray("paths")::add);
        });
        ObjectNode kv = o.putObject("kv");
        s.kv.forEach((key, versions) -> {
            ArrayNode a = kv.putArray(key);
            for (VaultState.KvVersion v : versions) {
                ObjectNode e = a.addObject();
                e.set("data", v.data);
                e.put("created_time", v.created.toString());
                e.put("deletion_time", v.isDeleted() ? v.deleted.toString() : "");
            }
        });
        ObjectNode mounts = o.putObject("auth_mounts");
        s.authMounts.forEach(mounts::put);
        ObjectNode policies = o.putObject("policies");
        s.policies.forEach(policies::put);
        ObjectNode roles = o.putObject("approles");
        s.roles.forEach((name, r) -> {
            ObjectNode e = roles.putObject(name).put("role_id", r.roleId());
            r.policies().forEach(e.putArray("token_policies")::add);
            e.put("secret_id_ttl", r.secretIdTtl().toString());
            ArrayNode ids = e.putArray("secret_ids");
            r.secretIds()
                    .forEach(i -> ids.addObject()
                            .put("sha256", i.sha256())
                            .put("accessor", i.accessor())
                            .put("creation_time", i.created().toString())
                            .put("ttl", i.ttl().toString()));
        });
        return o;
    }

    static VaultState read(JsonNode o) {
        object(o, "the top level");
        if (!o.path("format").isInt() || o.get("format").asInt() != FORMAT) {
            throw new IllegalArgumentException(
                    "its \"format\" is not " + FORMAT + " (written by another version of the server?)");
        }
        VaultState s = new VaultState();
        s.initialized = bool(o, "initialized");
        JsonNode seal = object(o.get("seal"), "seal");
        s.shares = integer(seal, "shares");
        s.threshold = integer(seal, "threshold");
        for (JsonNode h : array(seal.get("share_sha256"), "seal.share_sha256")) {
            s.shareHashes.add(text(h, "seal.share_sha256[]"));
        }
        if (s.initialized && (s.shareHashes.size() != s.shares || s.threshold < 1 || s.threshold > s.shares)) {
            throw new IllegalArgumentException("its seal configuration is inconsistent (" + s.shareHashes.size()
                    + " share hashes for " + s.shares + " shares, threshold " + s.threshold + ")");
        }
        for (Map.Entry<String, JsonNode> e : object(o.get("tokens"), "tokens").properties()) {
            JsonNode t = object(e.getValue(), "tokens entry");
            s.tokens.put(
                    e.getKey(),
                    new VaultState.Token(
                            texts(t.get("policies"), "tokens entry policies"),
                            texts(t.get("paths"), "tokens entry paths")));
        }
        for (Map.Entry<String, JsonNode> e : object(o.get("kv"), "kv").properties()) {
            List<VaultState.KvVersion> versions = new ArrayList<>();
            for (JsonNode v : array(e.getValue(), "kv." + e.getKey())) {
                String where = "kv." + e.getKey() + " version " + (versions.size() + 1);
                String deleted = text(v.get("deletion_time"), where + " deletion_time");
                versions.add(new VaultState.KvVersion(
                        (ObjectNode) object(v.get("data"), where + " data"),
                        instant(v.get("created_time"), where + " created_time"),
                        deleted.isEmpty() ? null : instant(v.get("deletion_time"), where + " deletion_time")));
            }
            if (versions.isEmpty()) {
                throw new IllegalArgumentException("kv." + e.getKey() + " has no version");
            }
            s.kv.put(e.getKey(), versions);
        }
        for (Map.Entry<String, JsonNode> e :
                object(o.get("auth_mounts"), "auth_mounts").properties()) {
            s.authMounts.put(e.getKey(), text(e.getValue(), "auth_mounts." + e.getKey()));
        }
        for (Map.Entry<String, JsonNode> e :
                object(o.get("policies"), "policies").properties()) {
            s.policies.put(e.getKey(), text(e.getValue(), "policies." + e.getKey()));
        }
        for (Map.Entry<String, JsonNode> e :
                object(o.get("approles"), "approles").properties()) {
            JsonNode r = object(e.getValue(), "approles." + e.getKey());
            String where = "approles." + e.getKey() + ".";
            List<VaultState.SecretId> ids = new ArrayList<>();
            for (JsonNode i : array(r.get("secret_ids"), where + "secret_ids")) {
                ids.add(new VaultState.SecretId(
                        text(i.get("sha256"), where + "secret_ids[].sha256"),
                        text(i.get("accessor"), where + "secret_ids[].accessor"),
                        instant(i.get("creation_time"), where + "secret_ids[].creation_time"),
                        duration(i.get("ttl"), where + "secret_ids[].ttl")));
            }
            s.roles.put(
                    e.getKey(),
                    new VaultState.AppRole(
                            text(r.get("role_id"), where + "role_id"),
                            texts(r.get("token_policies"), where + "token_policies"),
                            duration(r.get("secret_id_ttl"), where + "secret_id_ttl"),
                            ids));
        }
        return s;
    }

    private static JsonNode object(JsonNode n, String where) {
        if (n == null || !n.isObject()) {
            throw missing(where, "an object");
        }
        return n;
    }

    private static JsonNode array(JsonNode n, String where) {
        if (n == null || !n.isArray()) {
            throw missing(where, "a list");
        }
        return n;
    }

    private static String text(JsonNode n, String where) {
        if (n == null || !n.isTextual()) {
            throw missing(where, "a string");
        }
        return n.asText();
    }

    private static List<String> texts(JsonNode n, String where) {
        List<String> out = new ArrayList<>();
        array(n, where).forEach(e -> out.add(text(e, where)));
        return List.copyOf(out);
    }

    private static boolean bool(JsonNode o, String field) {
        if (!o.path(field).isBoolean()) {
            throw missing(field, "true or false");
        }
        return o.get(field).asBoolean();
    }

    private static int integer(JsonNode o, String field) {
        if (!o.path(field).isInt()) {
            throw missing("seal." + field, "a number");
        }
        return o.get(field).asInt();
    }

    private static Instant instant(JsonNode n, String where) {
        try {
            return Instant.parse(text(n, where));
        } catch (DateTimeParseException e) {
            throw missing(where, "a time");
        }
    }

    private static Duration duration(JsonNode n, String where) {
        try {
            return Duration.parse(text(n, where));
        } catch (DateTimeParseException e) {
            throw missing(where, "a duration");
        }
    }

    private static IllegalArgumentException missing(String where, String what) {
        return new IllegalArgumentException(where + " is missing or not " + what);
    }
}
