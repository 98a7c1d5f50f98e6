package dev.rollback.databases.rabbitmq;

import static dev.rollback.databases.rabbitmq.RabbitMqApi.seg;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rollback.databases.spi.DatabaseTarget;
import dev.rollback.errors.RollbackException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes what the server has in the target's scope and the dump does not, since a definitions import only adds
 * and updates: bindings, queues (with their messages), exchanges but {@code amq.*}, policies, parameters,
 * permissions, users, vhosts. Never the default vhost {@code /}, never the user the adapter logs in as (nor its
 * permissions); with vhosts in scope, a user is deleted only when all its permissions were in those vhosts.
 *
 * <p>{@code new RabbitMqExtras(api, target, true).drop(dump, RabbitMqExtras.read(api, target), Set.of());
 * // ["queue orders/tmp", ...]}
 *
 * <p>What is there is read beside the import ({@link #read}): an import only adds and updates, so what the server
 * had and the dump lacks is the same before, during and after it, and one read serves the check for queues and
 * exchanges that changed too.
 */
final class RabbitMqExtras {
    private static final Logger LOG = LoggerFactory.getLogger(RabbitMqExtras.class);
    private final RabbitMqApi api;
    private final DatabaseTarget target;
    private final boolean delete;
    private final List<String> dropped = new ArrayList<>();
    private final List<String> kept = new ArrayList<>();

    /** @param delete whether to delete the extras, or only list them (what a merging restore leaves behind) */
    RabbitMqExtras(RabbitMqApi api, DatabaseTarget target, boolean delete) {
        this.api = api;
        this.target = target;
        this.delete = delete;
    }

    /** What a deleting run kept on purpose (the default vhost, the login's permissions, users used elsewhere). */
    List<String> kept() {
        return kept;
    }

    /**
     * Deletes the extras (or only lists them), returning what went ({@code queue <vhost>/<name>},
     * {@code vhost <name>}, ...).
     */
    List<String> drop(JsonNode dump, JsonNode all, Set<String> recreated) {
        ObjectNode now = RabbitMqDefinitions.scoped(all, target);
        Set<String> dumpVhosts = RabbitMqDefinitions.vhosts(dump);
        Set<String> goneVhosts = new HashSet<>(RabbitMqDefinitions.vhosts(now));
        goneVhosts.removeAll(dumpVhosts);
        if (goneVhosts.remove("/") && delete) {
            LOG.warn("service {}: the dump has no default vhost \"/\"; it is kept (never dropped)", target.service());
            kept.add("kept the default vhost \"/\" that the dump does not have (it is never dropped)");
        }
        for (String vhost : dumpVhosts) {
            dropBindings(dump, vhost, all, recreated);
        }
        dropEach(
                now,
                dump,
                "queues",
                goneVhosts,
                i -> i.path("name").asText(),
                i -> "/api/queues/" + seg(i.path("vhost").asText()) + "/"
                        + seg(i.path("name").asText()),
                "queue");
        dropEach(
                now,
                dump,
                "exchanges",
                goneVhosts,
                i -> i.path("name").asText(),
                i -> RabbitMqDefinitions.builtInExchange(i.path("name").asText())
                        ? null
                        : "/api/exchanges/" + seg(i.path("vhost").asText()) + "/"
                                + seg(i.path("name").asText()),
                "exchange");
        dropEach(
                now,
                dump,
                "policies",
                goneVhosts,
                i -> i.path("name").asText(),
                i -> "/api/policies/" + seg(i.path("vhost").asText()) + "/"
                        + seg(i.path("name").asText()),
                "policy");
        dropEach(
                now,
                dump,
                "parameters",
                goneVhosts,
                i -> i.path("component").asText() + "/" + i.path("name").asText(),
                i -> "/api/parameters/" + seg(i.path("component").asText()) + "/"
                        + seg(i.path("vhost").asText()) + "/"
                        + seg(i.path("name").asText()),
                "parameter");
        dropEach(
                now,
                dump,
                "topic_permissions",
                goneVhosts,
                i -> i.path("user").asText() + "/" + i.path("exchange").asText(),
                i -> ownLogin(i)
                        ? null
                        : "/api/topic-permissions/" + seg(i.path("vhost").asText()) + "/"
                                + seg(i.path("user").asText()),
                "topic permission");
        dropEach(
                now,
                dump,
                "permissions",
                goneVhosts,
                i -> i.path("user").asText(),
                i -> ownLogin(i)
                        ? null
                        : "/api/permissions/" + seg(i.path("vhost").asText()) + "/"
                                + seg(i.path("user").asText()),
                "permission");
        dropUsers(all, now, dump);
        for (String vhost : goneVhosts) {
            remove("/api/vhosts/" + seg(vhost), "vhost " + vhost);
        }
        return dropped;
    }

    private void remove(String path, String what) {
        if (delete) {
            api.delete(path);
        }
        dropped.add(what);
    }

    private boolean ownLogin(JsonNode permission) {
        if (permission.path("user").asText().equals(target.user())) {
            if (delete) {
                LOG.info(
                        "service {}: keeping the permissions of {} (the login used) in vhost {}",
                        target.service(),
                        target.user(),
                        permission.path("vhost").asText());
                kept.add("kept the permissions of " + target.user() + " (the login used) in vhost "
                        + permission.path("vhost").asText() + ", which the dump does not have");
            }
            return true;
        }
        return false;
    }

    /** Items of a section in vhosts that stay, whose key the dump lacks for that vhost. */
    private void dropEach(
            JsonNode now,
            JsonNode dump,
            String section,
            Set<String> goneVhosts,
            Function<JsonNode, String> key,
            Function<JsonNode, String> path,
            String noun) {
        Set<String> wanted = new HashSet<>();
        dump.path(section).forEach(i -> wanted.add(i.path("vhost").asText() + "\0" + key.apply(i)));
        for (JsonNode i : now.path(section)) {
            String vhost = i.path("vhost").asText();
            if (goneVhosts.contains(vhost) || wanted.contains(vhost + "\0" + key.apply(i))) {
                continue;
            }
            String p = path.apply(i);
            if (p != null) {
                remove(p, noun + " " + vhost + "/" + key.apply(i));
            }
        }
    }

    /**
     * Bindings of {@code vhost} the dump lacks, from the definitions read beside the import; those of a queue or
     * exchange that {@code recreated} names ({@code queue <vhost>/<name>}) went with it. Deleting one needs its
     * {@code properties_key}, which only the vhost's binding listing holds: it is read when there is one to delete.
     */
    private void dropBindings(JsonNode dump, String vhost, JsonNode all, Set<String> recreated) {
        Set<String> wanted = new HashSet<>();
        dump.path("bindings").forEach(b -> {
            if (b.path("vhost").asText().equals(vhost)) {
                wanted.add(bindingKey(b));
            }
        });
        Map<String, String> propertiesKeys = null;
        for (JsonNode b : all.path("bindings")) {
            String kind = b.path("destination_type").asText().equals("queue") ? "q" : "e";
            if (!b.path("vhost").asText().equals(vhost)
                    || b.path("source").asText().isEmpty()
                    || wanted.contains(bindingKey(b))
                    || recreated.contains(
                            "exchange " + vhost + "/" + b.path("source").asText())
                    || recreated.contains((kind.equals("q") ? "queue " : "exchange ") + vhost + "/"
                            + b.path("destination").asText())) {
                continue;
            }
            if (delete && propertiesKeys == null) {
                propertiesKeys = new HashMap<>();
                for (JsonNode listed : api.getListing("/api/bindings/" + seg(vhost))) {
                    propertiesKeys.put(
                            bindingKey(listed), listed.path("properties_key").asText());
                }
            }
            String propertiesKey = delete ? propertiesKeys.get(bindingKey(b)) : "";
            if (propertiesKey == null) {
                continue; // deleted meanwhile
            }
            remove(
                    "/api/bindings/" + seg(vhost) + "/e/" + seg(b.path("source").asText()) + "/" + kind + "/"
                            + seg(b.path("destination").asText()) + "/" + seg(propertiesKey),
                    "binding " + vhost + "/" + b.path("source").asText() + "->"
                            + b.path("destination").asText() + " ("
                            + b.path("routing_key").asText() + ")");
        }
    }

    /**
     * The broker's whole definitions ({@code GET /api/definitions}), what {@link #drop} compares the dump with; read
     * beside the import.
     */
    static JsonNode read(RabbitMqApi api, DatabaseTarget target) {
        JsonNode all = api.get("/api/definitions");
        if (!all.isObject()) {
            throw new RollbackException("service " + target.service() + ": GET /api/definitions on the"
                    + " management API answered no definitions; is the management plugin enabled?");
        }
        return all;
    }

    private static String bindingKey(JsonNode b) {
        return String.join(
                "\0",
                b.path("source").asText(),
                b.path("destination_type").asText(),
                b.path("destination").asText(),
                b.path("routing_key").asText(),
                RabbitMqFingerprint.canonical(b.path("arguments")));
    }

    private void dropUsers(JsonNode all, JsonNode now, JsonNode dump) {
        Set<String> wanted = new HashSet<>();
        dump.path("users").forEach(u -> wanted.add(u.path("name").asText()));
        Set<String> scope = Set.copyOf(target.scope());
        for (JsonNode u : now.path("users")) {
            String name = u.path("name").asText();
            if (wanted.contains(name) || name.equals(target.user())) {
                continue;
            }
            boolean elsewhere = false;
            for (JsonNode p : all.path("permissions")) {
                elsewhere |= p.path("user").asText().equals(name)
                        && !scope.isEmpty()
                        && !scope.contains(p.path("vhost").asText());
            }
            if (elsewhere) {
                if (delete) {
                    LOG.info(
                            "service {}: keeping user {}: it has permissions outside the scope {}",
                            target.service(),
                            name,
                            target.scope());
                    kept.add("kept user " + name + ", which the dump does not have: it has permissions outside the"
                            + " scope " + target.scope());
                }
                continue;
            }
            remove("/api/users/" + seg(name), "user " + name);
        }
    }
}
