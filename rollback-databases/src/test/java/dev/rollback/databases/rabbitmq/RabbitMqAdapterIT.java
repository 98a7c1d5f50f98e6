package dev.rollback.databases.rabbitmq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rollback.databases.DatabaseAdapterContract;
import dev.rollback.databases.spi.DatabaseTarget;
import dev.rollback.databases.spi.DumpResult;
import dev.rollback.databases.spi.Fingerprint;
import dev.rollback.databases.spi.RestoreOptions;
import dev.rollback.databases.spi.RestoreResult;
import dev.rollback.databases.support.TestBroker;
import dev.rollback.env.ServiceKind;
import dev.rollback.errors.RollbackException;
import dev.rollback.spi.DumpSource;
import dev.rollback.testing.Component;
import dev.rollback.testing.HostServices;
import dev.rollback.testing.RequiresRabbitmq;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Against the host's RabbitMQ, scoped to this test's own vhosts and users (random prefix); nothing else on the
 * broker is read into a dump or changed, and everything made here is deleted afterwards. The shared tests are in
 * {@link DatabaseAdapterContract}.
 */
@RequiresRabbitmq
class RabbitMqAdapterIT extends DatabaseAdapterContract {
    private static final String ALL = "{\"configure\":\".*\",\"write\":\".*\",\"read\":\".*\"}";
    private final String prefix = "rb-it-" + UUID.randomUUID().toString().substring(0, 8);
    private final String vhost = prefix + "-orders";
    private final String later = prefix + "-later";
    private final String outside = prefix + "-outside";
    private final String user = prefix + "-app";
    private TestBroker broker;
    private DatabaseTarget target;

    RabbitMqAdapterIT() {
        super(ServiceKind.RABBITMQ, ".rbkarch");
    }

    @BeforeEach
    void connect() {
        broker = new TestBroker();
        InetSocketAddress a = HostServices.address(Component.RABBITMQ);
        URI amqp = URI.create(HostServices.rabbitmqUrl());
        String[] login = amqp.getUserInfo().split(":", 2);
        target = DatabaseTarget.custom("rabbitmq", ServiceKind.RABBITMQ)
                .host(a.getHostString())
                .port(a.getPort())
                .user(login[0])
                .password(login[1])
                .scope(List.of(vhost, later))
                .connectTimeout(Duration.ofSeconds(2))
                .options(Map.of(
                        "managementPort",
                        Integer.toString(
                                URI.create(HostServices.rabbitmqManagementUrl()).getPort())))
                .build();
    }

    @AfterEach
    void deleteOwnObjects() {
        for (String v : List.of(vhost, later, outside)) {
            broker.delete("/api/vhosts/" + v);
        }
        for (String u : List.of(user, user + "-extra")) {
            broker.delete("/api/users/" + u);
        }
    }

    @Override
    protected DatabaseTarget target() {
        return target;
    }

    @Override
    protected void damage() {
        broker.delete("/api/vhosts/" + vhost);
        broker.delete("/api/users/" + user);
    }

    /** The round trip restores without dropExtra: what it brings back is what the dump has. */
    @Override
    protected RestoreOptions roundTripOptions(RestoreOptions options) {
        return options;
    }

    /** Every kind of definition came back; the dump holds no password. */
    @Override
    protected void afterRoundTrip(Fingerprint before, Path dump, DumpResult dumped, RestoreResult r) throws Exception {
        assertThat(before.parts().get(vhost + "/queues").count()).isEqualTo(2);
        assertThat(before.parts().get(vhost + "/exchanges").count()).isEqualTo(1);
        assertThat(before.parts().get(vhost + "/bindings").count()).isEqualTo(1);
        assertThat(before.parts().get(vhost + "/policies").count()).isEqualTo(1);
        assertThat(before.parts().get(vhost + "/permissions").count()).isEqualTo(2);
        assertThat(before.parts().get("users").count()).isEqualTo(1);
        assertThat(r.safetyDump()).isPresent();
        assertThat(r.dropped()).isEmpty();
        assertThat(r.warnings()).isEmpty();
        assertThat(Files.readString(dump, StandardCharsets.ISO_8859_1)).doesNotContain("s3cret-app-pw");
    }

