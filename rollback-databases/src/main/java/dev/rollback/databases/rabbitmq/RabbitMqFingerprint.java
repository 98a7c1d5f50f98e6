package dev.rollback.databases.rabbitmq;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.rollback.databases.Hashes;
import dev.rollback.databases.spi.DatabaseTarget;
import dev.rollback.databases.spi.Fingerprint;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Per vhost in scope: {@code <vhost>/queues}, {@code /exchanges} (without {@code amq.*}), {@code /bindings},
 * {@code /policies}, {@code /parameters}, {@code /permissions} (topic permissions included) and {@code /vhost}
 * (its own settings), plus {@code users}: each a count and a SHA-256 over the sorted canonical JSON of the items
 * (keys sorted), so the order the server lists them in does not matter.
 *
 * <p>{@code Fingerprint f = RabbitMqFingerprint.of(target, defs); // {orders/queues=3:9f3c..., users=1:...}}
 *
 * <p>Users are hashed with their password hashes: the hash is salted, not the password, the import restores it
 * verbatim, and a password changed since the backup is a real difference a restore drill must see. Only a SHA-256
 * over it reaches the manifest. Messages in queues are not part of definitions and not fingerprinted.
 */
final class RabbitMqFingerprint {
    private static final ObjectWriter CANONICAL =
            RabbitMqApi.JSON.writer().with(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    private RabbitMqFingerprint() {}

    static Fingerprint of(DatabaseTarget target, JsonNode defs) {
        Map<String, Fingerprint.Part> parts = new TreeMap<>();
        for (String vhost : RabbitMqDefinitions.coveredVhosts(defs, target)) {
            List<String> self = new ArrayList<>();
            defs.path("vhosts").forEach(v -> {
                if (v.path("name").asText().equals(vhost)) {
                    self.add(canonical(v));
                }
            });
            parts.put(vhost + "/vhost", part(self));
            parts.put(vhost + "/queues", part(items(defs, "queues", vhost)));
            parts.put(vhost + "/exchanges", part(items(defs, "exchanges", vhost)));
            parts.put(vhost + "/bindings", part(items(defs, "bindings", vhost)));
            parts.put(vhost + "/policies", part(items(defs, "policies", vhost)));
            parts.put(vhost + "/parameters", part(items(defs, "parameters", vhost)));
            List<String> permissions = items(defs, "permissions", vhost);
            items(defs, "topic_permissions", vhost).forEach(p -> permissions.add("topic " + p));
            parts.put(vhost + "/permissions", part(permissions));
        }
        List<String> users = new ArrayList<>();
        defs.path("users").forEach(u -> users.add(canonical(u)));
        parts.put("users", part(users));
        return Fingerprint.of(target.service(), parts);
    }

    private static List<String> items(JsonNode defs, String section, String vhost) {
        List<String> out = new ArrayList<>();
        defs.path(section).forEach(i -> {
            if (i.path("vhost").asText().equals(vhost)
                    && !(section.equals("exchanges")
                            && RabbitMqDefinitions.builtInExchange(
                                    i.path("name").asText()))) {
                out.add(canonical(i));
            }
        });
        return out;
    }

    private static Fingerprint.Part part(List<String> lines) {
        List<String> sorted = new ArrayList<>(lines);
        sorted.sort(null);
        return new Fingerprint.Part(sorted.size(), Hashes.sha256OfLines(sorted));
    }

    /** The item as JSON with every object's keys sorted. */
    static String canonical(JsonNode item) {
        try {
            return CANONICAL.writeValueAsString(RabbitMqApi.JSON.convertValue(item, Object.class));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
