package dev.rollback.databases.backup;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rollback.backup.BackupManifest;
import dev.rollback.backup.BackupSet;
import dev.rollback.databases.spi.DatabaseAdapter;
import dev.rollback.databases.spi.DatabaseAdapters;
import dev.rollback.databases.spi.DatabaseTarget;
import dev.rollback.databases.spi.Fingerprint;
import dev.rollback.databases.support.TestBroker;
import dev.rollback.env.Environment;
import dev.rollback.env.ServiceKind;
import dev.rollback.plan.Step;
import dev.rollback.plan.StepContext;
import dev.rollback.spi.BackupContext;
import dev.rollback.spi.ContainerRuntime;
import dev.rollback.spi.ContainerRuntimes;
import dev.rollback.spi.DrillOutcome;
import dev.rollback.testing.Component;
import dev.rollback.testing.HostServices;
import dev.rollback.testing.RequiresDocker;
import dev.rollback.testing.RequiresRabbitmq;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The local target against the host's RabbitMQ, scoped to this test's own vhost. This host has no way to run a
 * second broker of its own, so the drill falls back to a scratch container of the compose file's image; the
 * restore step puts deleted definitions back into the host broker.
 */
@RequiresRabbitmq
@RequiresDocker
class LocalRabbitMqBackupIT {
    private static final DatabaseAdapter RABBIT = DatabaseAdapters.require(ServiceKind.RABBITMQ);
    private static final String ALL = "{\"configure\":\".*\",\"write\":\".*\",\"read\":\".*\"}";
    private final String vhost = "rb-bk-" + UUID.randomUUID().toString().substring(0, 8);
    private final String user = vhost + "-app";
    private final DatabaseBackupContributor contributor =
            new DatabaseBackupContributor().withScopes(Map.of("rabbitmq", List.of(vhost)));
    private final TestBroker broker = new TestBroker();
    private Environment env;
    private ContainerRuntime rt;
    private BackupContext ctx;
    private DatabaseTarget live;

    @TempDir
    Path tmp;

    @BeforeEach
    void seed() {
        InetSocketAddress a = HostServices.address(Component.RABBITMQ);
        String[] login = URI.create(HostServices.rabbitmqUrl()).getUserInfo().split(":", 2);
        env = LocalProject.create(
                tmp.resolve("project"),
                """
              rabbitmq:
                image: local/rabbitmq:3.10-management
                environment:
                  RABBITMQ_DEFAULT_USER: %s
                  RABBITMQ_DEFAULT_PASS: %s
            """.formatted(login[0], login[1]),
                Map.of("rabbitmq", a.getHostString() + ":" + a.getPort()));
        rt = ContainerRuntimes.connect(env, Duration.ofSeconds(5)).orElseThrow();
        ctx = new BackupContext(env, Optional.of(rt), Optional.empty(), Optional.empty(), List.of("rabbitmq"));
        live = LocalProject.liveTarget(ctx, "rabbitmq", List.of(vhost));
        broker.put("/api/vhosts/" + vhost, "{}");
        broker.put("/api/users/" + user, "{\"password\":\"s3cret-app-pw\",\"tags\":\"\"}");
        broker.put("/api/permissions/" + vhost + "/" + user, ALL);
        broker.put("/api/permissions/" + vhost + "/" + login[0], ALL);
        broker.put("/api/exchanges/" + vhost + "/orders", "{\"type\":\"topic\",\"durable\":true}");
        broker.put(
                "/api/queues/" + vhost + "/orders.created", "{\"durable\":true,\"arguments\":{\"x-max-length\":1000}}");
        broker.put("/api/queues/" + vhost + "/orders.audit", "{\"durable\":true}");
        broker.post("/api/bindings/" + vhost + "/e/orders/q/orders.created", "{\"routing_key\":\"order.*\"}");
        broker.put(
                "/api/policies/" + vhost + "/ttl",
                "{\"pattern\":\"^orders\\\\.\",\"definition\":{\"message-ttl\":" + "60000},\"apply-to\":\"queues\"}");
    }

    @AfterEach
    void deleteOwnObjects() {
        broker.delete("/api/vhosts/" + vhost);
        broker.delete("/api/users/" + user);
        rt.close();
    }

    @Test
    void drillRunsInAScratchContainerOfTheComposeImageAndTheRestoreStepPutsDefinitionsBack() {
        Fingerprint before = RABBIT.fingerprint(live);
        BackupSet set = DumpSets.write(tmp.resolve("backups"), "s1", contributor.sources(ctx));
        BackupManifest.Artifact a = DumpSets.artifact(set, "rabbitmq");
        assertThat(a.fingerprint())
                .containsEntry("format", "rollback-rabbitmq-v1")
                .containsEntry(
                        "fingerprint." + vhost + "/queues",
                        before.parts().get(vhost + "/queues").toString());

        long start = System.nanoTime();
        DrillOutcome o = contributor.drill(ctx, DumpSets.info(a), DumpSets.content(set, a));
        System.out.printf(
                "[figure] local-target rabbitmq drill (docker scratch): %.2f s (%s)%n",
                (System.nanoTime() - start) / 1e9, o.detail());

        assertThat(o.passed()).as(o.detail()).isTrue();
        assertThat(o.detail()).contains("scratch container rollback-scratch-").contains("local/rabbitmq");
        assertThat(RABBIT.fingerprint(live)).isEqualTo(before);

        broker.delete("/api/queues/" + vhost + "/orders.audit");
        broker.delete("/api/policies/" + vhost + "/ttl");
        broker.put("/api/queues/" + vhost + "/since.backup", "{\"durable\":true}");
        Step step = contributor
                .restoreStep(ctx, DumpSets.info(a), DumpSets.content(set, a))
                .orElseThrow();
        StepContext sc = DumpSets.stepContext(env, tmp.resolve("run"), Map.of());
        assertThat(step.preflight(sc)).isEmpty();
        step.execute(sc);

        assertThat(RABBIT.fingerprint(live)).isEqualTo(before);
    }
}