    @Override
    protected void changeAfterDump() {
        broker.delete("/api/queues/" + vhost + "/orders.dead");
        broker.put("/api/queues/" + vhost + "/after.dump", "{\"durable\":true}");
    }

    @Override
    protected RestoreOptions truncatedRestoreOptions(RestoreOptions options) {
        return options.dropExtra();
    }

    @Override
    protected void afterRefusedRestore() {
        assertThat(broker.status("/api/queues/" + vhost + "/after.dump")).isEqualTo(200);
    }

    @Override
    protected List<String> loginRefusedMessage() {
        return List.of("refused the login", "not retried");
    }

    @Override
    protected Duration loginRefusedWithin() {
        return Duration.ofSeconds(2);
    }

    /** Both the AMQP port and the management port are closed. */
    @Override
    protected DatabaseTarget downTarget(int closedPort) {
        return DatabaseTarget.custom("rabbitmq", ServiceKind.RABBITMQ)
                .port(closedPort)
                .password("guest")
                .options(Map.of("managementPort", Integer.toString(closedPort)))
                .connectTimeout(Duration.ofSeconds(2))
                .build();
    }

    /** The dump reports it too, within the same time. */
    @Override
    protected void afterServerDown(DatabaseTarget down) {
        assertThatThrownBy(() -> adapter.dump(down, OutputStream.nullOutputStream()))
                .isInstanceOf(RollbackException.class)
                .hasMessageContaining("not reachable");
    }

    @Override
    protected Duration downWithin() {
        return Duration.ofSeconds(3);
    }

    @Test
    void queueRedeclaredWithOtherArgumentsIsRecreatedAsDumped() throws Exception {
        seed();
        Fingerprint before = adapter.fingerprint(target);
        Path dump = dump();
        redeclare("/api/queues/" + vhost + "/orders.dead", "{\"durable\":true,\"arguments\":{\"x-message-ttl\":5}}");
        // a binding the dump lacks, on the queue that is recreated: it goes with the queue, so it is not reported
        broker.post("/api/bindings/" + vhost + "/e/orders/q/orders.dead", "{\"routing_key\":\"extra.#\"}");

        RestoreResult r = adapter.restore(target, DumpSource.ofFile(dump), RestoreOptions.ofDefaults());

        assertThat(adapter.fingerprint(target)).isEqualTo(before);
        assertThat(r.dropped())
                .containsExactly("queue " + vhost + "/orders.dead (recreated with the dump's properties)");
        assertThat(r.warnings())
                .containsExactly("queue " + vhost + "/orders.dead was recreated with the dump's"
                        + " properties; the messages it held are lost");
    }

    @Test
    void exchangeRedeclaredWithAnotherTypeIsRecreatedWithItsBindings() throws Exception {
        seed();
        Fingerprint before = adapter.fingerprint(target);
        Path dump = dump();
        redeclare("/api/exchanges/" + vhost + "/orders", "{\"type\":\"fanout\",\"durable\":true}");

        RestoreResult r = adapter.restore(target, DumpSource.ofFile(dump), RestoreOptions.ofDefaults());

        assertThat(adapter.fingerprint(target)).isEqualTo(before); // the topic exchange and its binding are back
        assertThat(r.dropped()).containsExactly("exchange " + vhost + "/orders (recreated with the dump's properties)");
        assertThat(r.warnings()).isEmpty(); // an exchange holds no messages
    }

