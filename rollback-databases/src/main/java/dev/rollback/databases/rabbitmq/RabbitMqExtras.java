package dev.rollback.databases.rabbitmq;

import static dev.rollback.databases.rabbitmq.RabbitMqApi.seg;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rollback.RollbackException;
import dev.rollback.spi.DatabaseTarget;
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
 * <p>{@code new RabbitMqExtras(api, target, true).drop(dump, Before.read(api, target, vhosts), Set.of());
 * // ["queue orders/tmp", ...]}
 *
 * <p>What is there is read before the import ({@link Before}): an import only adds and updates, so what the server
 * had and the dump lacks is the same before and after it, and one read serves the import's preparation too.
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
    List<String> drop(JsonNode dump, Before before, Set<String> recreated) {
        JsonNode all = before.all();
        ObjectNode now = RabbitMqDefinitions.scoped(all, target);
        Set<String> dumpVhosts = RabbitMqDefinitions.vhosts(dump);
        Set<String> goneVhosts = new HashSet<>(RabbitMqDefinitions.vhosts(now));
        goneVhosts.removeAll(dumpVhosts);
        if (goneVhosts.remove("/") && delete) {
            LOG.warn("service {}: the dump has no default vhost \"/\"; it is kept (never dropped)", target.service());
            kept.add("kept the default vhost \"/\" that the dump does not have (it is never dropped)");
        }
        for (String vhost : dumpVhosts) {
            dropBindings(dump, vhost, before.bindings().getOrDefault(vhost, RabbitMqApi.JSON.createArrayNode()),
                recreated);
        }
        dropEach(now, dump, "queues", goneVhosts, i -> i.path("name").asText(),
            i -> "/api/queues/" + seg(i.path("vhost").asText()) + "/" + seg(i.path("name").asText()), "queue");
        dropEach(now, dump, "exchanges", goneVhosts, i -> i.path("name").asText(),
            i -> RabbitMqDefinitions.builtInExchange(i.path("name").asText()) ? null
                : "/api/exchanges/" + seg(i.path("vhost").asText()) + "/" + seg(i.path("name").asText()), "exchange");
        dropEach(now, dump, "policies", goneVhosts, i -> i.path("name").asText(),
            i -> "/api/policies/" + seg(i.path("vhost").asText()) + "/" + seg(i.path("name").asText()), "policy");
        dropEach(now, dump, "parameters", goneVhosts, i -> i.path("component").asText() + "/" + i.path("name").asText(),
            i -> "/api/parameters/" + seg(i.path("component").asText()) + "/" + seg(i.path("vhost").asText()) + "/"
                + seg(i.path("name").asText()), "parameter");
        dropEach(now, dump, "topic_permissions", goneVhosts, i -> i.path("user").asText() + "/"
            + i.path("exchange").asText(), i -> ownLogin(i) ? null : "/api/topic-permissions/"
            + seg(i.path("vhost").asText()) + "/" + seg(i.path("user").asText()), "topic permission");
        dropEach(now, dump, "permissions", goneVhosts, i -> i.path("user").asText(),
            i -> ownLogin(i) ? null : "/api/permissions/" + seg(i.path("vhost").asText()) + "/"
                + seg(i.path("user").asText()), "permission");
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
                LOG.info("service {}: keeping the permissions of {} (the login used) in vhost {}", target.service(),
                    target.user(), permission.path("vhost").asText());
                kept.add("kept the permissions of " + target.user() + " (the login used) in vhost "
                    + permission.path("vhost").asText() + ", which the dump does not have");
            }
            return true;
        }
        return false;
    }

    /** Items of a section in vhosts that stay, whose key the dump lacks for that vhost. */
    private void dropEach(JsonNode now, JsonNode dump, String section, Set<String> goneVhosts,
                          Function<JsonNode, String> key, Function<JsonNode, String> path, String noun) {
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
     * Bindings of {@code vhost} the dump lacks, from the listing read before the import; those of a queue or exchange
     * that {@code recreated} names ({@code queue <vhost>/<name>}) went with it.
     */
    private void dropBindings(JsonNode dump, String vhost, JsonNode listed, Set<String> recreated) {
        Set<String> wanted = new HashSet<>();
        dump.path("bindings").forEach(b -> {
            if (b.path("vhost").asText().equals(vhost)) {
                wanted.add(bindingKey(b));
            }
        });
        for (JsonNode b : listed) {
            String kind = b.path("destination_type").asText().equals("queue") ? "q" : "e";
            if (b.path("source").asText().isEmpty() || wanted.contains(bindingKey(b))
                || recreated.contains("exchange " + vhost + "/" + b.path("source").asText())
                || recreated.contains((kind.equals("q") ? "queue " : "exchange ") + vhost + "/"
                + b.path("destination").asText())) {
                continue;
            }
            remove("/api/bindings/" + seg(vhost) + "/e/" + seg(b.path("source").asText()) + "/" + kind + "/"
                + seg(b.path("destination").asText()) + "/" + seg(b.path("properties_key").asText()),
                "binding " + vhost + "/" + b.path("source").asText() + "->" + b.path("destination").asText()
                + " (" + b.path("routing_key").asText() + ")");
        }
    }

    /**
     * What the server had before an import, read once ({@link #read}): its definitions and each dump vhost's
     * bindings (the listing holds the {@code properties_key} a binding's deletion needs; the definitions do not).
     */
    record Before(JsonNode all, Map<String, JsonNode> bindings) {
        /** The definitions and the bindings of {@code vhosts}, read together; a vhost not there yet has none. */
        static Before read(RabbitMqApi api, DatabaseTarget target, Set<String> vhosts) {
            List<String> names = new ArrayList<>(vhosts);
            List<String> paths = new ArrayList<>();
            paths.add("/api/definitions");
            names.forEach(v -> paths.add("/api/bindings/" + seg(v)));
            List<JsonNode> got = api.getAll(paths);
            if (!got.get(0).isObject()) {
                throw new RollbackException("service " + target.service() + ": GET /api/definitions on the"
                    + " management API answered no definitions; is the management plugin enabled?");
            }
            Map<String, JsonNode> bindings = new HashMap<>();
            for (int i = 0; i < names.size(); i++) {
                bindings.put(names.get(i), got.get(i + 1));
            }
            return new Before(got.get(0), bindings);
        }
    }

    private static String bindingKey(JsonNode b) {
        return String.join("\0", b.path("source").asText(), b.path("destination_type").asText(),
            b.path("destination").asText(), b.path("routing_key").asText(),
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
                elsewhere |= p.path("user").asText().equals(name) && !scope.isEmpty()
                    && !scope.contains(p.path("vhost").asText());
            }
            if (elsewhere) {
                if (delete) {
                    LOG.info("service {}: keeping user {}: it has permissions outside the scope {}",
                        target.service(), name, target.scope());
                    kept.add("kept user " + name + ", which the dump does not have: it has permissions outside the"
                        + " scope " + target.scope());
                }
                continue;
            }
            remove("/api/users/" + seg(name), "user " + name);
        }
    }
}
