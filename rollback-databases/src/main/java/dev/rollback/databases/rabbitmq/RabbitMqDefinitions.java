package dev.rollback.databases.rabbitmq;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rollback.databases.spi.DatabaseTarget;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * A definitions document (the management API's export/import format) cut down to a target's scope: with vhosts in
 * scope, only those vhosts and what lives in them (queues, exchanges, bindings, policies, parameters, permissions),
 * the users holding permissions there (but the login itself, so restoring a vhost never changes the password it
 * logs in with), and no global parameters. An empty scope keeps the whole document.
 *
 * <p>{@code ObjectNode mine = RabbitMqDefinitions.scoped(api.get("/api/definitions"), target);}
 */
final class RabbitMqDefinitions {
    /** The per-vhost sections, each item carrying a {@code vhost} field. */
    static final List<String> VHOST_SECTIONS =
            List.of("queues", "exchanges", "bindings", "policies", "parameters", "permissions", "topic_permissions");

    private RabbitMqDefinitions() {}

    /** The server's current definitions, cut down to the target's scope. */
    static ObjectNode current(RabbitMqApi api, DatabaseTarget target) {
        return scoped(api.get("/api/definitions"), target);
    }

    static ObjectNode scoped(JsonNode all, DatabaseTarget target) {
        ObjectNode out = all.deepCopy();
        if (target.scope().isEmpty()) {
            return out;
        }
        Set<String> scope = Set.copyOf(target.scope());
        out.set(
                "vhosts",
                keep(all.path("vhosts"), v -> scope.contains(v.path("name").asText())));
        for (String section : VHOST_SECTIONS) {
            out.set(
                    section,
                    keep(all.path(section), v -> scope.contains(v.path("vhost").asText())));
        }
        Set<String> users = new HashSet<>();
        out.path("permissions").forEach(p -> users.add(p.path("user").asText()));
        out.path("topic_permissions").forEach(p -> users.add(p.path("user").asText()));
        users.remove(target.user());
        out.set(
                "users",
                keep(all.path("users"), u -> users.contains(u.path("name").asText())));
        out.set("global_parameters", out.arrayNode());
        return out;
    }

    /** The vhost names the document defines. */
    static Set<String> vhosts(JsonNode defs) {
        Set<String> out = new HashSet<>();
        defs.path("vhosts").forEach(v -> out.add(v.path("name").asText()));
        return out;
    }

    /** The vhosts a fingerprint or drop covers: those defined, plus the scope (a vhost may be absent). */
    static Set<String> coveredVhosts(JsonNode defs, DatabaseTarget target) {
        Set<String> out = vhosts(defs);
        out.addAll(target.scope());
        return out;
    }

    /** Whether an exchange is one the server makes itself ({@code amq.*} or the nameless default). */
    static boolean builtInExchange(String name) {
        return name.isEmpty() || name.startsWith("amq.");
    }

    private static ArrayNode keep(JsonNode items, Predicate<JsonNode> test) {
        ArrayNode out = RabbitMqApi.JSON.createArrayNode();
        items.forEach(i -> {
            if (test.test(i)) {
                out.add(i.deepCopy());
            }
        });
        return out;
    }
}