    @Test
    void aMergeKeepsAQueueWithOtherPropertiesAndItsMessagesAndSaysSo() throws Exception {
        seed();
        Path dump = dump();
        redeclare("/api/queues/" + vhost + "/orders.dead", "{\"durable\":true,\"arguments\":{\"x-max-length\":7}}");
        broker.post(
                "/api/exchanges/" + vhost + "/amq.default/publish",
                "{\"properties\":{},\"routing_key\":"
                        + "\"orders.dead\",\"payload\":\"kept\",\"payload_encoding\":\"string\"}");

        RestoreResult r = adapter.restore(
                target,
                DumpSource.ofFile(dump),
                RestoreOptions.ofDefaults().merge().withoutSafetyDump());

        assertThat(r.dropped()).isEmpty();
        assertThat(r.warnings())
                .singleElement()
                .asString()
                .startsWith("kept 1 queue(s) or exchange(s) with properties other than the dump's")
                .contains("queue " + vhost + "/orders.dead");
        assertThat(broker.get("/api/queues/" + vhost + "/orders.dead")).contains("\"x-max-length\":7");
        assertThat(broker.postForBody(
                        "/api/queues/" + vhost + "/orders.dead/get",
                        "{\"count\":1,\"ackmode\":" + "\"ack_requeue_true\",\"encoding\":\"auto\"}"))
                .contains("\"payload\":\"kept\"");
    }

    @Test
    void dropExtraDeletesOnlyWhatTheDumpLacksInsideTheScope() throws Exception {
        seed();
        broker.put("/api/vhosts/" + outside, "{}");
        broker.put("/api/permissions/" + outside + "/guest", ALL);
        broker.put("/api/queues/" + outside + "/untouched", "{\"durable\":true}");
        Fingerprint before = adapter.fingerprint(target);
        Path dump = dump();
        broker.put("/api/queues/" + vhost + "/extra.q", "{\"durable\":true}");
        broker.put("/api/exchanges/" + vhost + "/extra.x", "{\"type\":\"fanout\",\"durable\":true}");
        broker.post("/api/bindings/" + vhost + "/e/orders/q/orders.dead", "{\"routing_key\":\"extra.#\"}");
        // with arguments: its deletion needs the properties_key (a hash) that only the binding listing has
        broker.post(
                "/api/bindings/" + vhost + "/e/orders/q/orders.created",
                "{\"routing_key\":\"order.created.#\"," + "\"arguments\":{\"x-extra\":\"ü 1\"}}");
        broker.put(
                "/api/policies/" + vhost + "/extra-policy",
                "{\"pattern\":\"^extra\",\"definition\":{\"max-length\":5},\"apply-to\":\"queues\"}");
        broker.put("/api/users/" + user + "-extra", "{\"password\":\"x-pw-1\",\"tags\":\"\"}");
        broker.put(
                "/api/permissions/" + vhost + "/" + user + "-extra",
                "{\"configure\":\"\",\"write\":\"\",\"read\":\".*\"}");
        broker.put("/api/vhosts/" + later, "{}");
        Fingerprint outsideBefore = fingerprintOf(outside);

        RestoreResult merged = adapter.restore(target, DumpSource.ofFile(dump), RestoreOptions.ofDefaults());
        assertThat(merged.dropped()).isEmpty();
        assertThat(merged.warnings())
                .singleElement()
                .asString()
                .startsWith("kept 8 object(s) the dump does not have (the definitions import only merges; dropExtra()"
                        + " removes them): ")
                .contains(
                        "queue " + vhost + "/extra.q",
                        "exchange " + vhost + "/extra.x",
                        "user " + user + "-extra",
                        "vhost " + later);
        assertThat(adapter.fingerprint(target)).isNotEqualTo(before);

        RestoreResult r = adapter.restore(
                target, DumpSource.ofFile(dump), RestoreOptions.ofDefaults().dropExtra());

        assertThat(adapter.fingerprint(target)).isEqualTo(before);
        assertThat(r.dropped())
                .containsExactlyInAnyOrder(
                        "queue " + vhost + "/extra.q",
                        "exchange " + vhost + "/extra.x",
                        "binding " + vhost + "/orders->orders.dead (extra.#)",
                        "binding " + vhost + "/orders->orders.created (order.created.#)",
                        "policy " + vhost + "/extra-policy",
                        "permission " + vhost + "/" + user + "-extra",
                        "user " + user + "-extra",
                        "vhost " + later);
        assertThat(fingerprintOf(outside)).isEqualTo(outsideBefore);
        assertThat(Files.readString(dump, StandardCharsets.ISO_8859_1)).doesNotContain(outside);
        assertThat(broker.status("/api/queues/" + outside + "/untouched")).isEqualTo(200);
        assertThat(broker.status("/api/permissions/" + vhost + "/guest")).isEqualTo(200);
    }

    @Test
    void aMergeBringsBackWhatTheDumpHasAndReportsWhatItKept() throws Exception {
        seed();
        Fingerprint before = adapter.fingerprint(target);
        Path dump = dump();
        broker.delete("/api/queues/" + vhost + "/orders.dead");
        broker.put("/api/queues/" + vhost + "/extra.q", "{\"durable\":true}");

        RestoreResult r = adapter.restore(
                target,
                DumpSource.ofFile(dump),
                RestoreOptions.ofDefaults().merge().withoutSafetyDump());

        assertThat(broker.status("/api/queues/" + vhost + "/orders.dead")).isEqualTo(200);
        assertThat(broker.status("/api/queues/" + vhost + "/extra.q")).isEqualTo(200);
        assertThat(r.dropped()).isEmpty();
        assertThat(r.warnings())
                .singleElement()
                .asString()
                .startsWith("kept 1 object(s) the dump does not have")
                .contains("queue " + vhost + "/extra.q");
        broker.delete("/api/queues/" + vhost + "/extra.q");
        assertThat(adapter.fingerprint(target)).isEqualTo(before);
    }

    private Fingerprint fingerprintOf(String vh) {
        return adapter.fingerprint(target.withScope(List.of(vh))).only(vh + "/");
    }

    private Path dump() throws Exception {
        Path dump = dir.resolve("rabbitmq-" + UUID.randomUUID() + ".rbkarch");
        try (OutputStream out = Files.newOutputStream(dump)) {
            adapter.dump(target, out);
        }
        return dump;
    }

    /** Deletes a queue or exchange and declares it again with other properties. */
    private void redeclare(String path, String json) {
        broker.delete(path);
        broker.put(path, json);
    }

    /** A vhost with a topic exchange, two queues, a binding, a policy, and a user with permissions. */
    @Override
    protected void seed() {
        broker.put("/api/vhosts/" + vhost, "{\"description\":\"rollback IT\"}");
        broker.put("/api/permissions/" + vhost + "/guest", ALL);
        broker.put("/api/exchanges/" + vhost + "/orders", "{\"type\":\"topic\",\"durable\":true}");
        broker.put(
                "/api/queues/" + vhost + "/orders.created", "{\"durable\":true,\"arguments\":{\"x-max-length\":1000}}");
        broker.put("/api/queues/" + vhost + "/orders.dead", "{\"durable\":true}");
        broker.post(
                "/api/bindings/" + vhost + "/e/orders/q/orders.created",
                "{\"routing_key\":\"order.created.#\",\"arguments\":{}}");
        broker.put(
                "/api/policies/" + vhost + "/ttl",
                "{\"pattern\":\"^orders\\\\.\",\"definition\":"
                        + "{\"message-ttl\":60000},\"apply-to\":\"queues\",\"priority\":1}");
        broker.put("/api/users/" + user, "{\"password\":\"s3cret-app-pw\",\"tags\":\"\"}");
        broker.put(
                "/api/permissions/" + vhost + "/" + user,
                "{\"configure\":\"^orders\",\"write\":\".*\"," + "\"read\":\".*\"}");
    }
}
